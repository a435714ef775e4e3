// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs.c - /sys/kernel/debug/vmamerge/: a table of read-only files, each
 * a seq_file show function.  Formats are fixed by doc/INTERFACE.md.
 *
 * Notes on locking: the show functions read per-CPU counters (stats.c) and
 * the probe table, which does not change while the files exist (created
 * after the probes attached, removed before they detach; debugfs waits for
 * readers on removal).  No lock is taken here; the audit files take the
 * target's locks inside audit.c, at open, the topology files inside
 * topology.c, a chunk at a time as they are read, and both format with
 * none held; processes and metrics scan the processes one at a
 * time under audit.c's locks.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/utsname.h>
#include "vmamerge.h"
#include "audit.h"
#include "compat_slab.h"
#include "events.h"
#include "probes.h"
#include "topo_emit.h"

static struct dentry *vmm_dir;

/* An open audit file: which format, and the walk's result. */
struct vmm_audit_file {
	bool json;
	struct vmm_audit au;
};

/* The backend's misses of probe i, and the calls it saw too late. */
static u64 vmm_probe_missed(unsigned int i)
{
	struct vmm_probe *p = vmm_probe_at(i);

	return vmm_probe_core_missed(p) + vmm_lost_sum(i);
}

/*
 * status' hook line: the backend every attached probe uses, else each
 * one's (a probe fprobe could not attach to fell back to a kretprobe).
 * An entry-only probe (6.1's vma_expand, a kprobe) is no hook choice: the
 * line leaves it out.
 */
static void vmm_status_hook(struct seq_file *m)
{
	enum vmm_backend first = VMM_HOOK_AUTO;
	bool mixed = false;
	unsigned int i;

	for (i = 0; i < vmm_probes_count(); i++) {
		struct vmm_probe *p = vmm_probe_at(i);

		if (!p->attached || p->backend == VMM_HOOK_KPROBE)
			continue;
		if (first == VMM_HOOK_AUTO)
			first = p->backend;
		mixed |= p->backend != first;
	}
	if (!mixed) {
		seq_printf(m, "hook: %s\n", vmm_backend_name(first));
		return;
	}
	seq_puts(m, "hook: mixed:");
	for (i = 0; i < vmm_probes_count(); i++) {
		struct vmm_probe *p = vmm_probe_at(i);

		if (p->attached && p->backend != VMM_HOOK_KPROBE)
			seq_printf(m, " %s=%s", p->symbol,
				   vmm_backend_name(p->backend));
	}
	seq_putc(m, '\n');
}

static int vmm_status_show(struct seq_file *m, void *v)
{
	unsigned int i, hold_events;
	u64 hold_ns = vmm_events_hold(&hold_events);

	seq_printf(m, "version: %s\n", VMAMERGE_VERSION);
	seq_printf(m, "kernel: %s\n", init_utsname()->release);
	seq_printf(m, "generation: %s\n", vmm_gen.name);
	seq_printf(m, "layout: %s\n", vmm_layout);
	vmm_status_hook(m);
	seq_printf(m, "filter_pid: %d\n", READ_ONCE(vmm_filter.nr));
	seq_printf(m, "target: %d\n", READ_ONCE(vmm_target.nr));
	seq_printf(m, "topology_max_lock_hold_ns: %llu\n",
		   READ_ONCE(vmm_topo_max_hold_ns));
	seq_printf(m, "topology_peak_bytes: %zu\n", READ_ONCE(vmm_topo_peak_bytes));
	seq_printf(m, "audit_max_lock_hold_ns: %llu\n",
		   READ_ONCE(vmm_audit_max_hold_ns));
	seq_printf(m, "events_reader_max_hold_ns: %llu\n", hold_ns);
	seq_printf(m, "events_reader_max_hold_events: %u\n", hold_events);
	seq_printf(m, "events_ring_bytes: %llu\n", vmm_events_ring_bytes());
	seq_printf(m, "next_lookups: leaf %llu, tree %llu\n",
		   vmm_next_lookup_sum(VMM_NEXT_LEAF),
		   vmm_next_lookup_sum(VMM_NEXT_TREE));
	for (i = 0; i < vmm_probes_count(); i++) {
		struct vmm_probe *p = vmm_probe_at(i);

		seq_printf(m, "probe %s: %s, hits %llu, missed %llu\n",
			   p->symbol, p->attached ? "attached" : "missing",
			   vmm_hits_sum(i), vmm_probe_missed(i));
	}
	for (i = 0; i < vmm_probes_count(); i++) {
		struct vmm_probe *p = vmm_probe_at(i);

		if (p->attached)
			continue;
		if (p->off)
			seq_printf(m, "missing %s: %s\n", p->symbol, p->off);
		else
			seq_printf(m, "missing %s: register_%s %d\n",
				   p->symbol, vmm_backend_name(p->backend),
				   p->err);
	}
	return 0;
}

