/* SPDX-License-Identifier: GPL-2.0 */
/*
 * attempt.h - one merge attempt, from the entry handler's snapshot to the
 * return handler's accounting.
 *
 * struct vmm_attempt is the whole snapshot; the generations that classify
 * at entry keep only its settled part (struct vmm_settled) for the return
 * handler, which fits the per-call data of every hook backend (hooks.h).
 * The snapshot and verdict helpers are inline here: they run in every
 * probe hit's entry handler, where a call apiece is a measurable share of
 * the cost (make bench); the accounting (vmm_settled_finish()) is in
 * events.c, with the event it logs.
 *
 * Notes on locking: called from the probe handlers (preemption disabled)
 * under the mm's mmap_lock, held for write by every merge caller, so the
 * VMAs and their anon_vma_chain lists are stable.  The anon_vma fields
 * read (root, num_children) are written under the root anon_vma's rwsem,
 * which a handler may not take: they are read once with READ_ONCE and are
 * only used as hints for the counterfactuals.  No lock is taken here.
 */
#ifndef VMM_ATTEMPT_H
#define VMM_ATTEMPT_H

#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mm_types.h>
#include <linux/mempolicy.h>
#include <linux/rmap.h>
#include "classify.h"
#include "compat_anon.h"
#include "compat_mempolicy.h"

/*
 * A handler's stack snapshot is written field by field before anything
 * reads it (vmm_snap_vma() and the range helpers set every field, the
 * classifier every verdict field).  Debian's kernels are built with
 * CONFIG_INIT_STACK_ALL_ZERO, which would clear the whole of it (270
 * bytes) first on every hit: VMM_NOINIT opts such a variable out, where
 * the compiler can (gcc 12+, clang).
 */
#if __has_attribute(__uninitialized__)
#define VMM_NOINIT __attribute__((__uninitialized__))
#else
#define VMM_NOINIT
#endif

struct vmm_attempt {
	struct vmm_range_snap r;
	struct vmm_vma_snap prev, next;
	struct vmm_verdict v;
	const struct vmm_rules *rules;	/* its probe's (struct vmm_probe) */
};

/*
 * What the return handler needs of an attempt classified at entry: small
 * enough for fprobe's entry data (at most 15 longs on the function-graph
 * based fprobe).
 */
struct vmm_settled {
	unsigned long start, end;
	u8 predicted;			/* enum vmm_result */
	u8 reason[VMM_NR_SIDES];	/* enum vmm_reason */
	u8 side_missed[VMM_NR_SIDES];	/* vmm_verdict_side_missed() */
	bool both_conflict;
};

/**
 * vmm_anon_unshared() - is @av its own root with no child anon_vma?
 * @av: an anon_vma or NULL
 *
 * Return: true if pages under @av belong to no fork relative.
 */
static inline bool vmm_anon_unshared(struct anon_vma *av)
{
	return av && READ_ONCE(av->root) == av && vmm_anon_children(av) <= 1;
}

/**
 * vmm_fork_child() - 7.x's vma_is_fork_child()
 * @vma: a VMA or NULL
 *
 * Return: true if @vma is faulted and linked to more than its own anon_vma.
 */
static inline bool vmm_fork_child(struct vm_area_struct *vma)
{
	return vma && vma->anon_vma && !list_is_singular(&vma->anon_vma_chain);
}

/* Every field of @s but policy_differs, from @vma (not NULL). */
static __always_inline void vmm_snap_common(struct vmm_vma_snap *s, struct vm_area_struct *vma)
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
	s->anon_unshared = false;	/* only the audit's snapshots need it */
}

/**
 * vmm_snap_vma() - snapshot a neighbour of the range
 * @s: where to write
 * @vma: the neighbour, or NULL for none
 * @pol: the range's mempolicy
 * @any_policy: 6.1 mmap_region's rule: any policy on @vma refuses it
 */
static __always_inline void vmm_snap_vma(struct vmm_vma_snap *s,
					 struct vm_area_struct *vma,
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
static __always_inline void vmm_snap_remainder(struct vmm_vma_snap *s,
					       struct vm_area_struct *vma,
					       struct mempolicy *pol)
{
	vmm_snap_vma(s, vma, pol, false);
	s->remainder = true;
}

/**
 * vmm_attempt_classify() - run the classifier on the snapshot
 * @a: the attempt, snapshot filled in
 */
static __always_inline void vmm_attempt_classify(struct vmm_attempt *a)
{
	vmm_classify(a->rules, &a->r, &a->prev, &a->next, &a->v);
}

/* vmm_attempt_settle(), with the snapshot of the next side at @next. */
static __always_inline void __vmm_attempt_settle(const struct vmm_attempt *a,
						 const struct vmm_vma_snap *next,
						 struct vmm_settled *s)
{
	unsigned int side[VMM_NR_SIDES];

	vmm_verdict_side_missed(&a->r, &a->prev, next, &a->v, side);
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
 * vmm_attempt_settle() - keep what the return handler needs of an attempt
 * @a: the classified attempt
 * @s: where to write
 */
static __always_inline void vmm_attempt_settle(const struct vmm_attempt *a,
					       struct vmm_settled *s)
{
	__vmm_attempt_settle(a, &a->next, s);
}

/**
 * vmm_attempt_judge() - classify and settle, the next side's snapshot given
 * @a: the attempt, snapshot filled in but for, maybe, a->next
 * @next: &a->next, or &a->prev when the range is cut from inside one VMA
 *        (both sides are its remainder: snapshot once, judged once)
 * @s: where to write the settled attempt
 */
static __always_inline void vmm_attempt_judge(struct vmm_attempt *a,
					      const struct vmm_vma_snap *next,
					      struct vmm_settled *s)
{
	vmm_classify(a->rules, &a->r, &a->prev, next, &a->v);
	__vmm_attempt_settle(a, next, s);
}

void vmm_settled_finish(const struct vmm_settled *s, enum vmm_result actual);

/**
 * vmm_attempt_finish() - account an attempt once the kernel has decided
 * @a: the classified attempt
 * @actual: what the kernel did
 */
static inline void vmm_attempt_finish(const struct vmm_attempt *a,
				      enum vmm_result actual)
{
	struct vmm_settled s;

	vmm_attempt_settle(a, &s);
	vmm_settled_finish(&s, actual);
}

#endif /* VMM_ATTEMPT_H */
