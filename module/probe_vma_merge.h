/* SPDX-License-Identifier: GPL-2.0 */
/*
 * probe_vma_merge.h - vma_merge()'s probe point, shared by the generations
 * that have it (probe_list.c, probe_expand.c); the handlers are in
 * probe_vma_merge.c.
 */
#ifndef VMM_PROBE_VMA_MERGE_H
#define VMM_PROBE_VMA_MERGE_H

#include "attempt.h"
#include "probes.h"

/* A vma_merge call's kretprobe instance data: its settled attempt. */
struct vmm_vma_merge_call {
	struct vmm_settled s;
};

int vmm_vma_merge_entry(struct kretprobe_instance *ri, struct pt_regs *regs);
int vmm_vma_merge_ret(struct kretprobe_instance *ri, struct pt_regs *regs);

/*
 * vma_merge's entry in a generation's probe table, with @entry_handler:
 * vmm_vma_merge_entry() or a handler that calls it first.
 */
#define VMM_VMA_MERGE_PROBE(entry_handler) {				\
	.symbol = "vma_merge",						\
	.kind = VMM_PROBE_MERGE,					\
	.rules_of = VMM_ENTRY_VMA_MERGE,				\
	.entry = (entry_handler),					\
	.ret = vmm_vma_merge_ret,					\
	.data_size = sizeof(struct vmm_vma_merge_call),			\
}

#endif /* VMM_PROBE_VMA_MERGE_H */
