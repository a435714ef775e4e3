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
