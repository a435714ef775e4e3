/* SPDX-License-Identifier: GPL-2.0 */
/*
 * probes.h - the probe table: every kernel function vmamerge attaches to.
 *
 * A kernel generation is data: its file (probe_list.c, probe_expand.c or
 * probe_vmg.c, the one module/Kbuild builds for the generation
 * scripts/conftest.sh found) defines the one struct vmm_gen, vmm_gen, with
 * its name, its merge rules and its probe points; probe_copy_vma.c defines
 * copy_vma's, which every generation has.  probes.c registers and
 * unregisters them in one loop.
 */
#ifndef VMM_PROBES_H
#define VMM_PROBES_H

#include <linux/kprobes.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include "vmm_defs.h"
#include "classify.h"
#include "compat_fprobe.h"
#include "stats.h"

enum vmm_probe_kind {
	VMM_PROBE_MERGE,	/* a merge entry point: at least one must attach */
	VMM_PROBE_COPY,		/* copy_vma: must attach */
	VMM_PROBE_AUX,		/* helps another probe; optional */
};

/* How a probe is attached: the `hook` parameter (doc/INTERFACE.md). */
enum vmm_backend {
	VMM_HOOK_AUTO,		/* the cheaper one this kernel offers */
	VMM_HOOK_KRETPROBE,
	VMM_HOOK_FPROBE,
	VMM_HOOK_KPROBE,	/* entry only (probe .pre), whatever `hook` says */
};

/* A probe's handlers for every backend, made by VMM_HOOK (hooks.h). */
struct vmm_hook {
	kretprobe_handler_t krp_entry, krp_ret;
	struct vmm_fp_ops fp;	/* where the kernel has fprobe */
	size_t data_size;	/* the call's data */
};

struct vmm_probe {
	const char *symbol;
	enum vmm_probe_kind kind;
	enum vmm_entry rules_of;	/* whose merge rules its attempts follow */
	const struct vmm_hook *hook;	/* if set: either backend */
	kprobe_pre_handler_t pre;	/* else if set: an entry-only kprobe, */
	kretprobe_handler_t entry;	/* else: kretprobe handlers, */
	kretprobe_handler_t ret;
	size_t data_size;		/* and instance data size */
	int max_active;		/* if set: at most this many calls in flight */
	const char *off;	/* if set: deliberately not attached, and why */

	/* filled in by vmm_probes_register() */
	struct vmm_rules rules;	/* vmm_rules_of(rules_of, ...) */
	enum vmm_backend backend;	/* kretprobe or fprobe */
	struct kretprobe krp;
	struct vmm_fprobe fp;
	unsigned int idx;
	int err;		/* 0 when attached */
	bool attached;
	bool skipped;		/* named by the skip parameter */
	unsigned long missed_base;	/* the backend's misses at reset */
};

/*
 * A kernel generation, as data.  The description is const; the probe table
 * it points to is not: registration fills in each entry's rules, kretprobe
 * and state (struct vmm_probe above), and @prepare may turn entries off.
 */
struct vmm_gen {
	const char *name;		/* "list", "expand", "vmg" (status) */
	enum vmm_anon_rule anon;	/* its anon_vma rule (vmm_rules_of) */
	struct vmm_probe *probes;	/* attached in this order */
	unsigned int nr_probes;
	void (*prepare)(void);		/* if set: runs before they attach */
};

/* The generation of the target kernel: defined by probe_$(VMM_GEN).c. */
extern const struct vmm_gen vmm_gen;
/* copy_vma, every generation's, attached after the generation's probes. */
extern struct vmm_probe vmm_copy_vma_probe;

/* A process named by a parameter (main.c): itself, and the number given. */
struct vmm_proc {
	struct pid *pid;	/* a reference, or NULL for 0 */
	int nr;
};

extern struct vmm_proc vmm_filter, vmm_target;
extern char *vmm_skip;
extern enum vmm_backend vmm_hook_param;
extern const char *vmm_layout;	/* the layout's source, or why there is none */
extern bool vmm_detaching;

/* Are the probes being detached?  (vmm_probes_unregister) */
static inline bool vmm_probes_detaching(void)
{
	return READ_ONCE(vmm_detaching);
}

/* Does the current task's work count?  (filter_pid) */
static inline bool vmm_filtered_out(void)
{
	struct pid *f = READ_ONCE(vmm_filter.pid);

	return f && f != task_tgid(current);
}

/* Count a probe hit; returns the probe's table entry. */
static inline struct vmm_probe *vmm_probe_hit(struct kretprobe_instance *ri);

int vmm_probes_register(void);
void vmm_probes_unregister(void);
void vmm_probes_reset(void);
unsigned long vmm_probe_core_missed(struct vmm_probe *p);
const char *vmm_backend_name(enum vmm_backend b);
unsigned int vmm_probes_count(void);
struct vmm_probe *vmm_probe_at(unsigned int i);
struct vmm_rules vmm_modify_rules(void);

#include "compat_kprobes.h"

/* @ri's probe table entry. */
static inline struct vmm_probe *vmm_ri_probe(struct kretprobe_instance *ri)
{
	return container_of(vmm_ri_kretprobe(ri), struct vmm_probe, krp);
}

/* The probe table index of @ri's probe (no hit counted). */
static inline unsigned int vmm_probe_idx(struct kretprobe_instance *ri)
{
	return vmm_ri_probe(ri)->idx;
}

static inline struct vmm_probe *vmm_probe_hit(struct kretprobe_instance *ri)
{
	struct vmm_probe *p = vmm_ri_probe(ri);

	vmm_hit(p->idx);
	return p;
}

/* Count a hit of an entry-only probe (.pre); returns its table entry. */
static inline struct vmm_probe *vmm_kp_hit(struct kprobe *kp)
{
	struct vmm_probe *p = container_of(kp, struct vmm_probe, krp.kp);

	vmm_hit(p->idx);
	return p;
}

#endif /* VMM_PROBES_H */
