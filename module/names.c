// SPDX-License-Identifier: GPL-2.0
/*
 * names.c - the names doc/INTERFACE.md gives to every counter and value.
 * Pure: no kernel header.
 */
#include "vmm_defs.h"

const char *const vmm_stat_names[VMM_NR_STATS] = {
	[VMM_ST_ATTEMPTS] = "merge.attempts",
	[VMM_ST_RESULT_none] = "merge.result.none",
	[VMM_ST_RESULT_prev] = "merge.result.prev",
	[VMM_ST_RESULT_next] = "merge.result.next",
	[VMM_ST_RESULT_both] = "merge.result.both",
	[VMM_ST_RESULT_error] = "merge.result.error",
	[VMM_ST_PREV_absent] = "merge.prev.absent",
	[VMM_ST_PREV_not_adjacent] = "merge.prev.not_adjacent",
	[VMM_ST_PREV_special] = "merge.prev.special",
	[VMM_ST_PREV_flags] = "merge.prev.flags",
	[VMM_ST_PREV_file] = "merge.prev.file",
	[VMM_ST_PREV_close] = "merge.prev.close",
	[VMM_ST_PREV_uffd] = "merge.prev.uffd",
	[VMM_ST_PREV_anon_name] = "merge.prev.anon_name",
	[VMM_ST_PREV_policy] = "merge.prev.policy",
	[VMM_ST_PREV_pgoff] = "merge.prev.pgoff",
	[VMM_ST_PREV_anon_vma] = "merge.prev.anon_vma",
	[VMM_ST_PREV_anon_vma_chain] = "merge.prev.anon_vma_chain",
	[VMM_ST_PREV_ok] = "merge.prev.ok",
	[VMM_ST_NEXT_absent] = "merge.next.absent",
	[VMM_ST_NEXT_not_adjacent] = "merge.next.not_adjacent",
	[VMM_ST_NEXT_special] = "merge.next.special",
	[VMM_ST_NEXT_flags] = "merge.next.flags",
	[VMM_ST_NEXT_file] = "merge.next.file",
	[VMM_ST_NEXT_close] = "merge.next.close",
	[VMM_ST_NEXT_uffd] = "merge.next.uffd",
	[VMM_ST_NEXT_anon_name] = "merge.next.anon_name",
	[VMM_ST_NEXT_policy] = "merge.next.policy",
	[VMM_ST_NEXT_pgoff] = "merge.next.pgoff",
	[VMM_ST_NEXT_anon_vma] = "merge.next.anon_vma",
	[VMM_ST_NEXT_anon_vma_chain] = "merge.next.anon_vma_chain",
	[VMM_ST_NEXT_ok] = "merge.next.ok",
	[VMM_ST_BOTH_ANON_VMA_CONFLICT] = "merge.both.anon_vma_conflict",
	[VMM_ST_MISSED_pgoff_only] = "merge.missed.pgoff_only",
	[VMM_ST_MISSED_anon_vma_unshared] = "merge.missed.anon_vma_unshared",
	[VMM_ST_MISSED_anon_vma_shared] = "merge.missed.anon_vma_shared",
	[VMM_ST_CALLER_mmap] = "merge.caller.mmap",
	[VMM_ST_CALLER_brk] = "merge.caller.brk",
	[VMM_ST_CALLER_mremap] = "merge.caller.mremap",
	[VMM_ST_CALLER_mprotect] = "merge.caller.mprotect",
	[VMM_ST_CALLER_madvise] = "merge.caller.madvise",
	[VMM_ST_CALLER_mlock] = "merge.caller.mlock",
	[VMM_ST_CALLER_mbind] = "merge.caller.mbind",
	[VMM_ST_CALLER_userfaultfd] = "merge.caller.userfaultfd",
	[VMM_ST_CALLER_prctl] = "merge.caller.prctl",
	[VMM_ST_CALLER_other] = "merge.caller.other",
	[VMM_ST_MODEL_MISMATCH] = "merge.model_mismatch",
	[VMM_ST_COPY_CALLS] = "copy_vma.calls",
	[VMM_ST_COPY_MERGED] = "copy_vma.merged",
	[VMM_ST_COPY_NEW] = "copy_vma.new",
	[VMM_ST_COPY_ANON_UNFAULTED] = "copy_vma.anon_unfaulted",
	[VMM_ST_COPY_ANON_FAULTED] = "copy_vma.anon_faulted",
	[VMM_ST_COPY_FILE] = "copy_vma.file",
	[VMM_ST_COPY_PGOFF_UPDATED] = "copy_vma.pgoff_updated",
	[VMM_ST_COPY_PGOFF_KEPT] = "copy_vma.pgoff_kept",
	[VMM_ST_EVENTS_LOGGED] = "events.logged",
	[VMM_ST_EVENTS_DROPPED] = "events.dropped",
};

const char *const vmm_result_names[VMM_NR_RESULTS] = {
	[VMM_RESULT_none] = "none",
	[VMM_RESULT_prev] = "prev",
	[VMM_RESULT_next] = "next",
	[VMM_RESULT_both] = "both",
	[VMM_RESULT_error] = "error",
};

