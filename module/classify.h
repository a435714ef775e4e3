/* SPDX-License-Identifier: GPL-2.0 */
/*
 * classify.h - why a merge attempt did or did not merge, from snapshots.
 *
 * Pure: no kernel header.  The probe handlers fill the snapshots (from the
 * merge entry point's arguments and the neighbouring VMAs, at entry), the
 * classifier predicts what the kernel will do and says why for each side;
 * the return handler compares the prediction with what the kernel did.
 *
 * Where the kernel's rules differ between generations, the difference is an
 * input (struct vmm_rules), filled from what the build found out about the
 * target kernel, never a guess made here.
 */
#ifndef VMM_CLASSIFY_H
#define VMM_CLASSIFY_H

#include "vmm_defs.h"

enum vmm_side { VMM_PREV, VMM_NEXT, VMM_NR_SIDES };

enum vmm_anon_rule {
	/*
	 * <= 6.12: is_mergeable_anon_vma(a1, a2, vma): one side without an
	 * anon_vma merges only if the neighbour's anon_vma_chain is singular
	 * (so never into an unfaulted neighbour, never a fork child).
	 */
	VMM_ANON_SINGULAR,
	/*
	 * 7.x: a faulted range may merge into an unfaulted neighbour unless
	 * the range (or mremap's source) is a fork child; an unfaulted range
	 * merges into a faulted neighbour unless that is a fork child.
	 */
	VMM_ANON_FORK_CHILD,
};

struct vmm_rules {
	unsigned long special;		/* VM_SPECIAL */
	unsigned long ignore;		/* flags not compared (VM_SOFTDIRTY, ...) */
	enum vmm_anon_rule anon;
	bool close_neighbour;		/* <= 6.1: any ->close refuses that side */
	bool close_removal;		/* >= 6.12: ->close refuses only removal */
	bool prefer_next;		/* 6.1 mmap_region: next goes first */
};

/* The merge entry points whose rules differ. */
enum vmm_entry {
	VMM_ENTRY_VMA_MERGE,	/* 5.10, 6.1: vma_merge() */
	VMM_ENTRY_MMAP,		/* 6.1: mmap_region()'s own merge, do_brk_flags() */
	VMM_ENTRY_VMG,		/* 6.12+: vma_merge_new_range(), vma_modify() */
};

struct vmm_rules vmm_rules_of(enum vmm_entry entry, unsigned long special,
			      unsigned long ignore, enum vmm_anon_rule vmg_anon);

/* A neighbour as the kernel saw it at the merge entry point. */
struct vmm_vma_snap {
	bool present;
	bool remainder;		/* the rest of the VMA being modified */
	unsigned long start, end, pgoff, flags;
	unsigned long file, uffd, anon_name, anon_vma;
	bool has_close;
	bool policy_differs;	/* from the range's, by the kernel's rule */
	bool chain_singular;	/* list_is_singular(&vma->anon_vma_chain) */
	bool anon_unshared;	/* own root, no children (the audit's; probes: false) */
};

/* The range the kernel tries to merge, with the attributes it would get. */
struct vmm_range_snap {
	unsigned long start, end, pgoff, flags;
	unsigned long file, uffd, anon_name, anon_vma;
	bool existing;		/* part of an existing VMA (vma_modify & co) */
	bool full_span;		/* existing, and the whole of that VMA */
	bool middle_close;	/* existing, and that VMA has ->close */
	bool src_fork_child;	/* the modified VMA or mremap source forked */
	bool src_anon_unshared;	/* its anon_vma is its own root, no children */
};

struct vmm_verdict {
	enum vmm_result predicted;
	enum vmm_reason reason[VMM_NR_SIDES];
	unsigned int blockers[VMM_NR_SIDES];	/* every reason that applies */
	bool both_conflict;
	unsigned int missed;			/* bits of enum vmm_missed */
};

void vmm_verdict_missed(const struct vmm_range_snap *r,
			const struct vmm_vma_snap *prev,
			const struct vmm_vma_snap *next,
			enum vmm_result actual, struct vmm_verdict *v);

#define VMM_BIT(r) (1U << (r))

/*
 * The classifier proper, inline: it runs in every probe hit's entry handler
 * (the missed bits in its return handler), where a call apiece is a
 * measurable share of the cost (make bench).
 */
