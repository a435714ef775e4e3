/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmm_defs.h - the vocabulary of vmamerge: results, per-side reasons,
 * callers and the stats they feed.  The names printed for them are in
 * names.c, bound to these enums by designated initializers.
 *
 * Pure: no kernel header, shared by the module and the host unit tests.
 */
#ifndef VMM_DEFS_H
#define VMM_DEFS_H

#include "vmm_types.h"

enum vmm_result {
	VMM_RESULT_none,
	VMM_RESULT_prev,
	VMM_RESULT_next,
	VMM_RESULT_both,
	VMM_RESULT_error,
	VMM_NR_RESULTS
};

/* Per-side reasons, in the order the first that applies is chosen. */
enum vmm_reason {
	VMM_REASON_absent,
	VMM_REASON_not_adjacent,
	VMM_REASON_special,
	VMM_REASON_flags,
	VMM_REASON_file,
	VMM_REASON_close,
	VMM_REASON_uffd,
	VMM_REASON_anon_name,
	VMM_REASON_policy,
	VMM_REASON_pgoff,
	VMM_REASON_anon_vma,
	VMM_REASON_anon_vma_chain,
	VMM_REASON_ok,
	VMM_NR_REASONS
};

enum vmm_caller {
	VMM_CALLER_mmap,
	VMM_CALLER_brk,
	VMM_CALLER_mremap,
	VMM_CALLER_mprotect,
	VMM_CALLER_madvise,
	VMM_CALLER_mlock,
	VMM_CALLER_mbind,
	VMM_CALLER_userfaultfd,
	VMM_CALLER_prctl,
	VMM_CALLER_other,
	VMM_NR_CALLERS
};

enum vmm_missed {
	VMM_MISSED_pgoff_only,
	VMM_MISSED_anon_vma_unshared,
	VMM_MISSED_anon_vma_shared,
	VMM_NR_MISSED
};

/*
 * Every counter of the `stats` file, in the order it prints.  The result,
 * per-side, missed and caller blocks follow their enums' order, so that
 * VMM_ST_PREV_absent + reason indexes them (checked below).
 */
enum vmm_stat {
	VMM_ST_ATTEMPTS,
	VMM_ST_RESULT_none,
	VMM_ST_RESULT_prev,
	VMM_ST_RESULT_next,
	VMM_ST_RESULT_both,
	VMM_ST_RESULT_error,
	VMM_ST_PREV_absent,
	VMM_ST_PREV_not_adjacent,
	VMM_ST_PREV_special,
	VMM_ST_PREV_flags,
	VMM_ST_PREV_file,
	VMM_ST_PREV_close,
	VMM_ST_PREV_uffd,
	VMM_ST_PREV_anon_name,
	VMM_ST_PREV_policy,
	VMM_ST_PREV_pgoff,
	VMM_ST_PREV_anon_vma,
	VMM_ST_PREV_anon_vma_chain,
	VMM_ST_PREV_ok,
	VMM_ST_NEXT_absent,
	VMM_ST_NEXT_not_adjacent,
	VMM_ST_NEXT_special,
	VMM_ST_NEXT_flags,
	VMM_ST_NEXT_file,
	VMM_ST_NEXT_close,
	VMM_ST_NEXT_uffd,
	VMM_ST_NEXT_anon_name,
	VMM_ST_NEXT_policy,
	VMM_ST_NEXT_pgoff,
	VMM_ST_NEXT_anon_vma,
	VMM_ST_NEXT_anon_vma_chain,
	VMM_ST_NEXT_ok,
	VMM_ST_BOTH_ANON_VMA_CONFLICT,
	VMM_ST_MISSED_pgoff_only,
	VMM_ST_MISSED_anon_vma_unshared,
	VMM_ST_MISSED_anon_vma_shared,
	VMM_ST_CALLER_mmap,
	VMM_ST_CALLER_brk,
	VMM_ST_CALLER_mremap,
	VMM_ST_CALLER_mprotect,
	VMM_ST_CALLER_madvise,
	VMM_ST_CALLER_mlock,
	VMM_ST_CALLER_mbind,
	VMM_ST_CALLER_userfaultfd,
	VMM_ST_CALLER_prctl,
	VMM_ST_CALLER_other,
	VMM_ST_MODEL_MISMATCH,
	VMM_ST_COPY_CALLS,
	VMM_ST_COPY_MERGED,
	VMM_ST_COPY_NEW,
	VMM_ST_COPY_ANON_UNFAULTED,
	VMM_ST_COPY_ANON_FAULTED,
	VMM_ST_COPY_FILE,
	VMM_ST_COPY_PGOFF_UPDATED,
	VMM_ST_COPY_PGOFF_KEPT,
	VMM_ST_EVENTS_LOGGED,
	VMM_ST_EVENTS_DROPPED,
	VMM_NR_STATS
};

_Static_assert(VMM_ST_RESULT_error - VMM_ST_RESULT_none == VMM_RESULT_error,
	       "result stats follow enum vmm_result");
_Static_assert(VMM_ST_PREV_ok - VMM_ST_PREV_absent == VMM_REASON_ok,
	       "prev stats follow enum vmm_reason");
_Static_assert(VMM_ST_NEXT_ok - VMM_ST_NEXT_absent == VMM_REASON_ok,
	       "next stats follow enum vmm_reason");
_Static_assert(VMM_ST_MISSED_anon_vma_shared - VMM_ST_MISSED_pgoff_only ==
	       VMM_MISSED_anon_vma_shared, "missed stats follow enum vmm_missed");
_Static_assert(VMM_ST_CALLER_other - VMM_ST_CALLER_mmap == VMM_CALLER_other,
	       "caller stats follow enum vmm_caller");

#define VMM_ST_RESULT(r) (VMM_ST_RESULT_none + (r))
#define VMM_ST_PREV(r) (VMM_ST_PREV_absent + (r))
#define VMM_ST_NEXT(r) (VMM_ST_NEXT_absent + (r))
#define VMM_ST_MISSED(m) (VMM_ST_MISSED_pgoff_only + (m))
#define VMM_ST_CALLER(c) (VMM_ST_CALLER_mmap + (c))

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

#endif /* VMM_DEFS_H */
