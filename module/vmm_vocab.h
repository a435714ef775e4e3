/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmm_vocab.h - vmamerge's vocabularies as lists, and the expanders that
 * make enums, names, stats and trace symbols of them (vmm_defs.h, names.c,
 * vmm_trace.h use them).  Pure: no kernel header.
 *
 * checkpatch reads X-macro lists and their expanders as macros that
 * should be parenthesised, or whose arguments go unused; like the
 * kernel's own trace headers' EM()/EMe() lists, they cannot be.  So this
 * file alone is checked without those rules (scripts/check.sh); every
 * other file of the module is checked with all of them.
 */
#ifndef VMM_VOCAB_H
#define VMM_VOCAB_H

/*
 * The vocabularies, one list each, in the order they are printed and
 * counted: X(name) for every entry but the last, L(name) for the last (the
 * trace's symbol tables take no trailing comma).  Everything else is
 * generated from these lists: the enums below, the stats and their names
 * (names.c), the metrics' label values, the trace events' TRACE_DEFINE_ENUM
 * lines and symbol tables (vmm_trace.h) and the events lines (events.c).
 * Adding a reason is one entry here, plus the classifier that chooses it.
 */
#define VMM_RESULTS(X, L) X(none) X(prev) X(next) X(both) L(error)

/* Per-side reasons, in the order the first that applies is chosen. */
#define VMM_REASONS(X, L)						\
	X(absent) X(not_adjacent) X(special) X(flags) X(file) X(close)	\
	X(uffd) X(anon_name) X(policy) X(pgoff) X(anon_vma)		\
	X(anon_vma_chain) L(ok)

#define VMM_CALLERS(X, L)						\
	X(mmap) X(brk) X(mremap) X(mprotect) X(madvise) X(mlock)	\
	X(mbind) X(userfaultfd) X(prctl) L(other)

/* The counterfactuals: what a smarter kernel would have merged. */
#define VMM_MISSES(X, L) X(pgoff_only) X(anon_vma_unshared) L(anon_vma_shared)

/*
 * copy_vma's: X(value, stat) with the value an events line prints and the
 * stat's name after "copy_vma.".
 */
#define VMM_COPY_RESULTS(X, L) X(merged, merged) L(new, new)
#define VMM_COPY_ANONS(X, L)						\
	X(unfaulted, anon_unfaulted) X(faulted, anon_faulted) L(file, file)
#define VMM_COPY_PGOFFS(X, L) X(updated, pgoff_updated) L(kept, pgoff_kept)

#define VMM_E_RESULT(n) VMM_RESULT_##n,
#define VMM_E_REASON(n) VMM_REASON_##n,
#define VMM_E_CALLER(n) VMM_CALLER_##n,
#define VMM_E_MISSED(n) VMM_MISSED_##n,
#define VMM_E_TRACE_MISSED(n) VMM_TRACE_MISSED_##n,
#define VMM_E_COPY_RESULT(n, st) VMM_COPY_RESULT_##n,
#define VMM_E_COPY_ANON(n, st) VMM_COPY_ANON_##n,
#define VMM_E_COPY_PGOFF(n, st) VMM_COPY_PGOFF_##n,

/* The enums (vmm_defs.h) */
#define VMM_E_ST_RESULT(n) VMM_ST_RESULT_##n,
#define VMM_E_ST_PREV(n) VMM_ST_PREV_##n,
#define VMM_E_ST_NEXT(n) VMM_ST_NEXT_##n,
#define VMM_E_ST_MISSED(n) VMM_ST_MISSED_##n,
#define VMM_E_ST_CALLER(n) VMM_ST_CALLER_##n,
#define VMM_E_ST_COPY(n, st) VMM_ST_COPY_##st,

/*
 * A block's base: an enumerator equal to its first entry's (the next one
 * starts again from it), so that VMM_ST_PREV(reason) indexes the block
 * whatever the list's first name is.
 */
#define VMM_ST_BASE(b) b, b##_ = (b) - 1,

/* The names (names.c), each bound to its enumerator. */
#define VMM_N_ST_RESULT(n) [VMM_ST_RESULT_##n] = "merge.result." #n,
#define VMM_N_ST_PREV(n) [VMM_ST_PREV_##n] = "merge.prev." #n,
#define VMM_N_ST_NEXT(n) [VMM_ST_NEXT_##n] = "merge.next." #n,
#define VMM_N_ST_MISSED(n) [VMM_ST_MISSED_##n] = "merge.missed." #n,
#define VMM_N_ST_CALLER(n) [VMM_ST_CALLER_##n] = "merge.caller." #n,
#define VMM_N_ST_COPY(n, st) [VMM_ST_COPY_##st] = "copy_vma." #st,

#define VMM_N_RESULT(n) [VMM_RESULT_##n] = #n,
#define VMM_N_REASON(n) [VMM_REASON_##n] = #n,
#define VMM_N_CALLER(n) [VMM_CALLER_##n] = #n,
#define VMM_N_MISSED(n) [VMM_MISSED_##n] = #n,
#define VMM_N_COPY_RESULT(n, st) [VMM_COPY_RESULT_##n] = #n,
#define VMM_N_COPY_ANON(n, st) [VMM_COPY_ANON_##n] = #n,
#define VMM_N_COPY_PGOFF(n, st) [VMM_COPY_PGOFF_##n] = #n,

/* The trace events' enums and symbol tables (vmm_trace.h) */
#define VMM_TR_RESULT(n) TRACE_DEFINE_ENUM(VMM_RESULT_##n);
#define VMM_TR_REASON(n) TRACE_DEFINE_ENUM(VMM_REASON_##n);
#define VMM_TR_CALLER(n) TRACE_DEFINE_ENUM(VMM_CALLER_##n);
#define VMM_TR_MISSED(n) TRACE_DEFINE_ENUM(VMM_TRACE_MISSED_##n);
#define VMM_TR_COPY_ANON(n, st) TRACE_DEFINE_ENUM(VMM_COPY_ANON_##n);
#define VMM_SYM_RESULT(n) { VMM_RESULT_##n, #n },
#define VMM_SYM_RESULT_L(n) { VMM_RESULT_##n, #n }
#define VMM_SYM_REASON(n) { VMM_REASON_##n, #n },
#define VMM_SYM_REASON_L(n) { VMM_REASON_##n, #n }
#define VMM_SYM_CALLER(n) { VMM_CALLER_##n, #n },
#define VMM_SYM_CALLER_L(n) { VMM_CALLER_##n, #n }
#define VMM_SYM_MISSED(n) { VMM_TRACE_MISSED_##n, #n },
#define VMM_SYM_MISSED_L(n) { VMM_TRACE_MISSED_##n, #n }
#define VMM_SYM_COPY_ANON(n, st) { VMM_COPY_ANON_##n, #n },
#define VMM_SYM_COPY_ANON_L(n, st) { VMM_COPY_ANON_##n, #n }

#endif /* VMM_VOCAB_H */
