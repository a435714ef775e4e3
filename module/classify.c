// SPDX-License-Identifier: GPL-2.0
/*
 * classify.c - the merge rules of the four kernel generations, as pure
 * logic over snapshots (see classify.h).  Unit-tested on the host in
 * tests/unit/test_classify.c.
 *
 * The kernel's predicates (is_mergeable_vma, is_mergeable_anon_vma,
 * can_vma_merge_{before,after,left,right} and the pgoff arithmetic) AND
 * their conditions, so the order of the checks never changes the outcome:
 * here every condition is evaluated and the first in doc/INTERFACE.md's order
 * is reported, all of them are kept in blockers[] for the counterfactuals.
 */
#include "classify.h"

#define BIT_OF(r) (1U << (r))

/**
 * vmm_rules_of() - the merge rules of one kernel entry point
 * @entry: which entry point
 * @special: the kernel's VM_SPECIAL
 * @ignore: the flags the kernel does not compare (VM_SOFTDIRTY, ...)
 * @vmg_anon: the anon_vma rule of the vmg kernels (from their BTF)
 *
 * <= 6.1 (vma_merge, and 6.1's mmap_region and brk): a ->close hook on a
 * neighbour refuses it, one side without anon_vma merges only into a
 * singular chain; mmap_region looks at next first.  >= 6.12 (vmg): ->close
 * refuses only removing that VMA; the anon_vma rule is @vmg_anon.  The
 * module and the host unit tests both take their rules from here.
 *
 * Return: the rules.
 */
struct vmm_rules vmm_rules_of(enum vmm_entry entry, unsigned long special,
			      unsigned long ignore, enum vmm_anon_rule vmg_anon)
{
	struct vmm_rules r = {
		.special = special,
		.ignore = ignore,
		.anon = VMM_ANON_SINGULAR,
	};

	if (entry == VMM_ENTRY_VMG) {
		r.close_removal = true;
		r.anon = vmg_anon;
	} else {
		r.close_neighbour = true;
		r.prefer_next = entry == VMM_ENTRY_MMAP;
	}
	return r;
}

static unsigned long vmm_pages(unsigned long start, unsigned long end)
{
	return (end - start) >> 12;
}

/* Does an anon_vma on one side, none on the other, refuse the merge? */
static __always_inline bool vmm_chain_refuses(const struct vmm_rules *rules,
			      const struct vmm_range_snap *r,
			      const struct vmm_vma_snap *n)
{
	if (rules->anon == VMM_ANON_SINGULAR)
		return !n->chain_singular;
	if (!n->anon_vma)		/* faulted range into unfaulted n */
		return r->src_fork_child;
	return !n->chain_singular;	/* n is a fork child */
}

static __always_inline unsigned int vmm_side_blockers(const struct vmm_rules *rules,
				      const struct vmm_range_snap *r,
				      const struct vmm_vma_snap *n,
				      enum vmm_side side)
{
	unsigned int b = 0;

	if (!n->present)
		return BIT_OF(VMM_REASON_absent);
	if (!n->remainder &&
	    (side == VMM_PREV ? n->end != r->start : n->start != r->end))
		return BIT_OF(VMM_REASON_not_adjacent);
	if ((r->flags | n->flags) & rules->special)
		b |= BIT_OF(VMM_REASON_special);
	if ((r->flags ^ n->flags) & ~rules->ignore)
		b |= BIT_OF(VMM_REASON_flags);
	if (r->file != n->file)
		b |= BIT_OF(VMM_REASON_file);
	if (rules->close_neighbour && n->has_close)
		b |= BIT_OF(VMM_REASON_close);
	if (r->uffd != n->uffd)
		b |= BIT_OF(VMM_REASON_uffd);
	if (r->anon_name != n->anon_name)
		b |= BIT_OF(VMM_REASON_anon_name);
	if (n->policy_differs)
		b |= BIT_OF(VMM_REASON_policy);
	if (n->remainder)	/* same VMA: only attributes can differ */
		return b ? b : BIT_OF(VMM_REASON_not_adjacent);
	if (side == VMM_PREV ?
	    n->pgoff + vmm_pages(n->start, n->end) != r->pgoff :
	    n->pgoff != r->pgoff + vmm_pages(r->start, r->end))
		b |= BIT_OF(VMM_REASON_pgoff);
	if (r->anon_vma && n->anon_vma && r->anon_vma != n->anon_vma)
		b |= BIT_OF(VMM_REASON_anon_vma);
	if (!r->anon_vma != !n->anon_vma && vmm_chain_refuses(rules, r, n))
		b |= BIT_OF(VMM_REASON_anon_vma_chain);
	return b;
}

