/* SPDX-License-Identifier: GPL-2.0 */
/*
 * attempt.h - one merge attempt, from the entry handler's snapshot to the
 * return handler's accounting.
 *
 * struct vmm_attempt is the whole snapshot; the generations that classify
 * at entry keep only its settled part (struct vmm_settled) for the return
 * handler, which fits the per-call data of every hook backend (hooks.h).
 */
#ifndef VMM_ATTEMPT_H
#define VMM_ATTEMPT_H

#include <linux/mm_types.h>
#include "classify.h"

struct mempolicy;

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

void vmm_snap_vma(struct vmm_vma_snap *s, struct vm_area_struct *vma,
		  struct mempolicy *pol, bool any_policy);
void vmm_snap_remainder(struct vmm_vma_snap *s, struct vm_area_struct *vma,
			struct mempolicy *pol);
bool vmm_anon_unshared(struct anon_vma *av);
bool vmm_fork_child(struct vm_area_struct *vma);
void vmm_attempt_classify(struct vmm_attempt *a);
void vmm_attempt_settle(const struct vmm_attempt *a, struct vmm_settled *s);
void vmm_settled_finish(const struct vmm_settled *s, enum vmm_result actual);
void vmm_attempt_finish(struct vmm_attempt *a, enum vmm_result actual);

#endif /* VMM_ATTEMPT_H */
