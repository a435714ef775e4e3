// SPDX-License-Identifier: GPL-2.0
/*
 * probe_vmg.c - the "vmg" generation (6.12, 7.2): kernels that describe a
 * merge in struct vma_merge_struct.
 *
 * vma_merge_new_range(vmg) merges a new range (mmap, brk, mremap's copy and
 * in-place growth); vma_modify(vmg) merges or splits an existing range
 * (mprotect, madvise, mlock, mbind, userfaultfd; vma_merge_existing_range
 * is inlined there).  vmg, their one argument, lives in the caller's
 * frame, so it is still valid at return.  Its layout is private (mm/vma.h) and
 * differs between kernels: it is read only through the offsets that
 * scripts/vmg-layout.sh derived from the target kernel's BTF.
 *
 * The offsets are followed only on the kernel build they came from: at
 * load, the running kernel's BTF (/sys/kernel/btf/vmlinux) must have the
 * size and CRC-32 of the BTF they were read from (vmm_vmg_layout_check),
 * else the probes stay off and `status` says why, as with no layout.
 *
 * Both entry points classify at entry and keep only the settled attempt
 * (struct vmm_settled) with vmg for the return handler: the call's data
 * fits the fprobe backend's (hooks.h).
 *
 * Notes on locking: none taken; every caller holds mmap_lock for write, so
 * the VMA returned is live.  VMAs removed by the merge are already freed at
 * return (and on 7.2 may be reused, SLAB_TYPESAFE_BY_RCU): only pointers
 * saved at entry are compared, never dereferenced.
 */
#include <linux/crc32.h>
#include <linux/fs.h>
#include <linux/maple_tree.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include "probes.h"
#include "attempt.h"
#include "compat_vma.h"
#include "compat_vmg.h"
#include "hooks.h"
#include "outcome.h"
#include "probe_args.h"

#define VMG(vmg, type, field) VMM_VMG_FIELD(vmg, type, field)

/* A call's data (hooks.h): what its return handler needs. */
struct vmm_vmg_call {
	struct vmm_settled s;
	void *vmg;
	struct vm_area_struct *middle;	/* vma_modify's, else NULL */
};

/* The range's attributes, as the kernel put them in vmg. */
static struct mempolicy *vmm_vmg_range(struct vmm_attempt *a, void *vmg,
				       struct vmm_probe *p)
{
	struct vmm_range_snap *r = &a->r;
	struct anon_vma *av = VMG(vmg, struct anon_vma *, anon_vma);

	a->rules = &p->rules;
	/* Every field, one store each: @a is not cleared first (VMM_NOINIT). */
	r->start = VMG(vmg, unsigned long, start);
	r->end = VMG(vmg, unsigned long, end);
	r->pgoff = VMG(vmg, unsigned long, pgoff);
	r->flags = VMG(vmg, unsigned long, flags);
	r->file = VMG(vmg, unsigned long, file);
	r->uffd = VMG(vmg, unsigned long, uffd_ctx);
	r->anon_name = 0;	/* no CONFIG_ANON_VMA_NAME on the targets */
	r->anon_vma = (unsigned long)av;
	r->existing = false;
	r->full_span = false;
	r->middle_close = false;
	r->src_fork_child = false;
	r->src_anon_unshared = vmm_anon_unshared(av);
	return VMG(vmg, struct mempolicy *, policy);
}

/*
 * The entry after the one @mas is at, if its leaf holds it: the next slot,
 * or the one after if that is a gap (a maple tree never has two gaps in a
 * row), found the way mas_next_slot() finds it (through mas->offset and
 * mas->end, the node's data end) but only read, not stepped.  NULL when
 * the leaf cannot say: @mas not at a live 64-bit leaf, the entry in the
 * next node, an internal entry, or a VMA not where its pivot puts it.
 */
static __always_inline struct vm_area_struct *
vmm_leaf_next(const struct ma_state *mas)
{
	unsigned long en = (unsigned long)mas->node;
	unsigned char o = mas->offset, end = mas->end;
	struct maple_node *node = (void *)(en & ~MAPLE_NODE_MASK);
	struct vm_area_struct *vma = NULL;

	if (((en >> MAPLE_NODE_TYPE_SHIFT) & MAPLE_NODE_TYPE_MASK) != maple_leaf_64 ||
	    (void *)((unsigned long)node->parent & ~MAPLE_NODE_MASK) == node)
		return NULL;			/* not a leaf, or a dead node */
	while (!vma && o < end && o - mas->offset < 2)
		vma = rcu_dereference_protected(node->mr64.slot[++o], true);
	if (!vma || xa_is_internal(vma) ||
	    vma->vm_start != node->mr64.pivot[o - 1] + 1)
		return NULL;
	return vma;
}

