// SPDX-License-Identifier: GPL-2.0
/*
 * probe_expand.c - the "expand" generation (6.1): vma_merge() (its handlers:
 * probe_vma_merge.c), and the merges that bypass it.
 *
 * New mappings: mmap_region(file, addr, len, vm_flags, pgoff, uf) checks
 * next, then prev, inline, and merges through
 * vma_expand(mas, vma, start, end, pgoff, next) (notrace, so only a module
 * kprobe reaches it).  An mmap that merges nothing calls no merge function,
 * so the attempt is opened at mmap_region's entry and closed at its return;
 * vma_expand, and the vma_merge retry after ->mmap changed the flags, report
 * into it.  They run in the same task, found through a small table keyed by
 * the task: mmap_region sleeps, so neither per-CPU data nor the kretprobe
 * instance of another probe can carry the link.
 *
 * mmap_region's own rules (VMM_ENTRY_MMAP): next is checked first, prev then
 * against next's anon_vma; any mempolicy on a neighbour refuses it.  The
 * range is classified at vma_expand's entry when a merge is going to
 * happen, else at mmap_region's return, where the new VMA sits between the
 * neighbours the kernel looked at.
 *
 * brk: do_brk_flags(mas, vma, addr, len, flags) expands the brk VMA in place.
 * Like 6.12's do_brk_flags, it is an attempt only if the VMA ends at addr;
 * it never looks at a next VMA.
 *
 * The table has a slot for every kretprobe instance of mmap_region (its
 * maxactive is capped at VMM_INFLIGHT), so a call that got an instance
 * always gets a slot; a call beyond them is a missed call of mmap_region,
 * counted by the kprobe core.  Should a claim fail all the same, the call
 * is counted as missed here: no mmap goes uncounted.
 *
 * Notes on locking: the in-flight table is lock-free.  A slot is claimed with
 * cmpxchg() by mmap_region's entry handler and released with
 * smp_store_release() by its return handler, both in the owning task; other
 * tasks only compare the owner pointer.  A task is in at most one
 * mmap_region at a time.  vmm_inflight_count, an atomic_t, counts the
 * claimed slots (incremented after a claim, decremented after a release),
 * so that the merges outside any mmap (mprotect & co.) skip the table: a
 * task that holds a slot has counted it itself, so it never reads 0.
 * Once mmap_region's probe is detached its return handler no longer runs,
 * so a slot can outlive its call (the kretprobe instance is freed): the
 * table is not read once vmm_probes_detaching(), which is set before any
 * probe detaches.
 */
#include <linux/atomic.h>
#include <linux/hash.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include "probes.h"
#include "attempt.h"
#include "compat_vma.h"
#include "outcome.h"
#include "probe_args.h"
#include "probe_vma_merge.h"

#ifndef VMM_INFLIGHT_BITS	/* the tests build a one-slot variant */
#define VMM_INFLIGHT_BITS 8
#endif
#define VMM_INFLIGHT (1U << VMM_INFLIGHT_BITS)

struct vmm_mmap_call {
	struct vmm_attempt a;
	int slot;
	bool expanded;			/* vma_expand was called */
	bool superseded;		/* the vma_merge retry is the attempt */
	struct vm_area_struct *expand_vma;	/* the VMA it was to expand */
};

static struct task_struct *vmm_inflight_task[VMM_INFLIGHT];
static struct vmm_mmap_call *vmm_inflight_call[VMM_INFLIGHT];
static atomic_t vmm_inflight_count = ATOMIC_INIT(0);

static int vmm_inflight_claim(struct vmm_mmap_call *c)
{
	unsigned int h = hash_ptr(current, VMM_INFLIGHT_BITS), i;

	for (i = 0; i < VMM_INFLIGHT; i++) {
		unsigned int s = (h + i) & (VMM_INFLIGHT - 1);

		if (!cmpxchg(&vmm_inflight_task[s], NULL, current)) {
			WRITE_ONCE(vmm_inflight_call[s], c);
			atomic_inc(&vmm_inflight_count);
			return s;
		}
	}
	return -1;
}

static void vmm_inflight_release(int s)
{
	WRITE_ONCE(vmm_inflight_call[s], NULL);
	/* Order the call's clearing before the slot is seen free. */
	smp_store_release(&vmm_inflight_task[s], NULL);
	atomic_dec(&vmm_inflight_count);
}

/* The mmap_region call the current task is in, or NULL if not counted. */
static struct vmm_mmap_call *vmm_mmap_current(void)
{
	unsigned int h, i;

	if (!atomic_read(&vmm_inflight_count))
		return NULL;	/* no mmap_region in flight anywhere */
	if (vmm_probes_detaching())
		return NULL;	/* a slot may outlive its call */
	h = hash_ptr(current, VMM_INFLIGHT_BITS);
	for (i = 0; i < VMM_INFLIGHT; i++) {
		unsigned int s = (h + i) & (VMM_INFLIGHT - 1);

		if (READ_ONCE(vmm_inflight_task[s]) == current)
			return READ_ONCE(vmm_inflight_call[s]);
	}
	return NULL;
}

