/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat_vmg.h - struct vma_merge_struct (6.12+), private to
 * mm/vma.h, read at the offsets scripts/vmg-layout.sh derived from the
 * target kernel's BTF (vmm_vmg_layout.h, generated into the build
 * directory), and what the BTF says about the rules.  Only probe_vmg.c,
 * which Kbuild builds for the vmg generation alone, includes it.
 *
 * Part of the compat layer (compat_*.h): the only files that test a
 * HAVE_* from scripts/conftest.sh (vmm_config.h) or a kernel version.
 */
#ifndef VMM_COMPAT_VMG_H
#define VMM_COMPAT_VMG_H

#include <linux/types.h>
#include "vmm_vmg_layout.h"

struct vma_iterator;

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
#define VMM_VMG_OFF_prev 0
#define VMM_VMG_OFF_next 0
#define VMM_VMG_OFF_pgoff 0
#define VMM_VMG_OFF_flags 0
#define VMM_VMG_OFF_file 0
#define VMM_VMG_OFF_anon_vma 0
#define VMM_VMG_OFF_policy 0
#define VMM_VMG_OFF_uffd_ctx 0
#define VMM_VMG_ANON_RULE VMM_ANON_SINGULAR
#define VMM_VMG_JUST_EXPAND(vmg) ((void)(vmg), 0)
#define VMM_VMG_COPIED_FROM(vmg) ((void)(vmg), (struct vm_area_struct *)NULL)
#define VMM_VMG_VMI(vmg) ((void)(vmg), (struct vma_iterator *)NULL)
#define VMM_VMA_MERGE_ERROR_NOMEM 1
#define VMM_VMG_BTF_SIZE 0
#define VMM_VMG_BTF_CRC 0
#else
#define VMM_VMG_OFF_REASON NULL
#define VMM_LAYOUT_SOURCE VMM_VMG_LAYOUT_SOURCE
/*
 * 7.x lets a faulted range merge into an unfaulted neighbour unless a fork
 * child is involved: is_mergeable_anon_vma(vmg, merge_next) replaced
 * is_mergeable_anon_vma(anon_vma1, anon_vma2, vma), and copy_vma passes
 * its source as vmg->copied_from.  Either shows in the BTF.
 */
#if (defined(VMM_BTF_NARGS_is_mergeable_anon_vma) && \
	VMM_BTF_NARGS_is_mergeable_anon_vma == 2) || \
	defined(VMM_VMG_OFF_copied_from)
#define VMM_VMG_ANON_RULE VMM_ANON_FORK_CHILD
#else
#define VMM_VMG_ANON_RULE VMM_ANON_SINGULAR
#endif
#ifndef VMM_VMG_OFF_flags
#define VMM_VMG_OFF_flags VMM_VMG_OFF_vm_flags	/* 7.2: in a union */
#endif
/* brk's expand-only merge: 6.12's merge_flags, 7.2's just_expand bit. */
#if defined(VMM_VMG_OFF_merge_flags) && defined(VMM_VMG_FLAG_JUST_EXPAND)
#define VMM_VMG_JUST_EXPAND(vmg)					\
	(*(u32 *)((char *)(vmg) + VMM_VMG_OFF_merge_flags) ==		\
	 VMM_VMG_FLAG_JUST_EXPAND)
#elif defined(VMM_VMG_BITOFF_just_expand)
#define VMM_VMG_JUST_EXPAND(vmg)					\
	((*((u8 *)(vmg) + VMM_VMG_BITOFF_just_expand / 8) >>		\
	  (VMM_VMG_BITOFF_just_expand % 8)) & 1)
#else
#error "vma_merge_struct has neither merge_flags nor just_expand"
#endif
/* 7.2's copy_vma passes its source (a fork child cannot merge into ...). */
#ifdef VMM_VMG_OFF_copied_from
#define VMM_VMG_COPIED_FROM(vmg)					\
	(*(struct vm_area_struct **)((char *)(vmg) + VMM_VMG_OFF_copied_from))
#else
#define VMM_VMG_COPIED_FROM(vmg) ((void)(vmg), (struct vm_area_struct *)NULL)
#endif
/* The caller's VMA iterator (both 6.12 and 7.2 have it; a kernel without: NULL). */
#ifdef VMM_VMG_OFF_vmi
#define VMM_VMG_VMI(vmg)						\
	(*(struct vma_iterator **)((char *)(vmg) + VMM_VMG_OFF_vmi))
#else
#define VMM_VMG_VMI(vmg) ((void)(vmg), (struct vma_iterator *)NULL)
#endif
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

#endif /* VMM_COMPAT_VMG_H */
