/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat.h - the one place that knows kernel API shapes.
 *
 * Every HAVE_* below comes from scripts/conftest.sh, which compiles small
 * probes against the target kernel's headers at build time; the layout of
 * the private struct vma_merge_struct comes from the target's BTF
 * (scripts/vmg-layout.sh).  No other file tests a HAVE_* or a version.
 */
#ifndef VMM_COMPAT_H
#define VMM_COMPAT_H

#include <linux/kprobes.h>
#include <linux/mm.h>
#include "vmm_config.h"

/* ---- kretprobe plumbing ---- */

static inline struct kretprobe *vmm_ri_kretprobe(struct kretprobe_instance *ri)
{
#ifdef HAVE_GET_KRETPROBE
	return get_kretprobe(ri);	/* 5.11: d741bf41d7c7 */
#else
	return ri->rp;
#endif
}

/* ---- which probe files this kernel's generation builds (Kbuild) ---- */

struct vmm_probe;

#define VMM_DECLARE_PROBE_SET(name)					\
	extern struct vmm_probe vmm_##name##_probes[];			\
	extern const unsigned int vmm_##name##_nr_probes

VMM_DECLARE_PROBE_SET(copy_vma);

#if defined(HAVE_VMA_MERGE_10) || defined(HAVE_VMA_MERGE_11)
VMM_DECLARE_PROBE_SET(vma_merge);
#else
#define vmm_vma_merge_probes ((struct vmm_probe *)NULL)
#define vmm_vma_merge_nr_probes 0U
#endif

#if (defined(HAVE_VMA_MERGE_10) || defined(HAVE_VMA_MERGE_11)) && \
	defined(HAVE_VMA_ITERATOR)
/*
 * 6.1: mmap_region merges new mappings through vma_expand and brk expands
 * in do_brk_flags, neither through vma_merge (probe_expand.c).
 */
VMM_DECLARE_PROBE_SET(expand);
void *vmm_expand_current_mmap(void);
void vmm_expand_retry_result(void *mmap_call, int result);
#else
#define vmm_expand_probes ((struct vmm_probe *)NULL)
#define vmm_expand_nr_probes 0U
static inline void *vmm_expand_current_mmap(void)
{
	return NULL;
}

static inline void vmm_expand_retry_result(void *mmap_call, int result)
{
}
#endif

#if !defined(HAVE_VMA_MERGE_10) && !defined(HAVE_VMA_MERGE_11)
VMM_DECLARE_PROBE_SET(vmg);
#include "vmm_vmg_layout.h"
#ifdef VMM_VMG_LAYOUT_MISSING
#define VMM_LAYOUT_SOURCE "none: " VMM_VMG_LAYOUT_MISSING
/*
 * Without a layout the vmg probes stay off (and say why): never guess.
 * The offsets below only let their handlers compile; they never run.
 */
#define VMM_VMG_OFF_REASON "no vma_merge_struct layout: " VMM_VMG_LAYOUT_MISSING
#define VMM_VMG_OFF_start 0
#define VMM_VMG_OFF_end 0
#define VMM_VMG_OFF_state 0
#define VMM_VMG_OFF_MIDDLE 0
#define VMM_VMA_MERGE_ERROR_NOMEM 1
#else
#define VMM_VMG_OFF_REASON NULL
#define VMM_LAYOUT_SOURCE VMM_VMG_LAYOUT_SOURCE
/* 6.12 calls the VMA being modified `vma`, 7.2 `middle`. */
#ifdef VMM_VMG_OFF_middle
#define VMM_VMG_OFF_MIDDLE VMM_VMG_OFF_middle
#else
#define VMM_VMG_OFF_MIDDLE VMM_VMG_OFF_vma
#endif
#endif
/* Read a field of struct vma_merge_struct at its BTF-derived offset. */
#define VMM_VMG_FIELD(vmg, type, field)					\
	(*(type *)((char *)(vmg) + VMM_VMG_OFF_##field))
#else
#define vmm_vmg_probes ((struct vmm_probe *)NULL)
#define vmm_vmg_nr_probes 0U
#define VMM_LAYOUT_SOURCE "n/a (no struct vma_merge_struct in this kernel)"
#endif

#endif /* VMM_COMPAT_H */