/*
 * vma_merge: mmap_region calls it only to retry after ->mmap changed the
 * flags; that attempt replaces the mmap's first one.
 */
static int vmm_expand_vma_merge_entry(struct kretprobe_instance *ri,
				      struct pt_regs *regs)
{
	struct vmm_mmap_call *m;

	if (vmm_vma_merge_entry(ri, regs))
		return 1;
	m = vmm_mmap_current();
	if (m)
		m->superseded = true;
	return 0;
}

/*
 * The neighbours mmap_region compares the range with, and the verdict.
 * @prev: the VMA before the range if known, else NULL to look it up.
 */
static void vmm_mmap_classify(struct vmm_attempt *a, struct mm_struct *mm,
			      struct vm_area_struct *prev,
			      struct vm_area_struct *next)
{
	if (!prev)
		prev = vmm_vma_before(mm, a->r.start);
	vmm_snap_vma(&a->prev, prev, NULL, true);
	vmm_snap_vma(&a->next, next, NULL, true);
	vmm_attempt_classify(a);
}

static int vmm_mmap_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct vmm_mmap_call *c = (void *)ri->data;
	struct file *file = vmm_mmap_region_file(regs);
	unsigned long flags = vmm_mmap_region_vm_flags(regs);
	struct vmm_range_snap *r = &c->a.r;
	struct vmm_probe *p = vmm_probe_hit(ri);

	if (vmm_filtered_out())
		return 1;
	memset(r, 0, sizeof(*r));
	r->start = vmm_mmap_region_addr(regs);
	r->end = r->start + vmm_mmap_region_len(regs);
	r->pgoff = vmm_mmap_region_pgoff(regs);
	r->file = (unsigned long)file;
	/*
	 * mmap_region adds VM_ACCOUNT before it compares (accountable_mapping);
	 * is_file_hugepages() is not exported: hugetlbfs files, shm ones
	 * included, live on a hugetlbfs superblock.
	 */
	if (!(file && file_inode(file)->i_sb->s_magic == HUGETLBFS_MAGIC) &&
	    (flags & (VM_NORESERVE | VM_SHARED | VM_WRITE)) == VM_WRITE)
		flags |= VM_ACCOUNT;
	r->flags = flags;
	c->a.rules = &p->rules;
	c->expanded = false;
	c->superseded = false;
	c->slot = vmm_inflight_claim(c);
	if (c->slot < 0) {	/* cannot happen: as many slots as instances */
		vmm_lost(p->idx);
		return 1;
	}
	return 0;
}

/*
 * vma_expand(mas, vma, start, end, pgoff, next): the merge is decided.  An
 * entry-only kprobe: what vma_expand did is read at mmap_region's return
 * (vmm_expand_result()), which saves a return trampoline on every merging
 * mmap.
 */
static int vmm_vma_expand_pre(struct kprobe *kp, struct pt_regs *regs)
{
	struct vm_area_struct *vma = vmm_vma_expand_vma(regs);
	struct vmm_mmap_call *m;

	vmm_kp_hit(kp);
	m = vmm_mmap_current();
	if (!m)
		return 0;
	m->expanded = true;
	m->expand_vma = vma;
	/*
	 * The range is unmapped: a VMA expanded from its end is the one
	 * before it, no lookup needed (mmap_region merging with prev).
	 */
	vmm_mmap_classify(&m->a, current->mm,
			  vma->vm_end == m->a.r.start ? vma : NULL,
			  vmm_vma_expand_next(regs));
	return 0;
}

/*
 * What vma_expand did, at mmap_region's return (the mmap_lock still held
 * for write, so m->expand_vma is live: vma_expand removes only the VMA
 * after it, and an mmap that goes on with a new VMA removes none).  It
 * succeeded if the VMA now covers the range: prev, next or both by its
 * extents.  If it failed (-ENOMEM) the VMA is as it was, not over the
 * range, and mmap_region went on with a new VMA: an error.
 */
static enum vmm_result vmm_expand_result(struct vmm_mmap_call *m)
{
	struct vm_area_struct *vma = m->expand_vma;

	if (vma->vm_start > m->a.r.start || vma->vm_end < m->a.r.end)
		return VMM_RESULT_error;	/* mmap goes on with a new VMA */
	return vmm_result_from_extents(m->a.r.start, m->a.r.end,
				       vma->vm_start, vma->vm_end);
}

