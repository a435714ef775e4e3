/* SPDX-License-Identifier: GPL-2.0 */
/*
 * attempt.h - one merge attempt, from the entry handler's snapshot to the
 * return handler's accounting.  Lives in the kretprobe instance data.
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

void vmm_snap_vma(struct vmm_vma_snap *s, struct vm_area_struct *vma,
		  struct mempolicy *pol, bool any_policy);
void vmm_snap_remainder(struct vmm_vma_snap *s, struct vm_area_struct *vma,
			struct mempolicy *pol);
bool vmm_anon_unshared(struct anon_vma *av);
bool vmm_fork_child(struct vm_area_struct *vma);
void vmm_attempt_classify(struct vmm_attempt *a);
void vmm_attempt_finish(struct vmm_attempt *a, enum vmm_result actual);

#endif /* VMM_ATTEMPT_H */
