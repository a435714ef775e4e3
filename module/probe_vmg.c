// SPDX-License-Identifier: GPL-2.0
/*
 * probe_vmg.c - kernels that describe a merge in struct vma_merge_struct
 * (6.12, 7.2).
 *
 * vma_merge_new_range(vmg) merges a new range (mmap, brk, mremap's copy and
 * in-place growth); vma_modify(vmg) merges or splits an existing range
 * (mprotect, madvise, mlock, mbind, userfaultfd; vma_merge_existing_range
 * is inlined there).  vmg arrives in %rdi and lives in the caller's frame,
 * so it is still valid at return.  Its layout is private (mm/vma.h) and
 * differs between kernels: it is read only through the offsets that
 * scripts/vmg-layout.sh derived from the target kernel's BTF.
 *
 * Notes on locking: none taken; every caller holds mmap_lock for write, so
 * the VMA returned is live.  VMAs removed by the merge are already freed at
 * return (and on 7.2 may be reused, SLAB_TYPESAFE_BY_RCU): only pointers
 * saved at entry are compared, never dereferenced.
 */
#include "probes.h"
#include "outcome.h"

struct vmm_vmg_call {
	void *vmg;
	unsigned long start, end;
	struct vm_area_struct *middle;
};

static int vmm_vmg_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct vmm_vmg_call *c = (void *)ri->data;
	void *vmg = (void *)regs->di;

	vmm_probe_hit(ri);
	if (vmm_filtered_out())
		return 1;
	c->vmg = vmg;
	c->start = VMM_VMG_FIELD(vmg, unsigned long, start);
	c->end = VMM_VMG_FIELD(vmg, unsigned long, end);
	c->middle = VMM_VMG_FIELD(vmg, struct vm_area_struct *, MIDDLE);
	return 0;
}

static int vmm_new_range_ret(struct kretprobe_instance *ri,
			     struct pt_regs *regs)
{
	struct vmm_vmg_call *c = (void *)ri->data;
	struct vm_area_struct *got = (void *)regs_return_value(regs);
	enum vmm_result res;

	if (got)
		res = vmm_result_from_extents(c->start, c->end,
					      got->vm_start, got->vm_end);
	else if (VMM_VMG_FIELD(c->vmg, u32, state) == VMM_VMA_MERGE_ERROR_NOMEM)
		res = VMM_RESULT_error;
	else
		res = VMM_RESULT_none;
	vmm_count_attempt(res);
	return 0;
}

static int vmm_modify_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct vmm_vmg_call *c = (void *)ri->data;
	struct vm_area_struct *got = (void *)regs_return_value(regs);
	enum vmm_result res;

	if (IS_ERR_OR_NULL(got))
		res = VMM_RESULT_error;
	else if (got == c->middle)
		res = VMM_RESULT_none;	/* split (or unchanged), not merged */
	else
		res = vmm_result_from_extents(c->start, c->end,
					      got->vm_start, got->vm_end);
	vmm_count_attempt(res);
	return 0;
}

struct vmm_probe vmm_vmg_probes[] = {
	{
		.symbol = "vma_merge_new_range",
		.kind = VMM_PROBE_MERGE,
		.entry = vmm_vmg_entry,
		.ret = vmm_new_range_ret,
		.data_size = sizeof(struct vmm_vmg_call),
		.off = VMM_VMG_OFF_REASON,
	},
	{
		.symbol = "vma_modify",
		.kind = VMM_PROBE_MERGE,
		.entry = vmm_vmg_entry,
		.ret = vmm_modify_ret,
		.data_size = sizeof(struct vmm_vmg_call),
		.off = VMM_VMG_OFF_REASON,
	},
};

const unsigned int vmm_vmg_nr_probes = ARRAY_SIZE(vmm_vmg_probes);
