// SPDX-License-Identifier: GPL-2.0
/*
 * probes.c - register and unregister the probe table in one loop, and the
 * bookkeeping every handler shares.  The table is the generation's probe
 * points (vmm_gen), then copy_vma's.
 *
 * Notes on locking: registration runs only from module init and exit, which
 * the module loader serialises; the table is not changed afterwards, so
 * readers (the status file) need no lock.  Handlers touch only per-CPU
 * counters and their own per-call data (a kretprobe instance's, or an
 * fprobe's entry data).  vmm_detaching is set
 * (and a grace period waited for) before the first probe detaches, so
 * every handler that runs after a detach sees it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/ptrace.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include "compat_vma.h"
#include "probes.h"

static struct vmm_probe *vmm_table[VMM_MAX_PROBES];
static unsigned int vmm_nr;
bool vmm_detaching;
unsigned long vmm_fp_cookie;
/* The vmg generation's prepare() says where its layout came from. */
const char *vmm_layout = "n/a (no struct vma_merge_struct in this kernel)";

/*
 * Fill the table: the generation's probe points in its order, then
 * copy_vma.  Return: 0, or -ENOSPC if the table (and the per-probe
 * counters, VMM_MAX_PROBES) has no room for all of them: a probe left out
 * would be neither attached nor reported as missing.
 */
static int vmm_table_fill(void)
{
	unsigned int i;

	if (vmm_gen.nr_probes + 1 > VMM_MAX_PROBES) {
		pr_err("%u probe points, room for %u: raise VMM_MAX_PROBES\n",
		       vmm_gen.nr_probes + 1, VMM_MAX_PROBES);
		return -ENOSPC;
	}
	for (i = 0; i < vmm_gen.nr_probes; i++)
		vmm_table[i] = &vmm_gen.probes[i];
	vmm_table[i] = &vmm_copy_vma_probe;
	vmm_nr = i + 1;
	return 0;
}

/* Is @symbol in the comma-separated list of the skip parameter? */
static bool vmm_skipped(const char *symbol)
{
	size_t n = strlen(symbol);
	const char *s = vmm_skip;

	while (s && *s) {
		if (!strncmp(s, symbol, n) && (s[n] == ',' || !s[n]))
			return true;
		s = strchr(s, ',');
		if (s)
			s++;
	}
	return false;
}

/* The most calls of @p in flight that get per-call data. */
static int vmm_max_active(struct vmm_probe *p)
{
	/* Every CPU may be inside a merge, and a task sleeps inside some. */
	int n = max_t(int, 64, 4 * num_possible_cpus());

	return p->max_active ? min(n, p->max_active) : n;
}

#ifdef VMM_BENCH_FLOOR
/*
 * make bench's floor (scripts/bench.sh builds floor.ko with
 * -DVMM_BENCH_FLOOR): handlers that only count the hit, and a return
 * handler that does nothing, so that the hook mechanism's own cost can be
 * told from the module's work.  Never in a module users load.
 */
static int vmm_floor_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	vmm_probe_hit(ri);
	return 0;
}

static int vmm_floor_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return 0;
}

static int vmm_floor_pre(struct kprobe *kp, struct pt_regs *regs)
{
	vmm_kp_hit(kp);
	return 0;
}
#endif

/*
 * A probe whose return the module does not need (6.1's vma_expand: its
 * result is read at mmap_region's return): a kprobe at its entry, without
 * the kretprobe's instance and return trampoline.  Its misses are the
 * kprobe's own (krp.kp.nmissed), as for a kretprobe's entry.
 */
static int vmm_register_kprobe(struct vmm_probe *p)
{
	memset(&p->krp, 0, sizeof(p->krp));
	p->krp.kp.symbol_name = p->symbol;
#ifdef VMM_BENCH_FLOOR
	p->krp.kp.pre_handler = vmm_floor_pre;
#else
	p->krp.kp.pre_handler = p->pre;
#endif
	p->backend = VMM_HOOK_KPROBE;
	return register_kprobe(&p->krp.kp);
}