static int vmm_stats_show(struct seq_file *m, void *v)
{
	u64 *sum = kvmalloc_array(VMM_NR_STATS, sizeof(*sum), GFP_KERNEL);
	unsigned int i;
	int err;

	if (!sum)
		return -ENOMEM;
	err = vmm_stats_snapshot(sum);
	for (i = 0; !err && i < VMM_NR_STATS; i++)
		seq_printf(m, "%s %llu\n", vmm_stat_names[i], sum[i]);
	kvfree(sum);
	return err;
}

/* A Prometheus label value: backslash, quote and newline escaped. */
static void vmm_prom_value(struct seq_file *m, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			seq_putc(m, '\\');
		if (*s == '\n')
			seq_puts(m, "\\n");
		else
			seq_putc(m, *s);
	}
}

static void vmm_prom_family(struct seq_file *m, const char *name,
			    const char *type, const char *help)
{
	seq_printf(m, "# HELP vmamerge_%s %s\n# TYPE vmamerge_%s %s\n",
		   name, help, name, type);
}

/* vmamerge_map_count_limit and the top processes' vmamerge_process_vmas. */
static void vmm_procs_metrics(struct seq_file *m, const struct vmm_procs *ps)
{
	unsigned int i;

	vmm_prom_family(m, "map_count_limit", "gauge",
			"vm.max_map_count, the most VMAs a process may have (-1: unreadable).");
	seq_printf(m, "vmamerge_map_count_limit %d\n", ps->max_map_count);
	seq_printf(m, "# HELP vmamerge_process_vmas VMAs (map_count) of the %d processes with the most.\n",
		   VMM_TOP_PROCS);
	seq_puts(m, "# TYPE vmamerge_process_vmas gauge\n");
	for (i = 0; i < ps->nr; i++) {
		seq_printf(m, "vmamerge_process_vmas{tgid=\"%d\",comm=\"",
			   ps->top[i].tgid);
		vmm_prom_value(m, ps->top[i].comm);
		seq_printf(m, "\"} %d\n", ps->top[i].map_count);
	}
}

/*
 * metrics: the stats as Prometheus counters (names.c's table), then the
 * probes and the build as gauges and labelled counters.
 */
static int vmm_metrics_show(struct seq_file *m, void *v)
{
	static const char *const probe_families[][3] = {
		{ "probe_hits_total", "counter", "Calls a probe point saw." },
		{ "probe_missed_total", "counter",
		  "Calls a probe point missed (kprobe or fprobe core misses, and calls seen too late)." },
		{ "probe_attached", "gauge",
		  "1 if the probe point is attached, 0 if this kernel lacks it or it is off." },
	};
	u64 *sum = kvmalloc_array(VMM_NR_STATS, sizeof(*sum), GFP_KERNEL);
	struct vmm_procs *ps;
	unsigned int i, j;
	int err;

	if (!sum)
		return -ENOMEM;
	err = vmm_stats_snapshot(sum);
	if (err) {
		kvfree(sum);
		return err;
	}
	ps = vmm_kzalloc_obj(ps);
	if (!ps) {
		kvfree(sum);
		return -ENOMEM;
	}
	for (i = 0; i < vmm_nr_metrics; i++) {
		const struct vmm_metric *r = &vmm_metrics[i];

		if (r->help)
			seq_printf(m, "# HELP vmamerge_%s_total %s\n# TYPE vmamerge_%s_total counter\n",
				   r->name, r->help, r->name);
		for (j = 0; j < r->n; j++) {
			if (r->values)
				seq_printf(m, "vmamerge_%s_total{%s%s=\"%s\"}",
					   r->name, r->fixed, r->label,
					   r->values[j]);
			else
				seq_printf(m, "vmamerge_%s_total", r->name);
			seq_printf(m, " %llu\n", sum[r->first + j]);
		}
	}
	kvfree(sum);
	for (j = 0; j < ARRAY_SIZE(probe_families); j++) {
		vmm_prom_family(m, probe_families[j][0], probe_families[j][1],
				probe_families[j][2]);
		for (i = 0; i < vmm_probes_count(); i++) {
			struct vmm_probe *p = vmm_probe_at(i);
			u64 val = j == 0 ? vmm_hits_sum(i) :
				  j == 1 ? vmm_probe_missed(i) : p->attached;

			seq_printf(m, "vmamerge_%s{symbol=\"%s\"} %llu\n",
				   probe_families[j][0], p->symbol, val);
		}
	}
	vmm_prom_family(m, "events_capacity", "gauge",
			"The event ring's capacity (the events parameter).");
	seq_printf(m, "vmamerge_events_capacity %u\n", vmm_events_capacity);
	vmm_prom_family(m, "info", "gauge",
			"The module's version, the kernel it runs on, its merge generation and layout source.");
	seq_printf(m, "vmamerge_info{version=\"%s\",kernel=\"", VMAMERGE_VERSION);
	vmm_prom_value(m, init_utsname()->release);
	seq_printf(m, "\",generation=\"%s\",layout=\"", vmm_gen.name);
	vmm_prom_value(m, vmm_layout);
	seq_puts(m, "\"} 1\n");
	vmm_procs_scan(ps);
	vmm_procs_metrics(m, ps);
	kfree(ps);
	return 0;
}

