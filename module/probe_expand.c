// SPDX-License-Identifier: GPL-2.0
/*
 * probe_expand.c - 6.1's merges that bypass vma_merge().
 *
 * New mappings: mmap_region(file, addr, len, vm_flags, pgoff, uf) checks
 * next, then prev, inline, and merges through
 * vma_expand(mas, vma, start, end, pgoff, next) (notrace, so only a module
 * kprobe reaches it).  An mmap that merges nothing calls no merge function,
 * so the attempt is opened at mmap_region's entry and closed at its return;
 * vma_expand, and the vma_merge retry after ->mmap changed the flags, report
 * into it.  They run in the same task, found through a small table keyed by
 * the task: mmap_region sleeps, so neither per-CPU data nor the kretprobe
 * instance of another probe can carry the link.
 *
 * brk: do_brk_flags(mas, vma, addr, len, flags) expands the brk VMA in place.
 * Like 6.12's do_brk_flags, it is an attempt only if the VMA ends at addr.
 *
 * Notes on locking: the in-flight table is lock-free.  A slot is claimed with
 * cmpxchg() by mmap_region's entry handler and released with
 * smp_store_release() by its return handler, both in the owning task; other
 * tasks only compare the owner pointer.  A task is in at most one
 * mmap_region at a time.
 */
#include <linux/atomic.h>
#include <linux/hash.h>
#include "probes.h"
#include "outcome.h"

#define VMM_INFLIGHT_BITS 6
#define VMM_INFLIGHT (1U << VMM_INFLIGHT_BITS)

struct vmm_mmap_call {
	unsigned long start, end;
	int slot;
	bool merged;			/* vma_expand or the retry reported */
	enum vmm_result res;
};

static struct task_struct *vmm_inflight_task[VMM_INFLIGHT];
static struct vmm_mmap_call *vmm_inflight_call[VMM_INFLIGHT];

static int vmm_inflight_claim(struct vmm_mmap_call *c)
{
	unsigned int h = hash_ptr(current, VMM_INFLIGHT_BITS), i;

	for (i = 0; i < VMM_INFLIGHT; i++) {
		unsigned int s = (h + i) & (VMM_INFLIGHT - 1);

		if (!cmpxchg(&vmm_inflight_task[s], NULL, current)) {
			WRITE_ONCE(vmm_inflight_call[s], c);
			return s;
		}
	}
	return -1;
}

static void vmm_inflight_release(int s)
{
	WRITE_ONCE(vmm_inflight_call[s], NULL);
	/* Order the call's clearing before the slot is seen free. */
	smp_store_release(&vmm_inflight_task[s], NULL);
}

/**
 * vmm_expand_current_mmap() - the mmap_region call the current task is in
 *
 * Return: its call data, or NULL if the task is not in a counted mmap.
 */
void *vmm_expand_current_mmap(void)
{
	unsigned int h = hash_ptr(current, VMM_INFLIGHT_BITS), i;

	for (i = 0; i < VMM_INFLIGHT; i++) {
		unsigned int s = (h + i) & (VMM_INFLIGHT - 1);

		if (READ_ONCE(vmm_inflight_task[s]) == current)
			return READ_ONCE(vmm_inflight_call[s]);
	}
	return NULL;
}

/**
 * vmm_expand_retry_result() - mmap_region's vma_merge retry reports
 * @mmap_call: from vmm_expand_current_mmap()
 * @result: what vma_merge did
 */
void vmm_expand_retry_result(void *mmap_call, int result)
{
	struct vmm_mmap_call *c = mmap_call;

	c->merged = result != VMM_RESULT_none;
	c->res = result;
}

static int vmm_mmap_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct vmm_mmap_call *c = (void *)ri->data;

	vmm_probe_hit(ri);
	if (vmm_filtered_out())
		return 1;
	c->start = regs->si;
	c->end = regs->si + regs->dx;
	c->merged = false;
	c->res = VMM_RESULT_none;
	c->slot = vmm_inflight_claim(c);
	return c->slot < 0;	/* table full: counted as missed below */
}

static int vmm_mmap_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct vmm_mmap_call *c = (void *)ri->data;
	unsigned long ret = regs_return_value(regs);

	vmm_inflight_release(c->slot);
	if (c->merged) {
		vmm_count_attempt(c->res);
		return 0;
	}
	if (IS_ERR_VALUE(ret))
		return 0;	/* failed before or without a merge check */
	/*
	 * No merge.  mmap_region looked at prev and next whenever it had one,
	 * as 6.12's __mmap_region calls vma_merge_new_range() whenever it
	 * has one: count the same.  mmap_lock is still held for write.
	 */
	if (current->mm && current->mm->map_count > 1)
		vmm_count_attempt(VMM_RESULT_none);
	return 0;
}

struct vmm_expand_call {
	struct vmm_mmap_call *mmap_call;
	struct vm_area_struct *vma;
};

static int vmm_vma_expand_entry(struct kretprobe_instance *ri,
				struct pt_regs *regs)
{
	struct vmm_expand_call *c = (void *)ri->data;

	vmm_probe_hit(ri);
	c->mmap_call = vmm_expand_current_mmap();
	c->vma = (void *)regs->si;
	return !c->mmap_call;
}

static int vmm_vma_expand_ret(struct kretprobe_instance *ri,
			      struct pt_regs *regs)
{
	struct vmm_expand_call *c = (void *)ri->data;
	struct vmm_mmap_call *m = c->mmap_call;

	m->merged = true;
	if (regs_return_value(regs))
		m->res = VMM_RESULT_error;	/* mmap goes on with a new VMA */
	else
		m->res = vmm_result_from_extents(m->start, m->end,
						 c->vma->vm_start,
						 c->vma->vm_end);
	return 0;
}

struct vmm_brk_call {
	struct vm_area_struct *vma;
	unsigned long end;
};

static int vmm_brk_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct vmm_brk_call *c = (void *)ri->data;
	struct vm_area_struct *vma = (void *)regs->si;

	vmm_probe_hit(ri);
	if (vmm_filtered_out() || !vma || vma->vm_end != regs->dx)
		return 1;
	c->vma = vma;
	c->end = regs->dx + regs->cx;
	return 0;
}

static int vmm_brk_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct vmm_brk_call *c = (void *)ri->data;

	if (regs_return_value(regs))
		vmm_count_attempt(VMM_RESULT_error);
	else
		vmm_count_attempt(c->vma->vm_end == c->end ? VMM_RESULT_prev :
				  VMM_RESULT_none);
	return 0;
}

struct vmm_probe vmm_expand_probes[] = {
	{
		.symbol = "mmap_region",
		.kind = VMM_PROBE_MERGE,
		.entry = vmm_mmap_entry,
		.ret = vmm_mmap_ret,
		.data_size = sizeof(struct vmm_mmap_call),
	},
	{
		.symbol = "vma_expand",
		.kind = VMM_PROBE_AUX,
		.entry = vmm_vma_expand_entry,
		.ret = vmm_vma_expand_ret,
		.data_size = sizeof(struct vmm_expand_call),
	},
	{
		.symbol = "do_brk_flags",
		.kind = VMM_PROBE_MERGE,
		.entry = vmm_brk_entry,
		.ret = vmm_brk_ret,
		.data_size = sizeof(struct vmm_brk_call),
	},
};

const unsigned int vmm_expand_nr_probes = ARRAY_SIZE(vmm_expand_probes);
