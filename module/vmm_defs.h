/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmm_defs.h - the vocabulary of vmamerge: results, per-side reasons,
 * callers and the stats they feed, as X-macro lists so that enums and the
 * names printed in debugfs (INTERFACE.md) come from one place.
 *
 * Pure: no kernel header, shared by the module and the host unit tests.
 */
#ifndef VMM_DEFS_H
#define VMM_DEFS_H

#include "vmm_types.h"

#define VMM_RESULTS(X) X(none) X(prev) X(next) X(both) X(error)

/* Per-side reasons, in the order the first that applies is chosen. */
#define VMM_REASONS(X)							\
	X(absent) X(not_adjacent) X(special) X(flags) X(file) X(close)	\
	X(uffd) X(anon_name) X(policy) X(pgoff) X(anon_vma)		\
	X(anon_vma_chain) X(ok)

#define VMM_CALLERS(X)							\
	X(mmap) X(brk) X(mremap) X(mprotect) X(madvise) X(mlock)	\
	X(mbind) X(userfaultfd) X(prctl) X(other)

#define VMM_MISSED(X) X(pgoff_only) X(anon_vma_unshared) X(anon_vma_shared)

#define VMM_ENUM_RESULT(n) VMM_RESULT_##n,
enum vmm_result { VMM_RESULTS(VMM_ENUM_RESULT) VMM_NR_RESULTS };

#define VMM_ENUM_REASON(n) VMM_REASON_##n,
enum vmm_reason { VMM_REASONS(VMM_ENUM_REASON) VMM_NR_REASONS };

#define VMM_ENUM_CALLER(n) VMM_CALLER_##n,
enum vmm_caller { VMM_CALLERS(VMM_ENUM_CALLER) VMM_NR_CALLERS };

#define VMM_ENUM_MISSED(n) VMM_MISSED_##n,
enum vmm_missed { VMM_MISSED(VMM_ENUM_MISSED) VMM_NR_MISSED };

/*
 * Every counter of the `stats` file, in the order it prints.  The per-side
 * and per-caller blocks are contiguous, so VMM_ST_PREV_REASON + reason
 * indexes them.
 */
#define VMM_ENUM_ST_RESULT(n) VMM_ST_RESULT_##n,
#define VMM_ENUM_ST_PREV(n) VMM_ST_PREV_##n,
#define VMM_ENUM_ST_NEXT(n) VMM_ST_NEXT_##n,
#define VMM_ENUM_ST_MISSED(n) VMM_ST_MISSED_##n,
#define VMM_ENUM_ST_CALLER(n) VMM_ST_CALLER_##n,
enum vmm_stat {
	VMM_ST_ATTEMPTS,
	VMM_RESULTS(VMM_ENUM_ST_RESULT)
	VMM_REASONS(VMM_ENUM_ST_PREV)
	VMM_REASONS(VMM_ENUM_ST_NEXT)
	VMM_ST_BOTH_ANON_VMA_CONFLICT,
	VMM_MISSED(VMM_ENUM_ST_MISSED)
	VMM_CALLERS(VMM_ENUM_ST_CALLER)
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

#define VMM_ST_RESULT(r) (VMM_ST_RESULT_none + (r))
#define VMM_ST_CALLER(c) (VMM_ST_CALLER_mmap + (c))

extern const char *const vmm_stat_names[VMM_NR_STATS];
extern const char *const vmm_result_names[VMM_NR_RESULTS];

#endif /* VMM_DEFS_H */
