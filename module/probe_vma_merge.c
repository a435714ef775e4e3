// SPDX-License-Identifier: GPL-2.0
/*
 * probe_vma_merge.c - vma_merge()'s handlers, shared by the two generations
 * whose merges go through it: list (5.10, probe_list.c) and expand (6.1,
 * probe_expand.c, which wraps the entry handler).  probe_vma_merge.h is
 * their interface.
 *
 * vma_merge(mm, prev, addr, end, vm_flags, anon_vma, file, pgoff, policy,
 *           uffd_ctx[, anon_name]), its arguments read by name
 * (probe_args.h).
 *
 * The entry handler snapshots the range and both neighbours as vma_merge
 * will see them, classifies, and keeps the settled attempt (struct
 * vmm_settled) for the return handler, which reads what it did from the
 * VMA it returned.  A range inside an existing VMA (mprotect, mlock,
 * madvise, mbind, userfaultfd) has that VMA's remainder as the neighbour
 * on each side the range does not reach.
 *
 * Notes on locking: none taken.  Every caller holds the mm's mmap_lock for
 * write, so the VMAs read at entry and the one returned are live.
 */
#include "probes.h"
#include "attempt.h"
#include "compat_vma.h"
#include "outcome.h"
#include "probe_args.h"
#include "probe_vma_merge.h"

/*
 * find_vma(mm, start), found with as few lookups as can be: a range inside
 * prev (mprotect & co. from a VMA's middle) is in prev; else the VMA after
 * prev, which vma_merge looks at anyway, is it unless it ends before start.
 * @after_prev is set to vmm_vma_next_of(mm, prev) when prev does not
 * contain start; @w is left on the VMA returned unless that is prev.
 */
static struct vm_area_struct *
vmm_vma_merge_cur(struct vmm_vma_walk *w, struct mm_struct *mm,
		  struct vm_area_struct *prev, unsigned long start,
		  struct vm_area_struct **after_prev)
{
	struct vm_area_struct *cur;

	if (prev && prev->vm_start <= start && start < prev->vm_end) {
		*after_prev = NULL;
		return prev;
	}
	if (prev && prev->vm_end > start) {	/* prev after the range */
		*after_prev = vmm_vma_next_of(mm, prev);
		return vmm_walk_find(w, mm, start);
	}
	/* Every VMA before the one after prev ends at or before start. */
	cur = vmm_walk_next_of(w, mm, prev);
	*after_prev = cur;
	if (cur && cur->vm_end <= start)
		cur = vmm_walk_find(w, mm, start);
	return cur;
}

static __always_inline void vmm_vma_merge_snap(struct vmm_attempt *a,
					       struct pt_regs *regs,
					       const struct vmm_rules *rules,
					       struct vmm_settled *s)
{
	static const unsigned long none[VMM_VMA_MERGE_ARGS - VMM_REG_ARGS];
	const unsigned long *st = vmm_stack_args(regs, VMM_VMA_MERGE_ARGS, none);
	struct mm_struct *mm = vmm_vma_merge_mm(regs);
	struct vm_area_struct *prev = vmm_vma_merge_prev(regs);
	struct anon_vma *av = vmm_vma_merge_anon_vma(regs);
	struct mempolicy *pol = vmm_vma_merge_policy(st);
	struct vm_area_struct *cur, *after_prev;
	const struct vmm_vma_snap *next = &a->next;
	struct vmm_range_snap *r = &a->r;
	struct vmm_vma_walk w;

	memset(r, 0, sizeof(*r));
	r->start = vmm_vma_merge_addr(regs);
	r->end = vmm_vma_merge_end(regs);
	r->flags = vmm_vma_merge_vm_flags(regs);
	r->anon_vma = (unsigned long)av;
	r->file = vmm_vma_merge_file(st);
	r->pgoff = vmm_vma_merge_pgoff(st);
	r->uffd = vmm_vma_merge_uffd_ctx(st);
	r->src_anon_unshared = vmm_anon_unshared(av);
	a->rules = rules;

	cur = vmm_vma_merge_cur(&w, mm, prev, r->start, &after_prev);
	if (cur && cur->vm_start <= r->start) {
		/* An existing range: the VMA it is part of. */
		r->existing = true;
		r->full_span = cur->vm_start == r->start && cur->vm_end == r->end;
		r->middle_close = cur->vm_ops && cur->vm_ops->close;
		if (cur->vm_start < r->start)
			vmm_snap_remainder(&a->prev, cur, pol);
		else
			vmm_snap_vma(&a->prev, prev, pol, false);
		if (cur->vm_end > r->end && a->prev.remainder)
			next = &a->prev;	/* a split: the same remainder */
		else if (cur->vm_end > r->end)
			vmm_snap_remainder(&a->next, cur, pol);
		else
			vmm_snap_vma(&a->next, cur == prev ?
				     vmm_vma_after(mm, cur) : vmm_walk_next(&w),
				     pol, false);
	} else {
		/* A new range (mmap, brk, mremap's copy): it is unmapped. */
		vmm_snap_vma(&a->prev, prev, pol, false);
		vmm_snap_vma(&a->next, after_prev, pol, false);
	}
	vmm_attempt_judge(a, next, s);
}

/**
 * vmm_vma_merge_entry() - vma_merge's entry handler: snapshot, classify and
 * keep the settled attempt
 * @ri: the call's kretprobe instance (data: struct vmm_vma_merge_call)
 * @regs: the registers at entry
 *
 * Return: 0, or 1 if the call is filtered out (no return handler).
 */
int vmm_vma_merge_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct vmm_vma_merge_call *c = (void *)ri->data;
	struct vmm_probe *p = vmm_probe_hit(ri);
	struct vmm_attempt a VMM_NOINIT;

	if (vmm_filtered_out())
		return 1;
	vmm_vma_merge_snap(&a, regs, &p->rules, &c->s);
	return 0;
}

/**
 * vmm_vma_merge_ret() - vma_merge's return handler: account what it did
 * @ri: the call's kretprobe instance
 * @regs: the registers at return
 *
 * Return: 0.
 */
int vmm_vma_merge_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct vmm_vma_merge_call *c = (void *)ri->data;
	struct vm_area_struct *got = (void *)regs_return_value(regs);
	enum vmm_result res = VMM_RESULT_none;

	/* NULL is "no merge" or an ENOMEM the return value cannot tell. */
	if (got)
		res = vmm_result_from_extents(c->s.start, c->s.end,
					      got->vm_start, got->vm_end);
	vmm_settled_finish(&c->s, res);
	return 0;
}