const char *const vmm_reason_names[VMM_NR_REASONS] = {
	[VMM_REASON_absent] = "absent",
	[VMM_REASON_not_adjacent] = "not_adjacent",
	[VMM_REASON_special] = "special",
	[VMM_REASON_flags] = "flags",
	[VMM_REASON_file] = "file",
	[VMM_REASON_close] = "close",
	[VMM_REASON_uffd] = "uffd",
	[VMM_REASON_anon_name] = "anon_name",
	[VMM_REASON_policy] = "policy",
	[VMM_REASON_pgoff] = "pgoff",
	[VMM_REASON_anon_vma] = "anon_vma",
	[VMM_REASON_anon_vma_chain] = "anon_vma_chain",
	[VMM_REASON_ok] = "ok",
};

const char *const vmm_caller_names[VMM_NR_CALLERS] = {
	[VMM_CALLER_mmap] = "mmap",
	[VMM_CALLER_brk] = "brk",
	[VMM_CALLER_mremap] = "mremap",
	[VMM_CALLER_mprotect] = "mprotect",
	[VMM_CALLER_madvise] = "madvise",
	[VMM_CALLER_mlock] = "mlock",
	[VMM_CALLER_mbind] = "mbind",
	[VMM_CALLER_userfaultfd] = "userfaultfd",
	[VMM_CALLER_prctl] = "prctl",
	[VMM_CALLER_other] = "other",
};

const char *const vmm_missed_names[VMM_NR_MISSED] = {
	[VMM_MISSED_pgoff_only] = "pgoff_only",
	[VMM_MISSED_anon_vma_unshared] = "anon_vma_unshared",
	[VMM_MISSED_anon_vma_shared] = "anon_vma_shared",
};

static const char *const vmm_copy_result_values[] = { "merged", "new" };
static const char *const vmm_copy_anon_values[] = {
	"unfaulted", "faulted", "file"
};
static const char *const vmm_copy_pgoff_values[] = { "updated", "kept" };

_Static_assert(VMM_ST_COPY_NEW - VMM_ST_COPY_MERGED == 1 &&
	       VMM_ST_COPY_FILE - VMM_ST_COPY_ANON_UNFAULTED == 2 &&
	       VMM_ST_COPY_PGOFF_KEPT - VMM_ST_COPY_PGOFF_UPDATED == 1,
	       "the copy_vma stats are in the metrics' order");

#define VMM_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Every stat exactly once (tests/unit/test_names.c checks it). */
const struct vmm_metric vmm_metrics[] = {
	{ "merge_attempts", "Merge attempts: calls of the kernel's merge entry point.",
	  "", NULL, NULL, VMM_ST_ATTEMPTS, 1 },
	{ "merge_results", "Merge attempts by what the kernel did.",
	  "", "result", vmm_result_names, VMM_ST_RESULT_none, VMM_NR_RESULTS },
	{ "merge_reasons", "Why each side of an attempt merged or not: the first reason that applies.",
	  "side=\"prev\",", "reason", vmm_reason_names, VMM_ST_PREV_absent,
	  VMM_NR_REASONS },
	{ "merge_reasons", NULL, "side=\"next\",", "reason", vmm_reason_names,
	  VMM_ST_NEXT_absent, VMM_NR_REASONS },
	{ "merge_anon_vma_conflicts", "Attempts where both sides were mergeable but their anon_vmas conflict.",
	  "", NULL, NULL, VMM_ST_BOTH_ANON_VMA_CONFLICT, 1 },
	{ "merge_missed", "Attempts a smarter kernel would have merged, by the only reason in the way.",
	  "", "reason", vmm_missed_names, VMM_ST_MISSED_pgoff_only,
	  VMM_NR_MISSED },
	{ "merge_callers", "Merge attempts by what the process was doing.",
	  "", "caller", vmm_caller_names, VMM_ST_CALLER_mmap, VMM_NR_CALLERS },
	{ "merge_model_mismatches", "Attempts where the module's prediction differed from the kernel (a module bug if not 0).",
	  "", NULL, NULL, VMM_ST_MODEL_MISMATCH, 1 },
	{ "copy_vma_calls", "copy_vma calls (mremap moving a VMA).",
	  "", NULL, NULL, VMM_ST_COPY_CALLS, 1 },
	{ "copy_vma_results", "copy_vma calls by whether the copy merged into a neighbour.",
	  "", "result", vmm_copy_result_values, VMM_ST_COPY_MERGED, 2 },
	{ "copy_vma_sources", "copy_vma calls by the kind of VMA moved.",
	  "", "anon", vmm_copy_anon_values, VMM_ST_COPY_ANON_UNFAULTED, 3 },
	{ "copy_vma_pgoff", "copy_vma calls by whether pgoff followed the new address.",
	  "", "pgoff", vmm_copy_pgoff_values, VMM_ST_COPY_PGOFF_UPDATED, 2 },
	{ "events_logged", "Events written to the ring.",
	  "", NULL, NULL, VMM_ST_EVENTS_LOGGED, 1 },
	{ "events_dropped", "Events the ring overwrote, or had no room for (events=0).",
	  "", NULL, NULL, VMM_ST_EVENTS_DROPPED, 1 },
};

const unsigned int vmm_nr_metrics = VMM_ARRAY_SIZE(vmm_metrics);
