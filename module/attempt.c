// SPDX-License-Identifier: GPL-2.0
/*
 * attempt.c - snapshots of the VMAs around a merge attempt, and its
 * accounting once the kernel has decided.
 *
 * Notes on locking: called from kretprobe handlers (preemption disabled)
 * under the mm's mmap_lock, held for write by every merge caller, so the
 * VMAs and their anon_vma_chain lists are stable.  The anon_vma fields
 * read (root, num_children) are written under the root anon_vma's rwsem,
 * which a handler may not take: they are read once with READ_ONCE and are
 * only used as hints for the counterfactuals.  No lock is taken here; the
 * event ring has its own (events.c).
 */
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mempolicy.h>
#include <linux/rmap.h>
#include "attempt.h"
#include "compat_anon.h"
#include "compat_mempolicy.h"
#include "events.h"
#include "probes.h"

/**
 * vmm_anon_unshared() - is @av its own root with no child anon_vma?
 * @av: an anon_vma or NULL
 *
 * Return: true if pages under @av belong to no fork relative.
 */
bool vmm_anon_unshared(struct anon_vma *av)
{
	return av && READ_ONCE(av->root) == av && vmm_anon_children(av) <= 1;
}

/**
 * vmm_fork_child() - 7.x's vma_is_fork_child()
 * @vma: a VMA or NULL
 *
 * Return: true if @vma is faulted and linked to more than its own anon_vma.
 */
bool vmm_fork_child(struct vm_area_struct *vma)
{
	return vma && vma->anon_vma && !list_is_singular(&vma->anon_vma_chain);
}

/* Every field of @s but policy_differs, from @vma (not NULL). */
static void vmm_snap_common(struct vmm_vma_snap *s, struct vm_area_struct *vma)
{
	s->present = true;
	s->remainder = false;
	s->start = vma->vm_start;
	s->end = vma->vm_end;
	s->pgoff = vma->vm_pgoff;
	s->flags = vma->vm_flags;
	s->file = (unsigned long)vma->vm_file;
	s->uffd = (unsigned long)vma->vm_userfaultfd_ctx.ctx;
	s->anon_name = 0;	/* no CONFIG_ANON_VMA_NAME on the targets */
	s->anon_vma = (unsigned long)vma->anon_vma;
	s->has_close = vma->vm_ops && vma->vm_ops->close;
	s->chain_singular = list_is_singular(&vma->anon_vma_chain);
	s->anon_unshared = vmm_anon_unshared(vma->anon_vma);
}

/**
 * vmm_snap_vma() - snapshot a neighbour of the range
 * @s: where to write
 * @vma: the neighbour, or NULL for none
 * @pol: the range's mempolicy
 * @any_policy: 6.1 mmap_region's rule: any policy on @vma refuses it
 */
void vmm_snap_vma(struct vmm_vma_snap *s, struct vm_area_struct *vma,
		  struct mempolicy *pol, bool any_policy)
{
	if (!vma) {
		memset(s, 0, sizeof(*s));
		return;
	}
	vmm_snap_common(s, vma);
	s->policy_differs = any_policy ? !!vma->vm_policy :
			    !vmm_mpol_equal(pol, vma->vm_policy);
}

/**
 * vmm_snap_remainder() - snapshot the part of the modified VMA left over
 * @s: where to write
 * @vma: the VMA the range is cut from, with its old attributes
 * @pol: the range's (new) mempolicy
 */
void vmm_snap_remainder(struct vmm_vma_snap *s, struct vm_area_struct *vma,
			struct mempolicy *pol)
{
	vmm_snap_vma(s, vma, pol, false);
	s->remainder = true;
}

/**
 * vmm_attempt_classify() - run the classifier on the snapshot
 * @a: the attempt, snapshot filled in
 */
void vmm_attempt_classify(struct vmm_attempt *a)
{
	vmm_classify(a->rules, &a->r, &a->prev, &a->next, &a->v);
}

/**
 * vmm_attempt_settle() - keep what the return handler needs of an attempt
 * @a: the classified attempt
 * @s: where to write
 */
void vmm_attempt_settle(const struct vmm_attempt *a, struct vmm_settled *s)
{
	unsigned int side[VMM_NR_SIDES];

	vmm_verdict_side_missed(&a->r, &a->prev, &a->next, &a->v, side);
	s->start = a->r.start;
	s->end = a->r.end;
	s->predicted = a->v.predicted;
	s->reason[VMM_PREV] = a->v.reason[VMM_PREV];
	s->reason[VMM_NEXT] = a->v.reason[VMM_NEXT];
	s->side_missed[VMM_PREV] = side[VMM_PREV];
	s->side_missed[VMM_NEXT] = side[VMM_NEXT];
	s->both_conflict = a->v.both_conflict;
}

/**
 * vmm_settled_finish() - account a settled attempt once the kernel decided
 * @s: the settled attempt (vmm_attempt_settle())
 * @actual: what the kernel did
 */
void vmm_settled_finish(const struct vmm_settled *s, enum vmm_result actual)
{
	enum vmm_caller caller = vmm_current_caller();
	bool mismatch = actual != VMM_RESULT_error && actual != s->predicted;
	unsigned int side[VMM_NR_SIDES] = {
		s->side_missed[VMM_PREV], s->side_missed[VMM_NEXT]
	};
	unsigned int missed = vmm_missed_of(side, actual), m;

	vmm_stats_begin();
	vmm_stat_inc(VMM_ST_ATTEMPTS);
	vmm_stat_inc(VMM_ST_RESULT(actual));
	vmm_stat_inc(VMM_ST_CALLER(caller));
	vmm_stat_inc(VMM_ST_PREV(s->reason[VMM_PREV]));
	vmm_stat_inc(VMM_ST_NEXT(s->reason[VMM_NEXT]));
	if (s->both_conflict)
		vmm_stat_inc(VMM_ST_BOTH_ANON_VMA_CONFLICT);
	for (m = 0; m < VMM_NR_MISSED; m++)
		if (missed & (1U << m))
			vmm_stat_inc(VMM_ST_MISSED(m));
	if (mismatch)
		vmm_stat_inc(VMM_ST_MODEL_MISMATCH);
	vmm_stats_end();
	vmm_event_merge(caller, s, missed, actual, mismatch);
}

/**
 * vmm_attempt_finish() - account an attempt once the kernel has decided
 * @a: the classified attempt
 * @actual: what the kernel did
 */
void vmm_attempt_finish(struct vmm_attempt *a, enum vmm_result actual)
{
	struct vmm_settled s;

	vmm_attempt_settle(a, &s);
	vmm_settled_finish(&s, actual);
}
