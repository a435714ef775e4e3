// SPDX-License-Identifier: GPL-2.0
/*
 * names.c - the names doc/INTERFACE.md gives to every counter and value,
 * generated from vmm_vocab.h's lists, and the metrics table.
 * Pure: no kernel header.
 */
#include "vmm_defs.h"

const char *const vmm_stat_names[VMM_NR_STATS] = {
	[VMM_ST_ATTEMPTS] = "merge.attempts",
	VMM_RESULTS(VMM_N_ST_RESULT, VMM_N_ST_RESULT)
	VMM_REASONS(VMM_N_ST_PREV, VMM_N_ST_PREV)
	VMM_REASONS(VMM_N_ST_NEXT, VMM_N_ST_NEXT)
	[VMM_ST_BOTH_ANON_VMA_CONFLICT] = "merge.both.anon_vma_conflict",
	VMM_MISSES(VMM_N_ST_MISSED, VMM_N_ST_MISSED)
	VMM_CALLERS(VMM_N_ST_CALLER, VMM_N_ST_CALLER)
	[VMM_ST_MODEL_MISMATCH] = "merge.model_mismatch",
	[VMM_ST_COPY_CALLS] = "copy_vma.calls",
	VMM_COPY_RESULTS(VMM_N_ST_COPY, VMM_N_ST_COPY)
	VMM_COPY_ANONS(VMM_N_ST_COPY, VMM_N_ST_COPY)
	VMM_COPY_PGOFFS(VMM_N_ST_COPY, VMM_N_ST_COPY)
	[VMM_ST_EVENTS_LOGGED] = "events.logged",
	[VMM_ST_EVENTS_DROPPED] = "events.dropped",
};

const char *const vmm_result_names[VMM_NR_RESULTS] = {
	VMM_RESULTS(VMM_N_RESULT, VMM_N_RESULT)
};

const char *const vmm_reason_names[VMM_NR_REASONS] = {
	VMM_REASONS(VMM_N_REASON, VMM_N_REASON)
};

const char *const vmm_caller_names[VMM_NR_CALLERS] = {
	VMM_CALLERS(VMM_N_CALLER, VMM_N_CALLER)
};

const char *const vmm_missed_names[VMM_NR_MISSED] = {
	VMM_MISSES(VMM_N_MISSED, VMM_N_MISSED)
};

const char *const vmm_copy_result_names[VMM_NR_COPY_RESULTS] = {
	VMM_COPY_RESULTS(VMM_N_COPY_RESULT, VMM_N_COPY_RESULT)
};

const char *const vmm_copy_anon_names[VMM_NR_COPY_ANONS] = {
	VMM_COPY_ANONS(VMM_N_COPY_ANON, VMM_N_COPY_ANON)
};

const char *const vmm_copy_pgoff_names[VMM_NR_COPY_PGOFFS] = {
	VMM_COPY_PGOFFS(VMM_N_COPY_PGOFF, VMM_N_COPY_PGOFF)
};

#define VMM_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Every stat exactly once (tests/unit/test_names.c checks it). */
const struct vmm_metric vmm_metrics[] = {
	{ "merge_attempts", "Merge attempts: calls of the kernel's merge entry point.",
	  "", NULL, NULL, VMM_ST_ATTEMPTS, 1 },
	{ "merge_results", "Merge attempts by what the kernel did.",
	  "", "result", vmm_result_names, VMM_ST_RESULT(0), VMM_NR_RESULTS },
	{ "merge_reasons", "Why each side of an attempt merged or not: the first reason that applies.",
	  "side=\"prev\",", "reason", vmm_reason_names, VMM_ST_PREV(0),
	  VMM_NR_REASONS },
	{ "merge_reasons", NULL, "side=\"next\",", "reason", vmm_reason_names,
	  VMM_ST_NEXT(0), VMM_NR_REASONS },
	{ "merge_anon_vma_conflicts", "Attempts where both sides were mergeable but their anon_vmas conflict.",
	  "", NULL, NULL, VMM_ST_BOTH_ANON_VMA_CONFLICT, 1 },
	{ "merge_missed", "Attempts a smarter kernel would have merged, by the only reason in the way.",
	  "", "reason", vmm_missed_names, VMM_ST_MISSED(0),
	  VMM_NR_MISSED },
	{ "merge_callers", "Merge attempts by what the process was doing.",
	  "", "caller", vmm_caller_names, VMM_ST_CALLER(0), VMM_NR_CALLERS },
	{ "merge_model_mismatches", "Attempts where the module's prediction differed from the kernel (a module bug if not 0).",
	  "", NULL, NULL, VMM_ST_MODEL_MISMATCH, 1 },
	{ "copy_vma_calls", "copy_vma calls (mremap moving a VMA).",
	  "", NULL, NULL, VMM_ST_COPY_CALLS, 1 },
	{ "copy_vma_results", "copy_vma calls by whether the copy merged into a neighbour.",
	  "", "result", vmm_copy_result_names, VMM_ST_COPY_RESULT(0),
	  VMM_NR_COPY_RESULTS },
	{ "copy_vma_sources", "copy_vma calls by the kind of VMA moved.",
	  "", "anon", vmm_copy_anon_names, VMM_ST_COPY_ANON(0),
	  VMM_NR_COPY_ANONS },
	{ "copy_vma_pgoff", "copy_vma calls by whether pgoff followed the new address.",
	  "", "pgoff", vmm_copy_pgoff_names, VMM_ST_COPY_PGOFF(0),
	  VMM_NR_COPY_PGOFFS },
	{ "events_logged", "Events written to the per-CPU rings.",
	  "", NULL, NULL, VMM_ST_EVENTS_LOGGED, 1 },
	{ "events_dropped", "Events older than the newest the events file keeps (its capacity), or with no ring (events=0).",
	  "", NULL, NULL, VMM_ST_EVENTS_DROPPED, 1 },
};

const unsigned int vmm_nr_metrics = VMM_ARRAY_SIZE(vmm_metrics);