/* Blockers hold only reasons below VMM_REASON_ok: the lowest set bit. */
static enum vmm_reason vmm_first_reason(unsigned int blockers)
{
	return blockers ? (enum vmm_reason)__builtin_ctz(blockers) :
			  VMM_REASON_ok;
}

/* Can prev and next both stay with the range, i.e. their anon_vmas fit? */
static bool vmm_both_fit(const struct vmm_rules *rules,
			 const struct vmm_vma_snap *p,
			 const struct vmm_vma_snap *n)
{
	if (rules->prefer_next &&
	    !n->anon_vma != !p->anon_vma && !p->chain_singular)
		/* 6.1 mmap: is_mergeable_anon_vma(next's, prev's, prev) */
		return n->anon_vma == p->anon_vma;
	return !p->anon_vma || !n->anon_vma || p->anon_vma == n->anon_vma;
}

/**
 * vmm_classify() - predict a merge attempt and say why for each side
 * @rules: the target kernel's rules
 * @r: the range
 * @prev: the VMA before the range (or the remainder of a split VMA)
 * @next: the VMA after it (likewise)
 * @v: the verdict (missed is left for vmm_verdict_missed())
 */
void vmm_classify(const struct vmm_rules *rules,
		  const struct vmm_range_snap *r,
		  const struct vmm_vma_snap *prev,
		  const struct vmm_vma_snap *next,
		  struct vmm_verdict *v)
{
	bool left, right;

	v->blockers[VMM_PREV] = vmm_side_blockers(rules, r, prev, VMM_PREV);
	v->blockers[VMM_NEXT] = vmm_side_blockers(rules, r, next, VMM_NEXT);
	v->reason[VMM_PREV] = vmm_first_reason(v->blockers[VMM_PREV]);
	v->reason[VMM_NEXT] = vmm_first_reason(v->blockers[VMM_NEXT]);
	v->both_conflict = false;
	v->missed = 0;

	left = v->reason[VMM_PREV] == VMM_REASON_ok;
	right = v->reason[VMM_NEXT] == VMM_REASON_ok;

	if (left && right && !vmm_both_fit(rules, prev, next)) {
		v->both_conflict = true;
		if (rules->prefer_next)
			left = false;
		else
			right = false;
	}
	if (rules->close_removal) {
		/* 6.12+: a merge may not remove a VMA that has ->close. */
		if (r->existing && r->full_span && r->middle_close &&
		    (left || right)) {
			if (left)
				v->reason[VMM_PREV] = VMM_REASON_close;
			if (right)
				v->reason[VMM_NEXT] = VMM_REASON_close;
			left = false;
			right = false;
		}
		if (left && right && next->has_close) {
			v->reason[VMM_NEXT] = VMM_REASON_close;
			right = false;
		}
	}
	if (left && right)
		v->predicted = VMM_RESULT_both;
	else if (left)
		v->predicted = VMM_RESULT_prev;
	else if (right)
		v->predicted = VMM_RESULT_next;
	else
		v->predicted = VMM_RESULT_none;
}

static __always_inline unsigned int vmm_side_missed(const struct vmm_range_snap *r,
				    const struct vmm_vma_snap *n,
				    unsigned int blockers)
{
	if (blockers == BIT_OF(VMM_REASON_pgoff) && !r->file)
		return BIT_OF(VMM_MISSED_pgoff_only);
	if (blockers == BIT_OF(VMM_REASON_anon_vma))
		return r->src_anon_unshared ? BIT_OF(VMM_MISSED_anon_vma_unshared) :
					      BIT_OF(VMM_MISSED_anon_vma_shared);
	if (blockers == BIT_OF(VMM_REASON_anon_vma_chain)) {
		/* The side that has the anon_vma: is it tied to a fork? */
		bool forked = r->anon_vma ? r->src_fork_child :
					    !n->chain_singular;

		return forked ? BIT_OF(VMM_MISSED_anon_vma_shared) :
				BIT_OF(VMM_MISSED_anon_vma_unshared);
	}
	return 0;
}

/**
 * vmm_verdict_side_missed() - what each side would recover, if it stays apart
 * @r: the range
 * @prev: the VMA before it
 * @next: the VMA after it
 * @v: the verdict of vmm_classify()
 * @side: set to the missed bits of each side (enum vmm_side), for the case
 *        that the kernel does not merge that side
 *
 * The part of vmm_verdict_missed() that does not depend on what the kernel
 * did: a return handler needs only @side and vmm_missed_of(), not the
 * snapshots.
 */