/* Files whose whole content is one show function (i_private). */
static int vmm_single_open(struct inode *inode, struct file *file)
{
	return single_open(file, inode->i_private, NULL);
}

static const struct file_operations vmm_single_fops = {
	.owner = THIS_MODULE,
	.open = vmm_single_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

static const struct file_operations vmm_events_fops = {
	.owner = THIS_MODULE,
	.open = vmm_events_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = vmm_events_release,
};

/*
 * The topology files: a seq_file whose reads walk the target a chunk at a
 * time (topo_emit.c, topology.c), with the target set at open.
 */
static int vmm_topo_file_open(struct inode *inode, struct file *file)
{
	struct pid *pid = vmm_target_get();
	int err;

	if (!pid)
		return -ESRCH;
	err = vmm_topo_open(file, pid, inode->i_private);
	put_pid(pid);
	return err ?: nonseekable_open(inode, file);
}

static const struct file_operations vmm_topo_fops = {
	.owner = THIS_MODULE,
	.open = vmm_topo_file_open,
	.read = seq_read,
	.release = vmm_topo_release,
};

/*
 * The audit files: the walk runs at open (audit.c takes the target's locks
 * chunk by chunk) into a fixed-size result, which show formats with no
 * lock held, as often as seq_file asks.
 */
static int vmm_audit_show(struct seq_file *m, void *v)
{
	const struct vmm_audit_file *f = m->private;

	if (f->json)
		vmm_audit_json(m, &f->au);
	else
		vmm_audit_text(m, &f->au);
	return 0;
}

static int vmm_audit_open(struct inode *inode, struct file *file)
{
	struct pid *pid = vmm_target_get();
	struct vmm_audit_file *f;
	int err;

	if (!pid)
		return -ESRCH;
	f = vmm_kzalloc_obj(f);
	if (!f) {
		err = -ENOMEM;
		goto err_put;
	}
	f->json = !!inode->i_private;
	err = vmm_audit_run(pid, &f->au);
	if (err)
		goto err_free;
	err = single_open(file, vmm_audit_show, f);
	if (err)
		goto err_free;
	put_pid(pid);
	return 0;

err_free:
	kfree(f);
err_put:
	put_pid(pid);
	return err;
}

static int vmm_private_release(struct inode *inode, struct file *file)
{
	void *p = ((struct seq_file *)file->private_data)->private;

	single_release(inode, file);
	kfree(p);
	return 0;
}

static const struct file_operations vmm_audit_fops = {
	.owner = THIS_MODULE,
	.open = vmm_audit_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = vmm_private_release,
};

/* processes: the scan runs at open, one process at a time (audit.c). */
static int vmm_procs_show(struct seq_file *m, void *v)
{
	vmm_procs_text(m, m->private);
	return 0;
}

static int vmm_procs_open(struct inode *inode, struct file *file)
{
	struct vmm_procs *ps = vmm_kzalloc_obj(ps);
	int err;

	if (!ps)
		return -ENOMEM;
	vmm_procs_scan(ps);
	err = single_open(file, vmm_procs_show, ps);
	if (err)
		kfree(ps);
	return err;
}

static const struct file_operations vmm_procs_fops = {
	.owner = THIS_MODULE,
	.open = vmm_procs_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = vmm_private_release,
};

static const struct {
	const char *name;
	const struct file_operations *fops;
	const void *data;	/* the show function, or the emitter */
} vmm_files[] = {
	{ "status", &vmm_single_fops, vmm_status_show },
	{ "stats", &vmm_single_fops, vmm_stats_show },
	{ "events", &vmm_events_fops, NULL },
	{ "topology", &vmm_topo_fops, &vmm_topo_text },
	{ "topology.json", &vmm_topo_fops, &vmm_topo_json },
	{ "topology.dot", &vmm_topo_fops, &vmm_topo_dot },
	{ "metrics", &vmm_single_fops, vmm_metrics_show },
	{ "audit", &vmm_audit_fops, NULL },
	{ "audit.json", &vmm_audit_fops, (void *)1 },	/* i_private: JSON */
	{ "processes", &vmm_procs_fops, NULL },
};

/**
 * vmm_debugfs_init() - create /sys/kernel/debug/vmamerge and its files
 *
 * Return: 0 or a negative errno (nothing left behind).
 */
int vmm_debugfs_init(void)
{
	unsigned int i;

	vmm_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	if (IS_ERR(vmm_dir))
		return PTR_ERR(vmm_dir);
	for (i = 0; i < ARRAY_SIZE(vmm_files); i++) {
		struct dentry *d;

		d = debugfs_create_file(vmm_files[i].name, 0444, vmm_dir,
					(void *)vmm_files[i].data,
					vmm_files[i].fops);
		if (IS_ERR(d))
			goto err_remove;
	}
	return 0;

err_remove:
	debugfs_remove_recursive(vmm_dir);
	return -ENOMEM;
}

/**
 * vmm_debugfs_exit() - remove the files, waiting for readers to leave
 */
void vmm_debugfs_exit(void)
{
	debugfs_remove_recursive(vmm_dir);
}