static int vmm_register_kretprobe(struct vmm_probe *p)
{
	memset(&p->krp, 0, sizeof(p->krp));
	p->krp.kp.symbol_name = p->symbol;
#ifdef VMM_BENCH_FLOOR
	p->krp.entry_handler = vmm_floor_entry;
	p->krp.handler = vmm_floor_ret;
	p->krp.data_size = p->hook ? p->hook->data_size : p->data_size;
	p->krp.maxactive = vmm_max_active(p);
	p->backend = VMM_HOOK_KRETPROBE;
	return register_kretprobe(&p->krp);
#endif
	if (p->hook) {
		p->krp.entry_handler = p->hook->krp_entry;
		p->krp.handler = p->hook->krp_ret;
		p->krp.data_size = p->hook->data_size;
	} else {
		p->krp.entry_handler = p->entry;
		p->krp.handler = p->ret;
		p->krp.data_size = p->data_size;
	}
	p->krp.maxactive = vmm_max_active(p);
	p->backend = VMM_HOOK_KRETPROBE;
	return register_kretprobe(&p->krp);
}

static int vmm_register_fprobe(struct vmm_probe *p)
{
	p->backend = VMM_HOOK_FPROBE;
	return vmm_fprobe_register(&p->fp, p->symbol, &p->hook->fp,
				   p->hook->data_size, vmm_max_active(p));
}

/*
 * Attach @p with the backend @want.  A probe whose handlers exist for
 * kretprobes only (5.10's and 6.1's) is a kretprobe whatever @want says;
 * with `hook=auto`, a probe point fprobe cannot attach to (not in
 * available_filter_functions) falls back to a kretprobe.
 */
static int vmm_register_one(struct vmm_probe *p, enum vmm_backend want)
{
	p->rules = vmm_rules_of(p->rules_of, VM_SPECIAL, VMM_IGNORE_FLAGS,
				vmm_gen.anon);
	p->missed_base = 0;
	if (p->pre) {
		p->err = vmm_register_kprobe(p);
	} else if (want == VMM_HOOK_FPROBE && p->hook) {
		p->err = vmm_register_fprobe(p);
		if (p->err && vmm_hook_param == VMM_HOOK_AUTO) {
			pr_info("fprobe cannot attach %s (%d): kretprobe\n",
				p->symbol, p->err);
			p->err = vmm_register_kretprobe(p);
		}
	} else {
		p->err = vmm_register_kretprobe(p);
	}
	p->attached = !p->err;
	return p->err;
}

/* Detach @p (attached). */
static void vmm_unregister_one(struct vmm_probe *p)
{
	if (p->backend == VMM_HOOK_FPROBE)
		vmm_fprobe_unregister(&p->fp);
	else if (p->backend == VMM_HOOK_KPROBE)
		unregister_kprobe(&p->krp.kp);
	else
		unregister_kretprobe(&p->krp);
	p->attached = false;
}

/**
 * vmm_backend_name() - a hook backend's name, as `hook` and `status` say it
 * @b: the backend
 *
 * Return: "auto", "kretprobe", "fprobe" or "kprobe" (an entry-only probe).
 */
const char *vmm_backend_name(enum vmm_backend b)
{
	switch (b) {
	case VMM_HOOK_FPROBE:
		return "fprobe";
	case VMM_HOOK_KRETPROBE:
		return "kretprobe";
	case VMM_HOOK_KPROBE:
		return "kprobe";
	default:
		return "auto";
	}
}

/**
 * vmm_probes_register() - attach every probe point this kernel offers
 *
 * The generation's probe points (vmm_gen) in its order, then copy_vma.
 * Probe points that fail to attach are logged and shown in `status`, not
 * fatal, as long as one merge entry point and copy_vma attached.  Merge
 * entry points that stay off because their private struct's layout could
 * not be derived do not fail the load: `status` then says why.
 *
 * Return: 0, -ENOENT (everything detached again) if those are missing, or
 * -ENOSPC (nothing attached) if the table cannot hold every probe point.
 */
