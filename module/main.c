// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - vmamerge: see what the kernel's VMA merging really does.
 *
 * Module parameters (doc/INTERFACE.md): filter_pid, target, reset and
 * hook, validated here.
 *
 * filter_pid and target hold the process itself (a reference on its struct
 * pid), not its number: once it exits and the number goes to another
 * process, the filter counts nobody and the topology files say ESRCH.
 *
 * Notes on locking: parameter writes are serialised by the kernel's module
 * parameter lock (kernel_param_lock).  Handlers compare
 * READ_ONCE(vmm_filter.pid) with their own tgid's struct pid and may see
 * the old one for a moment after a write; readers take a reference of
 * vmm_target.pid under rcu_read_lock().  A replaced struct pid is put only
 * after synchronize_rcu(), so neither ever holds a pointer to a freed (or
 * reused) one.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include "vmamerge.h"
#include "attempt.h"
#include "events.h"
#include "probes.h"
#include "outcome.h"
#include "topology.h"
#include "audit.h"

struct vmm_proc vmm_filter, vmm_target;
char *vmm_skip;
enum vmm_backend vmm_hook_param = VMM_HOOK_AUTO;

/*
 * A live process with an address space: 0, -ESRCH (no such process, or a
 * thread that is not a thread-group leader) or -EINVAL (kernel thread,
 * exiting or zombie).
 */
static int vmm_check_tgid(int tgid)
{
	struct task_struct *task;
	int err = 0;

	rcu_read_lock();
	task = pid_task(find_vpid(tgid), PIDTYPE_TGID);
	if (!task)
		err = -ESRCH;
	else if (task->flags & (PF_KTHREAD | PF_EXITING) || !READ_ONCE(task->mm))
		err = -EINVAL;
	rcu_read_unlock();
	return err;
}

/* Replace @p's process with @pid (a reference, or NULL), put the old one. */
static void vmm_proc_store(struct vmm_proc *p, struct pid *pid, int nr)
{
	struct pid *old = p->pid;

	WRITE_ONCE(p->pid, pid);
	WRITE_ONCE(p->nr, nr);
	if (old) {
		synchronize_rcu();	/* no handler or reader still has it */
		put_pid(old);
	}
}

/*
 * filter_pid and target: 0, or a live process with an address space.
 * Called under the module parameter lock, which vmm_exit() takes to put
 * the references: the parameter files outlive it (the kernel removes them
 * after the exit function returns), and a write that waited for the lock
 * meanwhile would take a reference nothing puts.  The module is GOING by
 * then (delete_module() marks it before it calls the exit function): such
 * a write is refused with -ENODEV.
 */
static int vmm_tgid_set(const char *val, const struct kernel_param *kp)
{
	struct pid *pid = NULL;
	int tgid, err;

	if (!module_is_live(THIS_MODULE))
		return -ENODEV;
	err = vmm_parse_tgid(val, &tgid);
	if (err)
		return err;
	if (tgid) {
		err = vmm_check_tgid(tgid);
		if (err)
			return err;
		pid = find_get_pid(tgid);
		if (!pid)
			return -ESRCH;	/* it went away meanwhile */
	}
	vmm_proc_store(kp->arg, pid, tgid);
	return 0;
}

static int vmm_tgid_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(((struct vmm_proc *)kp->arg)->nr));
}

static const struct kernel_param_ops vmm_tgid_ops = {
	.set = vmm_tgid_set,
	.get = vmm_tgid_get,
};

module_param_cb(filter_pid, &vmm_tgid_ops, &vmm_filter, 0644);
MODULE_PARM_DESC(filter_pid, "0: all processes; N: only tgid N is counted");
module_param_cb(target, &vmm_tgid_ops, &vmm_target, 0644);
MODULE_PARM_DESC(target, "tgid whose anon_vma topology the topology files show (0: none)");

/**
 * vmm_target_get() - the target process, if one is set
 *
 * Return: a reference on its struct pid (put_pid() it), or NULL.
 */
struct pid *vmm_target_get(void)
{
	struct pid *pid;

	rcu_read_lock();
	pid = get_pid(READ_ONCE(vmm_target.pid));
	rcu_read_unlock();
	return pid;
}