static __always_inline unsigned long vmm_pages(unsigned long start, unsigned long end)
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
		return VMM_BIT(VMM_REASON_absent);
	if (!n->remainder &&
	    (side == VMM_PREV ? n->end != r->start : n->start != r->end))
		return VMM_BIT(VMM_REASON_not_adjacent);
	if ((r->flags | n->flags) & rules->special)
		b |= VMM_BIT(VMM_REASON_special);
	if ((r->flags ^ n->flags) & ~rules->ignore)
		b |= VMM_BIT(VMM_REASON_flags);
	if (r->file != n->file)
		b |= VMM_BIT(VMM_REASON_file);
	if (rules->close_neighbour && n->has_close)
		b |= VMM_BIT(VMM_REASON_close);
	if (r->uffd != n->uffd)
		b |= VMM_BIT(VMM_REASON_uffd);
	if (r->anon_name != n->anon_name)
		b |= VMM_BIT(VMM_REASON_anon_name);
	if (n->policy_differs)
		b |= VMM_BIT(VMM_REASON_policy);
	if (n->remainder)	/* same VMA: only attributes can differ */
		return b ? b : VMM_BIT(VMM_REASON_not_adjacent);
	if (side == VMM_PREV ?
	    n->pgoff + vmm_pages(n->start, n->end) != r->pgoff :
	    n->pgoff != r->pgoff + vmm_pages(r->start, r->end))
		b |= VMM_BIT(VMM_REASON_pgoff);
	if (r->anon_vma && n->anon_vma && r->anon_vma != n->anon_vma)
		b |= VMM_BIT(VMM_REASON_anon_vma);
	if (!r->anon_vma != !n->anon_vma && vmm_chain_refuses(rules, r, n))
		b |= VMM_BIT(VMM_REASON_anon_vma_chain);
	return b;
}

/* Blockers hold only reasons below VMM_REASON_ok: the lowest set bit. */
static __always_inline enum vmm_reason vmm_first_reason(unsigned int blockers)
{
	return blockers ? (enum vmm_reason)__builtin_ctz(blockers) :
			  VMM_REASON_ok;
}

/* Can prev and next both stay with the range, i.e. their anon_vmas fit? */
static __always_inline bool vmm_both_fit(const struct vmm_rules *rules,
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
static __always_inline void vmm_classify(const struct vmm_rules *rules,
					 const struct vmm_range_snap *r,
					 const struct vmm_vma_snap *prev,
					 const struct vmm_vma_snap *next,
					 struct vmm_verdict *v)
{
	bool left, right;

	v->blockers[VMM_PREV] = vmm_side_blockers(rules, r, prev, VMM_PREV);
	/* One remainder on both sides (a split): its blockers have no side. */
	v->blockers[VMM_NEXT] = next == prev && prev->remainder ?
				v->blockers[VMM_PREV] :
				vmm_side_blockers(rules, r, next, VMM_NEXT);
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
	if (blockers == VMM_BIT(VMM_REASON_pgoff) && !r->file)
		return VMM_BIT(VMM_MISSED_pgoff_only);
	if (blockers == VMM_BIT(VMM_REASON_anon_vma))
		return r->src_anon_unshared ? VMM_BIT(VMM_MISSED_anon_vma_unshared) :
					      VMM_BIT(VMM_MISSED_anon_vma_shared);
	if (blockers == VMM_BIT(VMM_REASON_anon_vma_chain)) {
		/* The side that has the anon_vma: is it tied to a fork? */
		bool forked = r->anon_vma ? r->src_fork_child :
					    !n->chain_singular;

		return forked ? VMM_BIT(VMM_MISSED_anon_vma_shared) :
				VMM_BIT(VMM_MISSED_anon_vma_unshared);
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
static __always_inline void
vmm_verdict_side_missed(const struct vmm_range_snap *r,
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
static __always_inline unsigned int
vmm_missed_of(const unsigned int side[VMM_NR_SIDES], enum vmm_result actual)
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

/* A pair of neighbouring VMAs, as the audit judges it. */
struct vmm_pair_verdict {
	enum vmm_reason reason;		/* the first that applies, or ok */
	unsigned int blockers;		/* every reason that applies */
	unsigned int missed;		/* bits of enum vmm_missed */
};

void vmm_judge_pair(const struct vmm_rules *rules,
		    const struct vmm_vma_snap *a, const struct vmm_vma_snap *b,
		    bool b_fork_child, struct vmm_pair_verdict *pv);

#endif /* VMM_CLASSIFY_H */
