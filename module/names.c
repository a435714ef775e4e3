// SPDX-License-Identifier: GPL-2.0
/*
 * names.c - the names `stats` prints, built from the lists in vmm_defs.h.
 * Pure: no kernel header.
 */
#include "vmm_defs.h"

#define VMM_NAME_RESULT(n) "merge.result." #n,
#define VMM_NAME_PREV(n) "merge.prev." #n,
#define VMM_NAME_NEXT(n) "merge.next." #n,
#define VMM_NAME_MISSED(n) "merge.missed." #n,
#define VMM_NAME_CALLER(n) "merge.caller." #n,
#define VMM_NAME_BARE(n) #n,

const char *const vmm_stat_names[VMM_NR_STATS] = {
	"merge.attempts",
	VMM_RESULTS(VMM_NAME_RESULT)
	VMM_REASONS(VMM_NAME_PREV)
	VMM_REASONS(VMM_NAME_NEXT)
	"merge.both.anon_vma_conflict",
	VMM_MISSED(VMM_NAME_MISSED)
	VMM_CALLERS(VMM_NAME_CALLER)
	"merge.model_mismatch",
	"copy_vma.calls",
	"copy_vma.merged",
	"copy_vma.new",
	"copy_vma.anon_unfaulted",
	"copy_vma.anon_faulted",
	"copy_vma.file",
	"copy_vma.pgoff_updated",
	"copy_vma.pgoff_kept",
	"events.logged",
	"events.dropped",
};

const char *const vmm_result_names[VMM_NR_RESULTS] = {
	VMM_RESULTS(VMM_NAME_BARE)
};
