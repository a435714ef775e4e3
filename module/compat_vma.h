/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat_vma.h - the mm and walking its VMAs under mmap_lock:
 * 5.10's vm_next list or the maple tree's iterator, the flags a merge
 * ignores, the mm's owner.
 *
 * Part of the compat layer (compat_*.h): the only files that test a
 * HAVE_* from scripts/conftest.sh (vmm_config.h) or a kernel version.
 */
#ifndef VMM_COMPAT_VMA_H
#define VMM_COMPAT_VMA_H

#include <linux/mm.h>
#include <linux/rcupdate.h>
#include "vmm_config.h"

/* The pure classifier counts pages with a fixed shift (classify.c). */
static_assert(PAGE_SHIFT == 12);

/* The task that owns @mm (CONFIG_MEMCG), under rcu_read_lock(), or NULL. */
static inline struct task_struct *vmm_mm_owner(struct mm_struct *mm)
{
#ifdef HAVE_MM_OWNER
	return rcu_dereference(mm->owner);
#else
	return NULL;
#endif
}

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

#ifdef HAVE_VMA_ITERATOR
/* The VMA before @addr (maple tree; find_vma_prev is not exported). */
static inline struct vm_area_struct *vmm_vma_before(struct mm_struct *mm,
						    unsigned long addr)
{
	VMA_ITERATOR(vmi, mm, addr);

	return vma_prev(&vmi);
}
#endif

#endif /* VMM_COMPAT_VMA_H */
