/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat_anon.h - the anon_vma fields that changed: num_children
 * and num_active_vmas (6.1+) replaced degree.
 *
 * Part of the compat layer (compat_*.h): the only files that test a
 * HAVE_* from scripts/conftest.sh (vmm_config.h) or a kernel version.
 */
#ifndef VMM_COMPAT_ANON_H
#define VMM_COMPAT_ANON_H

#include <linux/rmap.h>
#include "vmm_config.h"

/* How many anon_vmas have @av as parent, itself included for a root. */
static inline unsigned long vmm_anon_children(struct anon_vma *av)
{
#ifdef HAVE_ANON_VMA_NUM_CHILDREN
	return READ_ONCE(av->num_children);
#else
	return READ_ONCE(av->degree);	/* children and VMAs, counted together */
#endif
}

/* How many VMAs point at @av (num_active_vmas), or its degree. */
static inline unsigned long vmm_anon_active(struct anon_vma *av)
{
#ifdef HAVE_ANON_VMA_NUM_CHILDREN
	return READ_ONCE(av->num_active_vmas);
#else
	return READ_ONCE(av->degree);
#endif
}

#ifdef HAVE_ANON_VMA_NUM_CHILDREN
#define VMM_ANON_ACTIVE_NAME "num_active_vmas"
#else
#define VMM_ANON_ACTIVE_NAME "degree"
#endif

#endif /* VMM_COMPAT_ANON_H */