/*
 * The VMA after @mid, as find_vma(mm, mid->vm_end) finds it, read from the
 * caller's VMA iterator (vmg->vmi) instead of a descent from the maple
 * tree's root: vma_merge_existing_range() takes its next from that
 * iterator, which is at @mid here, and mostly finds it in the same leaf.
 * The kernel's iterator is not touched, and the tree does not move (the
 * mmap_lock is held for write).  An iterator not at @mid, a next in
 * another node, or one that does not start at or after @mid's end fall
 * back to find_vma().  Counted either way (status: next_lookups), so a
 * test can tell the read is taken.  Worth 100-140 guest instructions an
 * mprotect over mas_find() on a copy of the iterator (make bench, 6.12).
 */
static __always_inline struct vm_area_struct *vmm_vmg_next(void *vmg,
					   struct vm_area_struct *mid)
{
	struct vma_iterator *vmi = VMM_VMG_VMI(vmg);
	struct vm_area_struct *next;

	if (vmi && mas_is_active(&vmi->mas) &&
	    vmi->mas.index == mid->vm_start &&
	    vmi->mas.last == mid->vm_end - 1) {
		next = vmm_leaf_next(&vmi->mas);
		if (next && next->vm_start >= mid->vm_end) {
			vmm_next_lookup(VMM_NEXT_LEAF);
			return next;
		}
	}
	vmm_next_lookup(VMM_NEXT_TREE);
	return find_vma(mid->vm_mm, mid->vm_end);
}

/* vma_merge_new_range(vmg): mmap, brk, mremap's copy and growth. */
static __always_inline int vmm_new_range_entry(struct vmm_probe *p,
					       const unsigned long *arg,
					       void *data)
{
	struct vmm_vmg_call *c = data;
	void *vmg = vmm_vma_merge_new_range_vmg(arg);
	struct vm_area_struct *next = NULL;
	struct mempolicy *pol;
	struct vmm_attempt a VMM_NOINIT;

	vmm_hit(p->idx);
	if (vmm_filtered_out())
		return 1;
	pol = vmm_vmg_range(&a, vmg, p);
	a.r.src_fork_child = vmm_fork_child(VMM_VMG_COPIED_FROM(vmg));
	if (!VMM_VMG_JUST_EXPAND(vmg))	/* brk looks left only */
		next = VMG(vmg, struct vm_area_struct *, next);
	vmm_snap_vma(&a.prev, VMG(vmg, struct vm_area_struct *, prev),
		     pol, false);
	vmm_snap_vma(&a.next, next, pol, false);
	vmm_attempt_classify(&a);
	vmm_attempt_settle(&a, &c->s);
	c->vmg = vmg;
	c->middle = NULL;
	return 0;
}

/*
 * vma_modify(vmg): an existing range inside vmg's vma/middle.  On a side the
 * range does not reach, the neighbour is that VMA's remainder; on a side it
 * reaches, vmg->prev, or the VMA after (vma_merge_existing_range looks it
 * up itself).
 */
static __always_inline int vmm_modify_entry(struct vmm_probe *p,
					    const unsigned long *arg,
					    void *data)
{
	struct vmm_vmg_call *c = data;
	void *vmg = vmm_vma_modify_vmg(arg);
	struct vm_area_struct *mid;
	struct vmm_range_snap *r;
	struct mempolicy *pol;
	struct vmm_attempt a VMM_NOINIT;
	const struct vmm_vma_snap *next = &a.next;

	vmm_hit(p->idx);
	if (vmm_filtered_out())
		return 1;
	pol = vmm_vmg_range(&a, vmg, p);
	r = &a.r;
	mid = VMG(vmg, struct vm_area_struct *, MIDDLE);
	r->existing = true;
	r->full_span = mid->vm_start == r->start && mid->vm_end == r->end;
	r->middle_close = mid->vm_ops && mid->vm_ops->close;
	r->src_fork_child = vmm_fork_child(mid);
	if (mid->vm_start == r->start)
		vmm_snap_vma(&a.prev, VMG(vmg, struct vm_area_struct *, prev),
			     pol, false);
	else
		vmm_snap_remainder(&a.prev, mid, pol);
	if (mid->vm_end == r->end)
		vmm_snap_vma(&a.next, vmm_vmg_next(vmg, mid), pol,
			     false);
	else if (a.prev.remainder)	/* a split of the middle: */
		next = &a.prev;		/* the same VMA's other end */
	else
		vmm_snap_remainder(&a.next, mid, pol);
	vmm_attempt_judge(&a, next, &c->s);
	c->vmg = vmg;
	c->middle = mid;
	return 0;
}

