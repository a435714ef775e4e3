// SPDX-License-Identifier: GPL-2.0
/*
 * stats.c - per-CPU counters.
 *
 * Notes on locking: none.  Each CPU's counters are written only by handlers
 * running on that CPU with preemption disabled; an attempt's increments sit
 * inside a per-CPU sequence count, and vmm_stats_snapshot() retries a CPU
 * whose count moved while it copied (u64 stores are single instructions on
 * x86-64, so a counter is never torn).  reset zeroes every CPU's
 * copy while handlers may still run: an attempt in flight then may land half
 * before and half after the reset.  Writes to `reset` are serialised by the
 * module parameter lock.
 */
#include <linux/stddef.h>
#include <linux/string.h>
#include "stats.h"

struct vmm_pcpu __percpu *vmm_pcpu;

/**
 * vmm_stats_init() - allocate the per-CPU counters, zeroed
 *
 * Return: 0 or -ENOMEM.
 */
int vmm_stats_init(void)
{
	vmm_pcpu = alloc_percpu(struct vmm_pcpu);
	return vmm_pcpu ? 0 : -ENOMEM;
}

/**
 * vmm_stats_exit() - free the per-CPU counters
 */
void vmm_stats_exit(void)
{
	free_percpu(vmm_pcpu);
	vmm_pcpu = NULL;
}

/**
 * vmm_stats_reset() - zero every counter on every CPU
 */
void vmm_stats_reset(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		memset(per_cpu_ptr(vmm_pcpu, cpu), 0, sizeof(struct vmm_pcpu));
}

/**
 * vmm_stats_snapshot() - every counter summed over CPUs, each CPU taken
 * between two updates
 * @sum: VMM_NR_STATS counters to fill
 */
void vmm_stats_snapshot(u64 *sum)
{
	unsigned int i, seq;
	int cpu;

	memset(sum, 0, VMM_NR_STATS * sizeof(*sum));
	for_each_possible_cpu(cpu) {
		struct vmm_pcpu *p = per_cpu_ptr(vmm_pcpu, cpu);
		u64 one[VMM_NR_STATS];

		do {
			seq = READ_ONCE(p->seq);
			smp_rmb();	/* seq before the counters */
			for (i = 0; i < VMM_NR_STATS; i++)
				one[i] = READ_ONCE(p->stat[i]);
			smp_rmb();	/* the counters before seq again */
		} while ((seq & 1) || READ_ONCE(p->seq) != seq);
		for (i = 0; i < VMM_NR_STATS; i++)
			sum[i] += one[i];
	}
}

/* The u64 at @off in every CPU's struct vmm_pcpu, summed. */
static u64 vmm_pcpu_sum(size_t off)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += READ_ONCE(*(u64 *)((char *)per_cpu_ptr(vmm_pcpu, cpu) + off));
	return sum;
}

/**
 * vmm_stat_sum() - one counter summed over all CPUs
 * @s: the counter
 *
 * Return: the sum.
 */
u64 vmm_stat_sum(enum vmm_stat s)
{
	return vmm_pcpu_sum(offsetof(struct vmm_pcpu, stat[s]));
}

/**
 * vmm_hits_sum() - one probe's hits summed over all CPUs
 * @probe_idx: the probe's index in the probe table
 *
 * Return: the sum.
 */
u64 vmm_hits_sum(unsigned int probe_idx)
{
	return vmm_pcpu_sum(offsetof(struct vmm_pcpu, hits[probe_idx]));
}

/**
 * vmm_lost_sum() - calls of one probe that could not be classified
 * @probe_idx: the probe's index in the probe table
 *
 * Return: the sum over all CPUs.
 */
u64 vmm_lost_sum(unsigned int probe_idx)
{
	return vmm_pcpu_sum(offsetof(struct vmm_pcpu, lost[probe_idx]));
}
