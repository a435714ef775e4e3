/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat_slab.h - allocating an object.
 *
 * Part of the compat layer (compat_*.h): the only files that test a
 * HAVE_* from scripts/conftest.sh (vmm_config.h) or a kernel version.
 */
#ifndef VMM_COMPAT_SLAB_H
#define VMM_COMPAT_SLAB_H

#include <linux/slab.h>

/* One zeroed object: kzalloc_obj() where the kernel has it (7.x). */
#ifdef kzalloc_obj
#define vmm_kzalloc_obj(p) kzalloc_obj(*(p))
#else
#define vmm_kzalloc_obj(p) kzalloc(sizeof(*(p)), GFP_KERNEL)
#endif

#endif /* VMM_COMPAT_SLAB_H */