static int vmm_reset_set(const char *val, const struct kernel_param *kp)
{
	int err = vmm_parse_reset(val);

	if (err)
		return err;
	if (!vmm_pcpu)		/* given at load: nothing to zero yet */
		return 0;
	err = vmm_stats_reset();
	if (err)
		return err;
	vmm_events_reset();
	vmm_probes_reset();
	WRITE_ONCE(vmm_topo_max_hold_ns, 0);
	WRITE_ONCE(vmm_topo_peak_bytes, 0);
	WRITE_ONCE(vmm_audit_max_hold_ns, 0);
	return 0;
}

static const struct kernel_param_ops vmm_reset_ops = {
	.set = vmm_reset_set,
};

module_param_cb(reset, &vmm_reset_ops, NULL, 0200);
MODULE_PARM_DESC(reset, "write 1 to zero stats and per-probe counters");

static int vmm_events_set(const char *val, const struct kernel_param *kp)
{
	unsigned int n;
	int err = kstrtouint(val, 10, &n);

	if (err)
		return err;
	if (n > (1U << 20))
		return -EINVAL;
	*(unsigned int *)kp->arg = n;
	return 0;
}

static const struct kernel_param_ops vmm_events_ops = {
	.set = vmm_events_set,
	.get = param_get_uint,
};

module_param_cb(events, &vmm_events_ops, &vmm_events_capacity, 0444);
MODULE_PARM_DESC(events, "newest events the events file keeps, in a ring of that many per CPU, set at load (0: no rings, at most 1048576)");

module_param_named(skip, vmm_skip, charp, 0444);
MODULE_PARM_DESC(skip, "comma-separated probe points not to attach (to simulate a kernel without them)");

/* hook: auto, kretprobe, or fprobe where the kernel has it. */
static int vmm_hook_set(const char *val, const struct kernel_param *kp)
{
	enum vmm_backend b;

	for (b = VMM_HOOK_AUTO; b <= VMM_HOOK_FPROBE; b++) {
		if (!sysfs_streq(val, vmm_backend_name(b)))
			continue;
		if (b == VMM_HOOK_FPROBE && !VMM_HAVE_FPROBE)
			return -EOPNOTSUPP;
		vmm_hook_param = b;
		return 0;
	}
	return -EINVAL;
}

static int vmm_hook_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", vmm_backend_name(vmm_hook_param));
}

static const struct kernel_param_ops vmm_hook_ops = {
	.set = vmm_hook_set,
	.get = vmm_hook_get,
};

module_param_cb(hook, &vmm_hook_ops, NULL, 0444);
MODULE_PARM_DESC(hook, "how the probes attach, set at load: auto (the cheaper), kretprobe, or fprobe");

static int __init vmm_init(void)
{
	char names[256];
	unsigned int i;
	int err, n = 0;

	vmm_ids_init();
	err = vmm_stats_init();
	if (err)
		return err;
	err = vmm_events_init();
	if (err)
		goto err_stats;
	err = vmm_probes_register();
	if (err)
		goto err_events;
	err = vmm_debugfs_init();
	if (err)
		goto err_probes;

	for (i = 0; i < vmm_probes_count(); i++)
		if (vmm_probe_at(i)->attached)
			n += scnprintf(names + n, sizeof(names) - n, " %s",
				       vmm_probe_at(i)->symbol);
	pr_info("%s (generation %s) attached:%s\n", VMAMERGE_VERSION,
		vmm_gen.name, names);
	return 0;

err_probes:
	vmm_probes_unregister();
err_events:
	vmm_events_exit();
err_stats:
	vmm_stats_exit();
	return err;
}

static void __exit vmm_exit(void)
{
	vmm_debugfs_exit();
	vmm_probes_unregister();
	vmm_events_exit();
	/* A write to `reset` may race with unload: it runs under this lock. */
	kernel_param_lock(THIS_MODULE);
	vmm_stats_exit();
	vmm_proc_store(&vmm_filter, NULL, 0);
	vmm_proc_store(&vmm_target, NULL, 0);
	kernel_param_unlock(THIS_MODULE);
}

module_init(vmm_init);
module_exit(vmm_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("vmamerge developers");
MODULE_DESCRIPTION("Classify VMA merge attempts and show anon_vma topology");
MODULE_VERSION(VMAMERGE_VERSION);