int vmm_probes_register(void)
{
	bool merge = false, copy = false, layout_off = false, missing = false;
	enum vmm_backend want = vmm_hook_param;
	unsigned int i;

	if (want == VMM_HOOK_AUTO)
		want = VMM_HOOK_CHEAPEST;
	vmm_nr = 0;
	WRITE_ONCE(vmm_detaching, false);
	/* Never 0, and another on every load (compat_fprobe.h). */
	vmm_fp_cookie = get_random_long() | 1;
	if (vmm_table_fill())
		return -ENOSPC;
	if (vmm_gen.prepare)
		vmm_gen.prepare();

	for (i = 0; i < vmm_nr; i++) {
		struct vmm_probe *p = vmm_table[i];

		p->idx = i;
		if (vmm_skipped(p->symbol)) {
			p->skipped = true;
			p->off = "skipped by the skip parameter";
		}
		if (p->off) {
			p->err = -ENOENT;
			pr_info("not attaching %s: %s\n", p->symbol, p->off);
			if (p->kind == VMM_PROBE_MERGE && !p->skipped)
				layout_off = true;
			else if (p->kind == VMM_PROBE_MERGE)
				missing = true;
			continue;
		}
		if (vmm_register_one(p, want)) {
			pr_warn("cannot attach %s: %s %d\n", p->symbol,
				vmm_backend_name(p->backend), p->err);
			missing |= p->kind == VMM_PROBE_MERGE;
			continue;
		}
		merge |= p->kind == VMM_PROBE_MERGE;
		copy |= p->kind == VMM_PROBE_COPY;
	}
	if ((!merge && (missing || !layout_off)) || !copy) {
		for (i = 0; i < vmm_nr; i++)
			if (!vmm_table[i]->attached)
				pr_err("missing %s\n", vmm_table[i]->symbol);
		vmm_probes_unregister();
		return -ENOENT;
	}
	return 0;
}

/**
 * vmm_probes_unregister() - detach every attached probe point
 *
 * In the reverse of the attach order: a probe that reports into another
 * one's call (6.1's vma_expand into mmap_region's) is attached before and
 * detached after it, so no call it reports into goes unseen.  Before the
 * first detach, vmm_detaching is set and a grace period waited for (every
 * handler that starts later sees it): a call whose return handler no
 * longer runs leaves its report target behind (6.1's mmap_region in-flight
 * slot), which the probes still attached must then not follow.
 */
void vmm_probes_unregister(void)
{
	unsigned int i;

	WRITE_ONCE(vmm_detaching, true);
	synchronize_rcu();
	for (i = vmm_nr; i-- > 0;) {
		if (vmm_table[i]->attached)
			vmm_unregister_one(vmm_table[i]);
	}
}

/*
 * The backend's misses of @p since it was registered: the kprobe core's
 * (no free instance, or inside another kprobe's handler), or the fprobe
 * core's (recursion, no room for the call's data).
 */
static unsigned long vmm_core_missed_raw(struct vmm_probe *p)
{
	if (p->backend == VMM_HOOK_FPROBE)
		return vmm_fprobe_missed(&p->fp);
	return (unsigned long)READ_ONCE(p->krp.nmissed) +
	       READ_ONCE(p->krp.kp.nmissed);
}

/**
 * vmm_probes_reset() - make the backend's missed counts read as zero
 *
 * The counts belong to the kprobe or fprobe core, which increments them
 * without a lock we could take: they are never written here, a baseline is
 * kept.
 */
void vmm_probes_reset(void)
{
	unsigned int i;

	for (i = 0; i < vmm_nr; i++)
		WRITE_ONCE(vmm_table[i]->missed_base,
			   vmm_core_missed_raw(vmm_table[i]));
}

/**
 * vmm_probe_core_missed() - the backend's misses of a probe since reset
 * @p: the probe
 *
 * Return: the count.
 */
unsigned long vmm_probe_core_missed(struct vmm_probe *p)
{
	return vmm_core_missed_raw(p) - READ_ONCE(p->missed_base);
}

/**
 * vmm_probes_count() - number of entries in the probe table
 *
 * Return: the count.
 */
unsigned int vmm_probes_count(void)
{
	return vmm_nr;
}

/**
 * vmm_probe_at() - one entry of the probe table
 * @i: index, below vmm_probes_count()
 *
 * Return: the entry.
 */
struct vmm_probe *vmm_probe_at(unsigned int i)
{
	return vmm_table[i];
}

/**
 * vmm_modify_rules() - this kernel's rules for merging an existing VMA
 *
 * What an mprotect (or madvise, mlock, ...) of a whole VMA to its own
 * attributes would be judged by: vma_modify()'s rules on the vmg
 * generation, vma_merge()'s before it.  The audit judges neighbouring VMAs
 * with these, as the probes judge attempts (vmm_register_one()).
 *
 * Return: the rules.
 */
struct vmm_rules vmm_modify_rules(void)
{
	enum vmm_entry entry = VMM_ENTRY_VMA_MERGE;
	unsigned int i;

	for (i = 0; i < vmm_gen.nr_probes; i++)
		if (vmm_gen.probes[i].rules_of == VMM_ENTRY_VMG)
			entry = VMM_ENTRY_VMG;
	return vmm_rules_of(entry, VM_SPECIAL, VMM_IGNORE_FLAGS, vmm_gen.anon);
}
