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
#include <linux/mempolicy.h>
#include <linux/rmap.h>
#include <linux/slab.h>
#include "vmm_config.h"

/* The pure classifier counts pages with a fixed shift (classify.c). */
static_assert(PAGE_SHIFT == 12);

/* One zeroed object: kzalloc_obj() where the kernel has it (7.x). */
#ifdef kzalloc_obj
#define vmm_kzalloc_obj(p) kzalloc_obj(*(p))
#else
#define vmm_kzalloc_obj(p) kzalloc(sizeof(*(p)), GFP_KERNEL)
#endif

/* ---- mempolicy: __mpol_equal() is not exported, so it is redone here ---- */

static inline bool vmm_mpol_equal(struct mempolicy *a, struct mempolicy *b)
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

/* ---- anon_vma ---- */

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

/* The task that owns @mm (CONFIG_MEMCG), under rcu_read_lock(), or NULL. */
static inline struct task_struct *vmm_mm_owner(struct mm_struct *mm)
{
#ifdef HAVE_MM_OWNER
	return rcu_dereference(mm->owner);
#else
	return NULL;
#endif
}

/* ---- walking VMAs under mmap_lock ---- */

/* The VMA after @vma, adjacent or not. */
static inline struct vm_area_struct *vmm_vma_after(struct mm_struct *mm,
						   struct vm_area_struct *vma)
{
#ifdef HAVE_VM_NEXT
	return vma->vm_next;
#else
	return find_vma(mm, vma->vm_end);
#endif
}

/* The VMA after @prev, or the first one; what vma_merge calls next. */
static inline struct vm_area_struct *vmm_vma_next_of(struct mm_struct *mm,
						     struct vm_area_struct *prev)
{
#ifdef HAVE_VM_NEXT
	return prev ? prev->vm_next : mm->mmap;
#else
	return find_vma(mm, prev ? prev->vm_end : 0);
#endif
}

/*
 * A cursor among the mm's VMAs, for one lookup and then steps to the next
 * VMA: the maple tree's iterator, or 5.10's vm_next list.
 */
struct vmm_vma_walk {
#ifdef HAVE_VM_NEXT
	struct vm_area_struct *vma;
#else
	struct vma_iterator vmi;
#endif
};

/* find_vma(mm, addr), leaving @w on it. */
static inline struct vm_area_struct *vmm_walk_find(struct vmm_vma_walk *w,
						   struct mm_struct *mm,
						   unsigned long addr)
{
#ifdef HAVE_VM_NEXT
	w->vma = find_vma(mm, addr);
	return w->vma;
#else
	VMA_ITERATOR(vmi, mm, addr);

	w->vmi = vmi;
	return vma_find(&w->vmi, ULONG_MAX);
#endif
}

/* vmm_vma_next_of(mm, prev), leaving @w on it. */
static inline struct vm_area_struct *
vmm_walk_next_of(struct vmm_vma_walk *w, struct mm_struct *mm,
		 struct vm_area_struct *prev)
{
#ifdef HAVE_VM_NEXT
	w->vma = prev ? prev->vm_next : mm->mmap;
	return w->vma;
#else
	return vmm_walk_find(w, mm, prev ? prev->vm_end : 0);
#endif
}

/* The VMA after the one @w is on (not NULL), adjacent or not. */
static inline struct vm_area_struct *vmm_walk_next(struct vmm_vma_walk *w)
{
#ifdef HAVE_VM_NEXT
	w->vma = w->vma->vm_next;
	return w->vma;
#else
	return vma_next(&w->vmi);
#endif
}

/* Flags the kernel ignores when it compares two VMAs for a merge. */
#ifdef VM_MAYBE_GUARD
#define VMM_IGNORE_FLAGS (VM_SOFTDIRTY | VM_MAYBE_GUARD)	/* 7.x sticky */
#else
#define VMM_IGNORE_FLAGS VM_SOFTDIRTY
#endif

/* ---- kretprobe plumbing ---- */

static inline struct kretprobe *vmm_ri_kretprobe(struct kretprobe_instance *ri)
{
#ifdef HAVE_GET_KRETPROBE
	return get_kretprobe(ri);	/* 5.11: d741bf41d7c7 */
#else
	return ri->rp;
#endif
}

#ifdef HAVE_VMA_ITERATOR
/* The VMA before @addr (maple tree; find_vma_prev is not exported). */
static inline struct vm_area_struct *vmm_vma_before(struct mm_struct *mm,
						    unsigned long addr)
{
	VMA_ITERATOR(vmi, mm, addr);

	return vma_prev(&vmi);
}
#endif

/* ---- struct vma_merge_struct, read at its BTF-derived offsets ---- */

#ifndef HAVE_VMA_MERGE
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
#endif

#endif /* VMM_COMPAT_H */