void vmm_verdict_side_missed(const struct vmm_range_snap *r,
			     const struct vmm_vma_snap *prev,
			     const struct vmm_vma_snap *next,
			     const struct vmm_verdict *v,
			     unsigned int side[VMM_NR_SIDES])
{
	side[VMM_PREV] = prev->remainder ? 0 :
			 vmm_side_missed(r, prev, v->blockers[VMM_PREV]);
	side[VMM_NEXT] = next->remainder ? 0 :
			 vmm_side_missed(r, next, v->blockers[VMM_NEXT]);
}

/**
 * vmm_missed_of() - the missed bits of an attempt, once the kernel decided
 * @side: vmm_verdict_side_missed()'s bits of each side
 * @actual: what the kernel did
 *
 * For an attempt that merged less than both sides, each side that did not
 * merge and has exactly one blocker of the kinds below counts once:
 * pgoff alone on an anonymous range (what re-basing pgoff on mremap would
 * recover), anon_vma alone with an anon_vma of its own (what reconnecting
 * pages would recover) or tied to a fork relative (what it would not).
 *
 * Return: bits of enum vmm_missed.
 */
unsigned int vmm_missed_of(const unsigned int side[VMM_NR_SIDES],
			   enum vmm_result actual)
{
	unsigned int missed = 0;

	if (actual == VMM_RESULT_both || actual == VMM_RESULT_error)
		return 0;
	if (actual != VMM_RESULT_prev)
		missed |= side[VMM_PREV];
	if (actual != VMM_RESULT_next)
		missed |= side[VMM_NEXT];
	return missed;
}

/**
 * vmm_verdict_missed() - what a smarter kernel would have recovered
 * @r: the range
 * @prev: the VMA before it
 * @next: the VMA after it
 * @actual: what the kernel did
 * @v: the verdict of vmm_classify(); its missed bits are set here
 *
 * vmm_verdict_side_missed(), then vmm_missed_of().
 */
void vmm_verdict_missed(const struct vmm_range_snap *r,
			const struct vmm_vma_snap *prev,
			const struct vmm_vma_snap *next,
			enum vmm_result actual, struct vmm_verdict *v)
{
	unsigned int side[VMM_NR_SIDES];

	vmm_verdict_side_missed(r, prev, next, v, side);
	v->missed = vmm_missed_of(side, actual);
}

/**
 * vmm_judge_pair() - would two neighbouring VMAs merge if the kernel tried?
 * @rules: the target kernel's rules (vmm_rules_of())
 * @a: the lower VMA; its policy_differs says whether @b's policy differs
 * @b: the VMA after it (its policy_differs is not used)
 * @b_fork_child: @b is faulted and linked to more than its own anon_vma
 * @pv: the verdict
 *
 * Judged as the kernel judges a merge attempt on the whole of @b with @a as
 * prev (an mprotect of @b to its own protections, say): @b is the range,
 * an existing VMA spanned whole, and nothing after it is considered.  The
 * reason and the counterfactual come from vmm_classify() and
 * vmm_verdict_missed() themselves, so an audit and the merge classifier
 * never disagree.
 */
void vmm_judge_pair(const struct vmm_rules *rules,
		    const struct vmm_vma_snap *a, const struct vmm_vma_snap *b,
		    bool b_fork_child, struct vmm_pair_verdict *pv)
{
	struct vmm_range_snap r = {
		.start = b->start, .end = b->end, .pgoff = b->pgoff,
		.flags = b->flags, .file = b->file, .uffd = b->uffd,
		.anon_name = b->anon_name, .anon_vma = b->anon_vma,
		.existing = true, .full_span = true,
		.middle_close = b->has_close,
		.src_fork_child = b_fork_child,
		.src_anon_unshared = b->anon_unshared,
	};
	struct vmm_vma_snap none = { .present = false };
	struct vmm_verdict v;

	vmm_classify(rules, &r, a, &none, &v);
	vmm_verdict_missed(&r, a, &none,
			   v.predicted == VMM_RESULT_prev ? VMM_RESULT_prev :
							    VMM_RESULT_none, &v);
	pv->reason = v.reason[VMM_PREV];
	pv->blockers = v.blockers[VMM_PREV];
	pv->missed = v.missed;
}
