/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat_mempolicy.h - comparing mempolicies: __mpol_equal() is not
 * exported, so it is redone here.
 *
 * Part of the compat layer (compat_*.h): the only files that test a
 * HAVE_* from scripts/conftest.sh (vmm_config.h) or a kernel version.
 */
#ifndef VMM_COMPAT_MEMPOLICY_H
#define VMM_COMPAT_MEMPOLICY_H

#include <linux/mempolicy.h>
#include <linux/nodemask.h>
#include "vmm_config.h"

static __always_inline bool vmm_mpol_equal(struct mempolicy *a, struct mempolicy *b)
{
	if (a == b)
		return true;
	if (!a || !b || a->mode != b->mode || a->flags != b->flags)
		return false;
#ifdef HAVE_MEMPOLICY_HOME_NODE
	if (a->home_node != b->home_node)
		return false;
#endif
	if ((a->flags & MPOL_MODE_FLAGS) &&
	    !nodes_equal(a->w.user_nodemask, b->w.user_nodemask))
		return false;
#ifdef HAVE_MEMPOLICY_NODES
	/* 6.1 .. 7.2: every mode but MPOL_LOCAL compares its nodes. */
	return a->mode == MPOL_LOCAL || nodes_equal(a->nodes, b->nodes);
#else
	/* 5.10: local allocation is MPOL_PREFERRED with MPOL_F_LOCAL. */
	if (a->mode == MPOL_PREFERRED)
		return (a->flags & MPOL_F_LOCAL) ||
		       a->v.preferred_node == b->v.preferred_node;
	return nodes_equal(a->v.nodes, b->v.nodes);
#endif
}

#endif /* VMM_COMPAT_MEMPOLICY_H */
