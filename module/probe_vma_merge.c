// SPDX-License-Identifier: GPL-2.0
/*
 * probe_vma_merge.c - kernels whose merges go through vma_merge() (5.10, 6.1).
 *
 * vma_merge(mm, prev, addr, end, vm_flags, anon_vma, file, pgoff, policy,
 *           uffd_ctx[, anon_name])
 * x86-64: mm %rdi, prev %rsi, addr %rdx, end %rcx, vm_flags %r8,
 * anon_vma %r9; file, pgoff, policy, uffd_ctx (and anon_name) on the stack.
 *
 * Every caller holds the mm's mmap_lock for write, so the VMA it returns is
 * live when the return handler reads its extents.
 *
 * Notes on locking: none taken; see probes.c.
 */
#include "probes.h"
#include "outcome.h"

struct vmm_vma_merge_call {
	unsigned long start, end;
	void *mmap_call;	/* 6.1: the mmap_region call this retries for */
};

static int vmm_vma_merge_entry(struct kretprobe_instance *ri,
			       struct pt_regs *regs)
{
	struct vmm_vma_merge_call *c = (void *)ri->data;

	vmm_probe_hit(ri);
	if (vmm_filtered_out())
		return 1;
	c->start = regs->dx;
	c->end = regs->cx;
	/*
	 * 6.1's mmap_region calls vma_merge only to retry after ->mmap changed
	 * the flags: that is part of the mmap's one attempt.
	 */
	c->mmap_call = vmm_expand_current_mmap();
	return 0;
}

static int vmm_vma_merge_ret(struct kretprobe_instance *ri,
			     struct pt_regs *regs)
{
	struct vmm_vma_merge_call *c = (void *)ri->data;
	struct vm_area_struct *got = (void *)regs_return_value(regs);
	enum vmm_result res = VMM_RESULT_none;

	/* NULL is "no merge" or an ENOMEM the return value cannot tell. */
	if (got)
		res = vmm_result_from_extents(c->start, c->end,
					      got->vm_start, got->vm_end);
	if (c->mmap_call)
		vmm_expand_retry_result(c->mmap_call, res);
	else
		vmm_count_attempt(res);
	return 0;
}

struct vmm_probe vmm_vma_merge_probes[] = {
	{
		.symbol = "vma_merge",
		.kind = VMM_PROBE_MERGE,
		.entry = vmm_vma_merge_entry,
		.ret = vmm_vma_merge_ret,
		.data_size = sizeof(struct vmm_vma_merge_call),
	},
};

const unsigned int vmm_vma_merge_nr_probes = ARRAY_SIZE(vmm_vma_merge_probes);
