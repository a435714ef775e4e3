/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stats.h - per-CPU counters: the `stats` file and per-probe hits.
 *
 * Handlers only ever increment their own CPU's copy (this_cpu_inc, or plain
 * increments through the pointer vmm_stats_begin() returns; no lock, no
 * atomic); readers sum over CPUs.  The increments of one attempt are
 * bracketed by vmm_stats_begin()/vmm_stats_end(), a per-CPU sequence count,
 * so that a reader sees each CPU's counters between attempts, never
 * halfway through one: merge.attempts always equals the sum of the results.
 * Nothing but the handlers ever writes them: `reset` records a baseline
 * that readers subtract (stats.c).
 */
#ifndef VMM_STATS_H
#define VMM_STATS_H

#include <linux/percpu.h>
#include "vmm_defs.h"

#define VMM_MAX_PROBES 16

/* How a vma_modify's next VMA was found (probe_vmg.c): status's next_lookups. */
enum vmm_next_lookup { VMM_NEXT_LEAF, VMM_NEXT_TREE, VMM_NR_NEXT_LOOKUPS };

struct vmm_counts {
	u64 stat[VMM_NR_STATS];
	u64 hits[VMM_MAX_PROBES];
	u64 lost[VMM_MAX_PROBES];	/* calls seen but not classifiable */
	u64 next[VMM_NR_NEXT_LOOKUPS];
};

struct vmm_pcpu {
	unsigned int seq;	/* odd while this CPU is inside an update */
	struct vmm_counts c;
};

extern struct vmm_pcpu __percpu *vmm_pcpu;

static inline void vmm_stat_inc(enum vmm_stat s)
{
	this_cpu_inc(vmm_pcpu->c.stat[s]);
}

/*
 * Handlers run with preemption disabled, never in interrupt context, and do
 * not nest on one CPU: between vmm_stats_begin() and vmm_stats_end() the
 * handler is its CPU's only writer of the counters, so it may increment
 * them through the pointer vmm_stats_begin() returns, plain increments
 * without a per-CPU address computation each.
 */
static inline struct vmm_pcpu *vmm_stats_begin(void)
{
	struct vmm_pcpu *pc = this_cpu_ptr(vmm_pcpu);

	WRITE_ONCE(pc->seq, pc->seq + 1);
	smp_wmb();	/* seq odd before the counters move */
	return pc;
}

static inline void vmm_stats_end(struct vmm_pcpu *pc)
{
	smp_wmb();	/* the counters before seq even again */
	WRITE_ONCE(pc->seq, pc->seq + 1);
}

static inline void vmm_hit(unsigned int probe_idx)
{
	this_cpu_inc(vmm_pcpu->c.hits[probe_idx]);
}

static inline void vmm_lost(unsigned int probe_idx)
{
	this_cpu_inc(vmm_pcpu->c.lost[probe_idx]);
}

static inline void vmm_next_lookup(enum vmm_next_lookup how)
{
	this_cpu_inc(vmm_pcpu->c.next[how]);
}

int vmm_stats_init(void);
void vmm_stats_exit(void);
int vmm_stats_reset(void);
u64 vmm_stat_sum(enum vmm_stat s);
int vmm_stats_snapshot(u64 *sum);
u64 vmm_hits_sum(unsigned int probe_idx);
u64 vmm_lost_sum(unsigned int probe_idx);
u64 vmm_next_lookup_sum(enum vmm_next_lookup how);

#endif /* VMM_STATS_H */
