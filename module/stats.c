// SPDX-License-Identifier: GPL-2.0
/*
 * stats.c - per-CPU counters.
 *
 * Notes on locking
 * ----------------
 * - Each CPU's counters are written only by handlers running on that CPU
 *   with preemption disabled; an attempt's increments sit inside that
 *   CPU's sequence count (vmm_stats_begin/end).  Nothing else ever writes
 *   them, not even `reset`: zeroing them under a running handler would tear
 *   an attempt in two and could leave the sequence count odd for good.
 * - vmm_base_lock, a mutex, taken in process context only (readers of
 *   `stats` and `metrics`, and `reset`, which holds the module parameter
 *   lock outside it), protects vmm_base (the counts at the last reset,
 *   which readers subtract) and vmm_raw (the scratch sum both use).
 * - A reader copies each CPU's counters between two of its updates,
 *   retrying a CPU whose count moved: a few times at once, then sleeping
 *   between tries (the updating CPU may itself be a preempted vCPU), for at
 *   most VMM_SEQ_WAIT_MS.  An update lasts a few increments, so running out
 *   means something is wrong, and the read fails with -EBUSY instead of
 *   spinning.  u64 loads and stores are single instructions on
 *   x86-64, so a counter is never torn.
 * - Single counters (vmm_stat_sum, per-probe hits and losses) are summed
 *   without the mutex; such a sum is exact only when nothing moves.
 */
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include "stats.h"

#define VMM_SEQ_SPINS 16
#define VMM_SEQ_WAIT_MS 1000

struct vmm_pcpu __percpu *vmm_pcpu;
static DEFINE_MUTEX(vmm_base_lock);
static struct vmm_counts vmm_base, vmm_raw;

/**
 * vmm_stats_init() - allocate the per-CPU counters, zeroed
 *
 * Return: 0 or -ENOMEM.
 */
int vmm_stats_init(void)
{
	memset(&vmm_base, 0, sizeof(vmm_base));
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

/* CPU @cpu's stat counters, copied between two of its updates. */
static int vmm_cpu_stats(int cpu, u64 *one)
{
	struct vmm_pcpu *p = per_cpu_ptr(vmm_pcpu, cpu);
	unsigned long deadline = jiffies + msecs_to_jiffies(VMM_SEQ_WAIT_MS);
	unsigned int i, seq, tries;

	for (tries = 0; tries < VMM_SEQ_SPINS || time_before(jiffies, deadline);
	     tries++) {
		if (tries >= VMM_SEQ_SPINS)
			usleep_range(50, 100);
		else if (tries)
			cpu_relax();
		seq = READ_ONCE(p->seq);
		if (seq & 1)
			continue;
		smp_rmb();	/* seq before the counters */
		for (i = 0; i < VMM_NR_STATS; i++)
			one[i] = READ_ONCE(p->c.stat[i]);
		smp_rmb();	/* the counters before seq again */
		if (READ_ONCE(p->seq) == seq)
			return 0;
	}
	return -EBUSY;
}

/* vmm_raw = every counter summed over CPUs.  Called under vmm_base_lock. */
static int vmm_counts_raw(void)
{
	u64 one[VMM_NR_STATS];
	unsigned int i;
	int cpu, err;

	lockdep_assert_held(&vmm_base_lock);
	memset(&vmm_raw, 0, sizeof(vmm_raw));
	for_each_possible_cpu(cpu) {
		struct vmm_pcpu *p = per_cpu_ptr(vmm_pcpu, cpu);

		err = vmm_cpu_stats(cpu, one);
		if (err)
			return err;
		for (i = 0; i < VMM_NR_STATS; i++)
			vmm_raw.stat[i] += one[i];
		for (i = 0; i < VMM_MAX_PROBES; i++) {
			vmm_raw.hits[i] += READ_ONCE(p->c.hits[i]);
			vmm_raw.lost[i] += READ_ONCE(p->c.lost[i]);
		}
		for (i = 0; i < VMM_NR_NEXT_LOOKUPS; i++)
			vmm_raw.next[i] += READ_ONCE(p->c.next[i]);
	}
	return 0;
}

/**
 * vmm_stats_reset() - make every counter read as zero from now on
 *
 * Records the current counts as the baseline readers subtract; handlers
 * running meanwhile are not disturbed, and each CPU's counts are taken
 * between two of its updates, so the books still balance afterwards.
 *
 * Return: 0, or -EBUSY (nothing changed) if a CPU never settled.
 */
int vmm_stats_reset(void)
{
	int err;

	mutex_lock(&vmm_base_lock);
	err = vmm_counts_raw();
	if (!err)
		vmm_base = vmm_raw;
	mutex_unlock(&vmm_base_lock);
	return err;
}

/**
 * vmm_stats_snapshot() - every counter since the last reset, summed over
 * CPUs, each CPU taken between two updates
 * @sum: VMM_NR_STATS counters to fill
 *
 * Return: 0, or -EBUSY if a CPU never settled.
 */
int vmm_stats_snapshot(u64 *sum)
{
	unsigned int i;
	int err;

	mutex_lock(&vmm_base_lock);
	err = vmm_counts_raw();
	for (i = 0; !err && i < VMM_NR_STATS; i++)
		sum[i] = vmm_raw.stat[i] - vmm_base.stat[i];
	mutex_unlock(&vmm_base_lock);
	return err;
}

/* The u64 at @off in every CPU's counts, summed, less its baseline. */
static u64 vmm_pcpu_sum(size_t off)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += READ_ONCE(*(u64 *)((char *)&per_cpu_ptr(vmm_pcpu, cpu)->c + off));
	return sum - READ_ONCE(*(u64 *)((char *)&vmm_base + off));
}

/**
 * vmm_stat_sum() - one counter summed over all CPUs
 * @s: the counter
 *
 * Return: the sum.
 */
u64 vmm_stat_sum(enum vmm_stat s)
{
	return vmm_pcpu_sum(offsetof(struct vmm_counts, stat[s]));
}

/**
 * vmm_hits_sum() - one probe's hits summed over all CPUs
 * @probe_idx: the probe's index in the probe table
 *
 * Return: the sum.
 */
u64 vmm_hits_sum(unsigned int probe_idx)
{
	return vmm_pcpu_sum(offsetof(struct vmm_counts, hits[probe_idx]));
}

/**
 * vmm_lost_sum() - calls of one probe that could not be classified
 * @probe_idx: the probe's index in the probe table
 *
 * Return: the sum over all CPUs.
 */
u64 vmm_lost_sum(unsigned int probe_idx)
{
	return vmm_pcpu_sum(offsetof(struct vmm_counts, lost[probe_idx]));
}

/**
 * vmm_next_lookup_sum() - vma_modify's next VMAs found one way
 * @how: in the caller's iterator's leaf, or by a lookup in the tree
 *
 * Return: the sum over all CPUs.
 */
u64 vmm_next_lookup_sum(enum vmm_next_lookup how)
{
	return vmm_pcpu_sum(offsetof(struct vmm_counts, next[how]));
}
