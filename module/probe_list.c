// SPDX-License-Identifier: GPL-2.0
/*
 * probe_list.c - the "list" generation (5.10): VMAs on the vm_next list,
 * and every merge through vma_merge() (its handlers: probe_vma_merge.c).
 *
 * Notes on locking: none taken (see probe_vma_merge.c).
 */
#include "probes.h"
#include "probe_vma_merge.h"

static struct vmm_probe vmm_list_probes[] = {
	VMM_VMA_MERGE_PROBE(vmm_vma_merge_entry),
};

/* 5.10's merge rules: vma_merge's (vmm_rules_of). */
const struct vmm_gen vmm_gen = {
	.name = "list",
	.anon = VMM_ANON_SINGULAR,
	.probes = vmm_list_probes,
	.nr_probes = ARRAY_SIZE(vmm_list_probes),
};