static int vmm_mmap_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct vmm_mmap_call *c = (void *)ri->data;
	unsigned long ret = regs_return_value(regs);
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *got;

	vmm_inflight_release(c->slot);
	/*
	 * Once the probes detach, vma_expand's handler no longer follows the
	 * table (vmm_mmap_current) while this one still runs: a merge
	 * then goes unseen.  Count the call as missed, whatever it did.
	 */
	if (vmm_probes_detaching()) {
		vmm_lost(vmm_probe_idx(ri));
		return 0;
	}
	if (c->superseded)
		return 0;
	if (c->expanded) {
		vmm_attempt_finish(&c->a, vmm_expand_result(c));
		return 0;
	}
	if (IS_ERR_VALUE(ret))
		return 0;	/* failed before or without a merge check */
	/*
	 * The range merged, but no vma_expand call reported into this mmap.
	 * Outside detaching that cannot happen: the task holds its slot from
	 * entry to return, and vma_expand finds it.  Should it all the same,
	 * the neighbours are gone, so it cannot be classified: count a
	 * missed call of this probe (status shows it), never a verdict.
	 */
	got = find_vma(mm, c->a.r.start);
	if (!got || got->vm_start != c->a.r.start || got->vm_end != c->a.r.end) {
		vmm_lost(vmm_probe_idx(ri));
		return 0;
	}
	/*
	 * No merge: the new VMA now sits between the neighbours mmap_region
	 * looked at (mmap_lock is still held for write).  Like 6.12's
	 * __mmap_region, it is an attempt only if it had a neighbour.
	 */
	vmm_mmap_classify(&c->a, mm, NULL, find_vma(mm, c->a.r.end));
	if (c->a.prev.present || c->a.next.present)
		vmm_attempt_finish(&c->a, VMM_RESULT_none);
	return 0;
}

struct vmm_brk_call {
	struct vmm_attempt a;
	struct vm_area_struct *vma;
};

static int vmm_brk_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct vmm_brk_call *c = (void *)ri->data;
	struct vm_area_struct *vma = vmm_do_brk_flags_vma(regs);
	unsigned long addr = vmm_do_brk_flags_addr(regs);
	struct mm_struct *mm = current->mm;
	struct vmm_range_snap *r = &c->a.r;
	struct vmm_probe *p = vmm_probe_hit(ri);

	if (vmm_filtered_out() || !vma || vma->vm_end != addr)
		return 1;
	c->vma = vma;
	memset(r, 0, sizeof(*r));
	r->start = addr;
	r->end = addr + vmm_do_brk_flags_len(regs);
	r->pgoff = addr >> PAGE_SHIFT;
	r->flags = vmm_do_brk_flags_flags(regs) | VM_DATA_DEFAULT_FLAGS |
		   VM_ACCOUNT | mm->def_flags;
	c->a.rules = &p->rules;
	vmm_snap_vma(&c->a.prev, vma, NULL, true);
	vmm_snap_vma(&c->a.next, NULL, NULL, true);	/* brk looks left only */
	vmm_attempt_classify(&c->a);
	return 0;
}

static int vmm_brk_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct vmm_brk_call *c = (void *)ri->data;

	if (regs_return_value(regs))
		vmm_attempt_finish(&c->a, VMM_RESULT_error);
	else
		vmm_attempt_finish(&c->a, c->vma->vm_end == c->a.r.end ?
				   VMM_RESULT_prev : VMM_RESULT_none);
	return 0;
}

/*
 * vma_merge and vma_expand before mmap_region: probes attach in table order
 * and detach in reverse, so an mmap_region call is never seen without the
 * probes that report into it.
 */
static struct vmm_probe vmm_expand_probes[] = {
	VMM_VMA_MERGE_PROBE(vmm_expand_vma_merge_entry),
	{
		.symbol = "vma_expand",
		.kind = VMM_PROBE_AUX,	/* reports into mmap_region's call */
		.pre = vmm_vma_expand_pre,
	},
	{
		.symbol = "mmap_region",
		.kind = VMM_PROBE_MERGE,
		.rules_of = VMM_ENTRY_MMAP,
		.entry = vmm_mmap_entry,
		.ret = vmm_mmap_ret,
		.data_size = sizeof(struct vmm_mmap_call),
		.max_active = VMM_INFLIGHT,	/* a slot for each */
	},
	{
		.symbol = "do_brk_flags",
		.kind = VMM_PROBE_MERGE,
		.rules_of = VMM_ENTRY_MMAP,
		.entry = vmm_brk_entry,
		.ret = vmm_brk_ret,
		.data_size = sizeof(struct vmm_brk_call),
	},
};

/* 6.1's merge rules: vma_merge's, and mmap_region's own for new mappings. */
const struct vmm_gen vmm_gen = {
	.name = "expand",
	.anon = VMM_ANON_SINGULAR,
	.probes = vmm_expand_probes,
	.nr_probes = ARRAY_SIZE(vmm_expand_probes),
};
