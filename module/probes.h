/* SPDX-License-Identifier: GPL-2.0 */
/*
 * probes.h - the probe table: every kernel function vmamerge attaches to.
 *
 * Each generation's file (probe_vma_merge.c, probe_expand.c, probe_vmg.c,
 * probe_copy_vma.c) defines an array of struct vmm_probe; compat.h says which
 * arrays this kernel has, and probes.c registers and unregisters them all in
 * one loop.
 */
#ifndef VMM_PROBES_H
#define VMM_PROBES_H

#include <linux/kprobes.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include "vmm_defs.h"
#include "stats.h"

enum vmm_probe_kind {
	VMM_PROBE_MERGE,	/* a merge entry point: at least one must attach */
	VMM_PROBE_COPY,		/* copy_vma: must attach */
	VMM_PROBE_AUX,		/* helps another probe; optional */
};

struct vmm_probe {
	const char *symbol;
	enum vmm_probe_kind kind;
	kretprobe_handler_t entry;
	kretprobe_handler_t ret;
	size_t data_size;
	int max_active;		/* if set: at most this many calls in flight */
	const char *off;	/* if set: deliberately not attached, and why */

	/* filled in by vmm_probes_register() */
	struct kretprobe krp;
	unsigned int idx;
	int err;		/* 0 when attached */
	bool attached;
	bool skipped;		/* named by the skip parameter */
	unsigned long missed_base;	/* the kprobe core's misses at reset */
};

/* A process named by a parameter (main.c): itself, and the number given. */
struct vmm_proc {
	struct pid *pid;	/* a reference, or NULL for 0 */
	int nr;
};

extern struct vmm_proc vmm_filter, vmm_target;
extern char *vmm_skip;
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

enum vmm_caller vmm_current_caller(void);

int vmm_probes_register(void);
void vmm_probes_unregister(void);
void vmm_probes_reset(void);
unsigned long vmm_probe_core_missed(struct vmm_probe *p);
unsigned int vmm_probes_count(void);
struct vmm_probe *vmm_probe_at(unsigned int i);

#include "compat.h"

/* The probe table index of @ri's probe (no hit counted). */
static inline unsigned int vmm_probe_idx(struct kretprobe_instance *ri)
{
	return container_of(vmm_ri_kretprobe(ri), struct vmm_probe, krp)->idx;
}

static inline struct vmm_probe *vmm_probe_hit(struct kretprobe_instance *ri)
{
	struct vmm_probe *p = container_of(vmm_ri_kretprobe(ri),
					   struct vmm_probe, krp);

	vmm_hit(p->idx);
	return p;
}

#endif /* VMM_PROBES_H */
