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
	bool anon_unshared;	/* anon_vma is its own root, no children */
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

void vmm_classify(const struct vmm_rules *rules,
		  const struct vmm_range_snap *r,
		  const struct vmm_vma_snap *prev,
		  const struct vmm_vma_snap *next,
		  struct vmm_verdict *v);

void vmm_verdict_missed(const struct vmm_range_snap *r,
			const struct vmm_vma_snap *prev,
			const struct vmm_vma_snap *next,
			enum vmm_result actual, struct vmm_verdict *v);
void vmm_verdict_side_missed(const struct vmm_range_snap *r,
			     const struct vmm_vma_snap *prev,
			     const struct vmm_vma_snap *next,
			     const struct vmm_verdict *v,
			     unsigned int side[VMM_NR_SIDES]);
unsigned int vmm_missed_of(const unsigned int side[VMM_NR_SIDES],
			   enum vmm_result actual);

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