static void vmm_new_range_ret(unsigned long retval, void *data)
{
	struct vmm_vmg_call *c = data;
	struct vm_area_struct *got = (void *)retval;
	enum vmm_result res;

	if (got)
		res = vmm_result_from_extents(c->s.start, c->s.end,
					      got->vm_start, got->vm_end);
	else if (VMG(c->vmg, u32, state) == VMM_VMA_MERGE_ERROR_NOMEM)
		res = VMM_RESULT_error;
	else
		res = VMM_RESULT_none;
	vmm_settled_finish(&c->s, res);
}

static void vmm_modify_ret(unsigned long retval, void *data)
{
	struct vmm_vmg_call *c = data;
	struct vm_area_struct *got = (void *)retval;
	enum vmm_result res;

	if (IS_ERR_OR_NULL(got))
		res = VMM_RESULT_error;
	else if (got == c->middle)
		res = VMM_RESULT_none;	/* split (or unchanged), not merged */
	else
		res = vmm_result_from_extents(c->s.start, c->s.end,
					      got->vm_start, got->vm_end);
	vmm_settled_finish(&c->s, res);
}

VMM_HOOK(vmm_new_range_hook, vmm_new_range_entry, vmm_new_range_ret,
	 struct vmm_vmg_call);
VMM_HOOK(vmm_modify_hook, vmm_modify_entry, vmm_modify_ret,
	 struct vmm_vmg_call);

static struct vmm_probe vmm_vmg_probes[] = {
	{
		.symbol = "vma_merge_new_range",
		.kind = VMM_PROBE_MERGE,
		.rules_of = VMM_ENTRY_VMG,
		.hook = &vmm_new_range_hook,
		.off = VMM_VMG_OFF_REASON,
	},
	{
		.symbol = "vma_modify",
		.kind = VMM_PROBE_MERGE,
		.rules_of = VMM_ENTRY_VMG,
		.hook = &vmm_modify_hook,
		.off = VMM_VMG_OFF_REASON,
	},
};

#define VMM_BTF_PATH "/sys/kernel/btf/vmlinux"

static char vmm_vmg_why[192], vmm_vmg_layout[224];

/*
 * Is the running kernel the build the layout came from?  Its BTF, read in
 * pages at load, must have the size and CRC-32 recorded at build time.
 * Return: NULL if so, else why not.
 */
static const char *vmm_vmg_layout_check(void)
{
	ssize_t n = 0;
	loff_t pos = 0;
	struct file *f;
	u32 crc = ~0U;
	void *buf;

	buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!buf)
		return "cannot check the layout: out of memory";
	f = filp_open(VMM_BTF_PATH, O_RDONLY, 0);
	if (IS_ERR(f)) {
		snprintf(vmm_vmg_why, sizeof(vmm_vmg_why),
			 "cannot check the layout against the running kernel: open " VMM_BTF_PATH ": error %ld",
			 PTR_ERR(f));
		goto out_free;
	}
	while ((n = kernel_read(f, buf, PAGE_SIZE, &pos)) > 0)
		crc = crc32_le(crc, buf, n);
	filp_close(f, NULL);
	crc = ~crc;
	if (n < 0)
		snprintf(vmm_vmg_why, sizeof(vmm_vmg_why),
			 "cannot check the layout against the running kernel: read " VMM_BTF_PATH ": error %zd",
			 n);
	else if (pos != VMM_VMG_BTF_SIZE || crc != VMM_VMG_BTF_CRC)
		snprintf(vmm_vmg_why, sizeof(vmm_vmg_why),
			 "layout built for another kernel build: its BTF has %u bytes, CRC-32 %08x; the running kernel's %lld bytes, %08x",
			 (unsigned int)VMM_VMG_BTF_SIZE, (u32)VMM_VMG_BTF_CRC,
			 (long long)pos, crc);
	else
		n = 1;
out_free:
	kfree(buf);
	return n > 0 ? NULL : vmm_vmg_why;
}

/*
 * With a layout, check first that it is this kernel's; if not, both probes
 * stay off and the layout status says why.
 */
static void vmm_vmg_prepare(void)
{
	const char *why = vmm_vmg_probes[0].off ? NULL : vmm_vmg_layout_check();
	unsigned int i;

	vmm_layout = VMM_LAYOUT_SOURCE;
	if (!why)
		return;
	for (i = 0; i < ARRAY_SIZE(vmm_vmg_probes); i++)
		vmm_vmg_probes[i].off = why;
	snprintf(vmm_vmg_layout, sizeof(vmm_vmg_layout), "none: %s", why);
	vmm_layout = vmm_vmg_layout;
}

/* 6.12+'s merge rules; the anon_vma rule is the BTF's (compat_vmg.h). */
const struct vmm_gen vmm_gen = {
	.name = "vmg",
	.anon = VMM_VMG_ANON_RULE,
	.probes = vmm_vmg_probes,
	.nr_probes = ARRAY_SIZE(vmm_vmg_probes),
	.prepare = vmm_vmg_prepare,
};
