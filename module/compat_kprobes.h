/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat_kprobes.h - kretprobe plumbing.
 *
 * Part of the compat layer (compat_*.h): the only files that test a
 * HAVE_* from scripts/conftest.sh (vmm_config.h) or a kernel version.
 */
#ifndef VMM_COMPAT_KPROBES_H
#define VMM_COMPAT_KPROBES_H

#include <linux/kprobes.h>
#include "vmm_config.h"

static inline struct kretprobe *vmm_ri_kretprobe(struct kretprobe_instance *ri)
{
#ifdef HAVE_GET_KRETPROBE
	return get_kretprobe(ri);	/* 5.11: d741bf41d7c7 */
#else
	return ri->rp;
#endif
}

#endif /* VMM_COMPAT_KPROBES_H */
