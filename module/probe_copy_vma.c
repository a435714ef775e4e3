// SPDX-License-Identifier: GPL-2.0
/*
 * probe_copy_vma.c - copy_vma(), mremap's move of a VMA, on every kernel.
 *
 * copy_vma(vmap, addr, len, pgoff, need_rmap_locks[, keep_source]):
 * *vmap is the source VMA.  An unfaulted anonymous source gets its pgoff re-based on the
 * new address, so that it can merge there; anything else keeps it.  The
 * returned VMA is larger than len exactly when the copy merged.
 *
 * Notes on locking: none taken; mremap holds mmap_lock for write, so the
 * source and the returned VMA are live in both handlers.
 */
#include "probes.h"
#include "events.h"
#include "hooks.h"
#include "outcome.h"
#include "probe_args.h"

struct vmm_copy_call {
	unsigned long addr, len;
	enum vmm_copy_anon kind;
};

static int vmm_copy_entry(struct vmm_probe *p, const unsigned long *arg,
			  void *data)
{
	struct vmm_copy_call *c = data;
	struct vm_area_struct *src = *vmm_copy_vma_vmap(arg);
	enum vmm_copy_anon kind;
	struct vmm_pcpu *pc;

	vmm_hit(p->idx);
	if (vmm_filtered_out())
		return 1;
	c->addr = vmm_copy_vma_addr(arg);
	c->len = vmm_copy_vma_len(arg);
	kind = vmm_copy_kind(src->vm_ops, src->anon_vma);
	c->kind = kind;
	pc = vmm_stats_begin();
	pc->c.stat[VMM_ST_COPY_CALLS]++;
	pc->c.stat[VMM_ST_COPY_ANON(kind)]++;
	pc->c.stat[VMM_ST_COPY_PGOFF(vmm_copy_pgoff_updated(kind) ?
				     VMM_COPY_PGOFF_updated :
				     VMM_COPY_PGOFF_kept)]++;
	vmm_stats_end(pc);
	return 0;
}

static void vmm_copy_ret(unsigned long retval, void *data)
{
	struct vmm_copy_call *c = data;
	struct vm_area_struct *got = (void *)retval;
	enum vmm_copy_result res;

	if (!got)
		return;		/* ENOMEM: neither merged nor new */
	res = got->vm_end - got->vm_start > c->len ? VMM_COPY_RESULT_merged :
						     VMM_COPY_RESULT_new;
	vmm_stat_inc(VMM_ST_COPY_RESULT(res));
	vmm_event_copy(c->addr, c->addr + c->len, res, c->kind);
}

VMM_HOOK(vmm_copy_hook, vmm_copy_entry, vmm_copy_ret, struct vmm_copy_call);

/* Every generation's: probes.c attaches it after the generation's. */
struct vmm_probe vmm_copy_vma_probe = {
	.symbol = "copy_vma",
	.kind = VMM_PROBE_COPY,
	.hook = &vmm_copy_hook,
};
