/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmm_defs.h - the vocabulary of vmamerge: results, per-side reasons,
 * callers, counterfactuals, copy_vma outcomes and the stats they feed,
 * each vocabulary one list that everything else is generated from.
 *
 * Pure: no kernel header, shared by the module and the host unit tests.
 */
#ifndef VMM_DEFS_H
#define VMM_DEFS_H

#include "vmm_types.h"

#include "vmm_vocab.h"

enum vmm_result { VMM_RESULTS(VMM_E_RESULT, VMM_E_RESULT) VMM_NR_RESULTS };
enum vmm_reason { VMM_REASONS(VMM_E_REASON, VMM_E_REASON) VMM_NR_REASONS };
enum vmm_caller { VMM_CALLERS(VMM_E_CALLER, VMM_E_CALLER) VMM_NR_CALLERS };
enum vmm_missed { VMM_MISSES(VMM_E_MISSED, VMM_E_MISSED) VMM_NR_MISSED };
/* The trace's missed field: none, else 1 + the enum vmm_missed that applies. */
enum vmm_trace_missed {
	VMM_TRACE_MISSED_none,
	VMM_MISSES(VMM_E_TRACE_MISSED, VMM_E_TRACE_MISSED)
};
enum vmm_copy_result {
	VMM_COPY_RESULTS(VMM_E_COPY_RESULT, VMM_E_COPY_RESULT)
	VMM_NR_COPY_RESULTS
};
enum vmm_copy_anon {
	VMM_COPY_ANONS(VMM_E_COPY_ANON, VMM_E_COPY_ANON) VMM_NR_COPY_ANONS
};
enum vmm_copy_pgoff {
	VMM_COPY_PGOFFS(VMM_E_COPY_PGOFF, VMM_E_COPY_PGOFF) VMM_NR_COPY_PGOFFS
};

/* Every counter of the `stats` file, in the order it prints. */
enum vmm_stat {
	VMM_ST_ATTEMPTS,
	VMM_ST_BASE(VMM_ST_RESULT_0)
	VMM_RESULTS(VMM_E_ST_RESULT, VMM_E_ST_RESULT)
	VMM_ST_BASE(VMM_ST_PREV_0)
	VMM_REASONS(VMM_E_ST_PREV, VMM_E_ST_PREV)
	VMM_ST_BASE(VMM_ST_NEXT_0)
	VMM_REASONS(VMM_E_ST_NEXT, VMM_E_ST_NEXT)
	VMM_ST_BOTH_ANON_VMA_CONFLICT,
	VMM_ST_BASE(VMM_ST_MISSED_0)
	VMM_MISSES(VMM_E_ST_MISSED, VMM_E_ST_MISSED)
	VMM_ST_BASE(VMM_ST_CALLER_0)
	VMM_CALLERS(VMM_E_ST_CALLER, VMM_E_ST_CALLER)
	VMM_ST_MODEL_MISMATCH,
	VMM_ST_COPY_CALLS,
	VMM_ST_BASE(VMM_ST_COPY_RESULT_0)
	VMM_COPY_RESULTS(VMM_E_ST_COPY, VMM_E_ST_COPY)
	VMM_ST_BASE(VMM_ST_COPY_ANON_0)
	VMM_COPY_ANONS(VMM_E_ST_COPY, VMM_E_ST_COPY)
	VMM_ST_BASE(VMM_ST_COPY_PGOFF_0)
	VMM_COPY_PGOFFS(VMM_E_ST_COPY, VMM_E_ST_COPY)
	VMM_ST_EVENTS_LOGGED,
	VMM_ST_EVENTS_DROPPED,
	VMM_NR_STATS
};

#define VMM_ST_RESULT(r) (VMM_ST_RESULT_0 + (r))
#define VMM_ST_PREV(r) (VMM_ST_PREV_0 + (r))
#define VMM_ST_NEXT(r) (VMM_ST_NEXT_0 + (r))
#define VMM_ST_MISSED(m) (VMM_ST_MISSED_0 + (m))
#define VMM_ST_CALLER(c) (VMM_ST_CALLER_0 + (c))
#define VMM_ST_COPY_RESULT(r) (VMM_ST_COPY_RESULT_0 + (r))
#define VMM_ST_COPY_ANON(a) (VMM_ST_COPY_ANON_0 + (a))
#define VMM_ST_COPY_PGOFF(p) (VMM_ST_COPY_PGOFF_0 + (p))

/*
 * One row of the `metrics` file's table: stats first..first+n-1 as the
 * samples of counter vmamerge_<name>_total, each labelled label="values[i]"
 * (no label if values is NULL), after the fixed labels in fixed (a label
 * list ending in a comma, or "").  Rows of one family are adjacent; the
 * first carries its help text.
 */
struct vmm_metric {
	const char *name, *help, *fixed, *label;
	const char *const *values;
	unsigned int first, n;
};

extern const struct vmm_metric vmm_metrics[];
extern const unsigned int vmm_nr_metrics;
extern const char *const vmm_stat_names[VMM_NR_STATS];
extern const char *const vmm_result_names[VMM_NR_RESULTS];
extern const char *const vmm_reason_names[VMM_NR_REASONS];
extern const char *const vmm_caller_names[VMM_NR_CALLERS];
extern const char *const vmm_missed_names[VMM_NR_MISSED];
extern const char *const vmm_copy_result_names[VMM_NR_COPY_RESULTS];
extern const char *const vmm_copy_anon_names[VMM_NR_COPY_ANONS];
extern const char *const vmm_copy_pgoff_names[VMM_NR_COPY_PGOFFS];

#endif /* VMM_DEFS_H */
