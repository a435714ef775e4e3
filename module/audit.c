// SPDX-License-Identifier: GPL-2.0
/*
 * audit.c - every pair of neighbouring VMAs of the target judged by this
 * kernel's merge rules (the audit files), and the processes nearest
 * vm.max_map_count (the processes file and metrics).
 *
 * Notes on locking
 * ----------------
 * The audit walk takes the locks the topology walk takes (topology.c), in
 * the same order, only for read, only in process context, and holds none
 * of them while it formats:
 *
 * - The target's mm is pinned with get_task_mm() and dropped with mmput().
 * - Its mmap_lock is taken for read, killably, for one chunk of at most
 *   VMM_AUDIT_CHUNK VMAs, then released (and the CPU offered) before the
 *   next.  Under it the VMAs' flags, file, pgoff, policy, userfaultfd
 *   context and ->close are stable; a fault may give an unfaulted VMA its
 *   anon_vma and first chain entry with mmap_lock held only for read, under
 *   mm->page_table_lock, so the anon_vma and the chain's shape are read
 *   under that spinlock (vmm_audit_snap: two loads and a list test).  The
 *   anon_vma's root and num_children, written under its root's rwsem, are
 *   read once (vmm_anon_unshared(), as the probe handlers do): they decide
 *   only between the anon_vma_unshared and anon_vma_shared classes.  The
 *   longest hold is measured (vmm_audit_max_hold_ns, `status`).
 * - A chunk resumes where the last one ended (au->pos, the end of the last
 *   VMA judged).  The VMA that covers the address before it is found again
 *   and is the left side of the first pair: if it is still the VMA the
 *   last chunk ended on, the pair across the boundary is judged once, as
 *   any other; if the map changed meanwhile, it is judged as the map is
 *   now (a VMA that grew past au->pos is not counted twice, and if none
 *   covers that address any more the first VMA of the chunk has no left
 *   neighbour and counts in `lost`).  Each VMA is counted once, by where it
 *   starts; a process that keeps changing its map is not one instant.
 *
 * The processes scan holds one process at a time: under rcu_read_lock() it
 * finds the next tgid (idr_get_next() on the initial pid namespace, what
 * find_ge_pid() does; that is not exported on 5.10) and reads that
 * process's mm->map_count under task_lock() (which keeps ->mm from being
 * dropped, as get_task_mm() relies on), then drops both and offers the CPU
 * before the next one.  Nothing is allocated and nothing sleeps under them.
 *
 * Memory is fixed: a struct vmm_audit (counters, the region being walked
 * and the VMM_AUDIT_REGIONS worst ones) or a struct vmm_procs (the top
 * VMM_TOP_PROCS), whatever the number of VMAs or processes.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/mm.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/utsname.h>
#include "attempt.h"
#include "audit.h"
#include "classify.h"
#include "compat_mempolicy.h"
#include "compat_vma.h"
#include "probes.h"
#include "topo_emit.h"
#include "topology.h"

#define VMM_AUDIT_CHUNK 64		/* VMAs per mmap_lock hold, as topology */

u64 vmm_audit_max_hold_ns;

/*
 * @vma as the classifier wants it, its anon_vma and chain read under
 * page_table_lock (see the locking notes); policy_differs is the caller's.
 * Return: @vma is a fork child (faulted, linked to more than its own).
 */
static bool vmm_audit_snap(struct mm_struct *mm, struct vm_area_struct *vma,
			   struct vmm_vma_snap *s)
{
	struct anon_vma *av;

	vmm_snap_vma(s, vma, NULL, false);
	spin_lock(&mm->page_table_lock);
	av = vma->anon_vma;
	s->chain_singular = list_is_singular(&vma->anon_vma_chain);
	spin_unlock(&mm->page_table_lock);
	s->anon_vma = (unsigned long)av;
	s->anon_unshared = vmm_anon_unshared(av);
	s->policy_differs = false;
	return av && !s->chain_singular;
}

/* /proc/PID/maps' permission bits of @flags, as an index 0..15. */
static unsigned int vmm_perm_idx(unsigned long flags)
{
	return !!(flags & VM_READ) << 3 | !!(flags & VM_WRITE) << 2 |
	       !!(flags & VM_EXEC) << 1 | !!(flags & VM_MAYSHARE);
}

static void vmm_region_key(struct mm_struct *mm, struct vm_area_struct *vma,
			   enum vmm_region_kind *kind, unsigned long *key)
{
	*key = 0;
	if (vma->vm_file) {
		*kind = VMM_RK_FILE;
		*key = (unsigned long)file_inode(vma->vm_file);
	} else if (vma->vm_start <= mm->brk && vma->vm_end >= mm->start_brk) {
		*kind = VMM_RK_HEAP;
	} else if (vma->vm_start <= mm->start_stack &&
		   vma->vm_end >= mm->start_stack) {
		*kind = VMM_RK_STACK;
	} else {
		*kind = VMM_RK_ANON;
	}
}

/* Keep the finished region au->cur if it is among the worst. */
static void vmm_region_done(struct vmm_audit *au)
{
	struct vmm_region *r = &au->cur;
	unsigned int i;

	if (!r->vmas)
		return;
	if (au->nr_top == VMM_AUDIT_REGIONS &&
	    r->vmas <= au->top[VMM_AUDIT_REGIONS - 1].vmas)
		return;
	i = au->nr_top < VMM_AUDIT_REGIONS ? au->nr_top++ :
					     VMM_AUDIT_REGIONS - 1;
	/* Insertion into a sorted array of VMM_AUDIT_REGIONS entries. */
	for (; i > 0 && au->top[i - 1].vmas < r->vmas; i--)
		au->top[i] = au->top[i - 1];
	au->top[i] = *r;
}

/* Count @b, and the pair (@a, @b) if @a is there (under mmap_lock). */
static void vmm_audit_vma(struct vmm_audit *au, struct mm_struct *mm,
			  const struct vmm_rules *rules,
			  struct vm_area_struct *a, struct vmm_vma_snap *sa,
			  struct vm_area_struct *b, struct vmm_vma_snap *sb)
{
	struct vmm_region *r = &au->cur;
	struct vmm_pair_verdict pv = { .reason = VMM_REASON_absent };
	enum vmm_region_kind kind;
	unsigned long key;
	bool fork_child = vmm_audit_snap(mm, b, sb);

	au->vmas++;
	if (a) {
		sa->policy_differs = !vmm_mpol_equal(b->vm_policy, a->vm_policy);
		vmm_judge_pair(rules, sa, sb, fork_child, &pv);
		au->pairs++;
		au->first[pv.reason]++;
		if (pv.blockers && !(pv.blockers & (pv.blockers - 1)))
			au->alone[__ffs(pv.blockers)]++;
		else if (!pv.blockers && pv.reason != VMM_REASON_ok)
			au->alone[pv.reason]++;	/* 6.12+ ->close on removal */
		if (pv.missed)
			au->missed[__ffs(pv.missed)]++;
	}
	vmm_region_key(mm, b, &kind, &key);
	if (!r->vmas || r->end != b->vm_start || r->kind != kind ||
	    r->key != key) {
		vmm_region_done(au);
		memset(r, 0, sizeof(*r));
		r->start = b->vm_start;
		r->kind = kind;
		r->key = key;
		if (b->vm_file)
			snprintf(r->name, sizeof(r->name), "%pD", b->vm_file);
	} else {
		r->reasons[pv.reason]++;
	}
	r->end = b->vm_end;
	r->vmas++;
	r->perms[vmm_perm_idx(b->vm_flags)]++;
}

/* One chunk under the target's mmap_lock; *@done when the map ended. */
static int vmm_audit_chunk(struct vmm_audit *au, struct mm_struct *mm,
			   const struct vmm_rules *rules, bool *done)
{
	struct vmm_vma_snap snap[2];
	struct vm_area_struct *a = NULL, *b;
	struct vmm_vma_walk w;
	unsigned int n;
	u64 t0, held;

	if (mmap_read_lock_killable(mm))
		return -EINTR;
	t0 = ktime_get_ns();
	au->chunks++;
	b = vmm_walk_find(&w, mm, au->pos ? au->pos - 1 : 0);
	if (au->pos && b && b->vm_start < au->pos) {
		/* The last VMA judged, or what covers its end now. */
		a = b;
		vmm_audit_snap(mm, a, &snap[0]);
		b = vmm_walk_next(&w);
	} else if (au->pos && b) {
		au->lost++;
	}
	for (n = 0; b && n < VMM_AUDIT_CHUNK; n++) {
		vmm_audit_vma(au, mm, rules, a, &snap[n & 1], b,
			      &snap[!(n & 1)]);
		au->pos = b->vm_end;
		a = b;
		b = vmm_walk_next(&w);
	}
	*done = !b;
	au->map_count = mm->map_count;
	held = ktime_get_ns() - t0;
	mmap_read_unlock(mm);
	au->max_hold_ns = max(au->max_hold_ns, held);
	return 0;
}

/**
 * vmm_audit_run() - judge every pair of the process's neighbouring VMAs
 * @pid: the process (its thread-group leader's struct pid)
 * @au: the result (zeroed by the caller)
 *
 * Return: 0; -ESRCH if there is no such process or it has no mm any more;
 * -EINTR if the reader was killed; -ENOMEM if vm.max_map_count could not
 * be read for want of memory.
 */
int vmm_audit_run(struct pid *pid, struct vmm_audit *au)
{
	struct mm_struct *mm = vmm_pid_mm(pid, &au->tgid, au->comm);
	struct vmm_rules rules = vmm_modify_rules();
	bool done = false;
	int err = 0;

	if (!mm)
		return -ESRCH;
	while (!err && !done) {
		err = vmm_audit_chunk(au, mm, &rules, &done);
		if (!err && !done)
			err = vmm_between_chunks();
	}
	mmput(mm);
	if (err)
		return err;
	vmm_region_done(au);
	if (au->max_hold_ns > READ_ONCE(vmm_audit_max_hold_ns))
		WRITE_ONCE(vmm_audit_max_hold_ns, au->max_hold_ns);
	return vmm_read_max_map_count(&au->max_map_count);
}

/* Keep @c in the top VMM_TOP_PROCS, most maps first. */
static void vmm_procs_add(struct vmm_procs *ps, const struct vmm_proc_count *c)
{
	unsigned int i;

	if (ps->nr == VMM_TOP_PROCS &&
	    c->map_count <= ps->top[VMM_TOP_PROCS - 1].map_count)
		return;
	i = ps->nr < VMM_TOP_PROCS ? ps->nr++ : VMM_TOP_PROCS - 1;
	for (; i > 0 && ps->top[i - 1].map_count < c->map_count; i--)
		ps->top[i] = ps->top[i - 1];
	ps->top[i] = *c;
}

/*
 * The process of the first tgid >= *@nr, if it has an mm: its map_count.
 * Return: false when there is no such tgid.  Holds rcu_read_lock() and that
 * one task's task_lock() only.
 */
static bool vmm_proc_next(int *nr, struct vmm_proc_count *c, bool *has_mm)
{
	struct task_struct *p;
	struct pid *pid;

	*has_mm = false;
	rcu_read_lock();
	pid = idr_get_next(&init_pid_ns.idr, nr);
	if (!pid) {
		rcu_read_unlock();
		return false;
	}
	p = pid_task(pid, PIDTYPE_TGID);
	if (p && !(p->flags & PF_KTHREAD)) {
		task_lock(p);
		if (p->mm) {
			c->map_count = READ_ONCE(p->mm->map_count);
			c->tgid = *nr;
			memcpy(c->comm, p->comm, sizeof(c->comm));
			*has_mm = true;
		}
		task_unlock(p);
	}
	rcu_read_unlock();
	return true;
}

/**
 * vmm_procs_scan() - the processes with the most VMAs
 * @ps: the result (zeroed by the caller)
 *
 * Every tgid of the initial pid namespace in increasing order, one at a
 * time (see the locking notes); a process whose thread-group leader has
 * exited (its threads live on) has no mm to read and is left out, as are
 * kernel threads.  The tgids only increase, so the loop ends: at most
 * pid_max steps.
 */
void vmm_procs_scan(struct vmm_procs *ps)
{
	struct vmm_proc_count c;
	bool has_mm;
	int nr = 1;

	while (nr > 0 && vmm_proc_next(&nr, &c, &has_mm)) {
		if (has_mm) {
			ps->scanned++;
			vmm_procs_add(ps, &c);
		}
		nr++;
		cond_resched();
	}
	if (vmm_read_max_map_count(&ps->max_map_count))
		ps->max_map_count = -1;
}

/* @v's share of @max in tenths of a percent, as "N.N", or "-". */
static void vmm_share(struct seq_file *m, unsigned long v, int max)
{
	u64 t;

	if (max <= 0) {
		seq_puts(m, "-");
		return;
	}
	t = div_u64((u64)v * 1000, max);
	seq_printf(m, "%llu.%llu", div_u64(t, 10), t - div_u64(t, 10) * 10);
}

static const char *const vmm_rk_names[] = {
	[VMM_RK_ANON] = "anon", [VMM_RK_HEAP] = "heap",
	[VMM_RK_STACK] = "stack", [VMM_RK_FILE] = "file",
};

/* The region's most frequent reason among its pairs, ok only if all are. */
static enum vmm_reason vmm_region_reason(const struct vmm_region *r)
{
	enum vmm_reason best = VMM_REASON_ok;
	unsigned int i;

	for (i = 0; i < VMM_REASON_ok; i++)
		if (r->reasons[i] &&
		    (best == VMM_REASON_ok || r->reasons[i] > r->reasons[best]))
			best = i;
	return best;
}

static void vmm_perm_str(unsigned int i, char s[5])
{
	s[0] = i & 8 ? 'r' : '-';
	s[1] = i & 4 ? 'w' : '-';
	s[2] = i & 2 ? 'x' : '-';
	s[3] = i & 1 ? 's' : 'p';
	s[4] = 0;
}

/* The permission indexes of @r, most VMAs first, into @idx; their number. */
static unsigned int vmm_region_perms(const struct vmm_region *r,
				     unsigned int idx[16])
{
	unsigned int i, j, n = 0;

	for (i = 16; i-- > 0;) {	/* ties: rw-p before ---p */
		if (!r->perms[i])
			continue;
		for (j = n++; j > 0 && r->perms[idx[j - 1]] < r->perms[i]; j--)
			idx[j] = idx[j - 1];
		idx[j] = i;
	}
	return n;
}

/*
 * The map_count with each recoverable class merged too, cumulative in
 * the order ok, pgoff_only, anon_vma_unshared, anon_vma_shared; each
 * merge of a pair removes one VMA.
 */
static long vmm_if_merged(const struct vmm_audit *au, unsigned int upto)
{
	long c = (long)au->map_count - (long)au->first[VMM_REASON_ok];
	unsigned int i;

	for (i = 0; i < upto; i++)
		c -= au->missed[i];
	return max(c, au->map_count ? 1L : 0L);
}

/**
 * vmm_audit_text() - the audit file (doc/INTERFACE.md)
 * @m: the seq_file
 * @au: the result of vmm_audit_run()
 */
void vmm_audit_text(struct seq_file *m, const struct vmm_audit *au)
{
	unsigned int i, j, idx[16], n;
	char p[5], comm[TASK_COMM_LEN];

	memcpy(comm, au->comm, sizeof(comm));
	comm[sizeof(comm) - 1] = 0;
	strreplace(comm, ' ', '_');	/* one word, as in events lines */
	seq_printf(m, "vmamerge audit v%d\n", VMM_AUDIT_SCHEMA);
	seq_printf(m, "process %d %s kernel %s generation %s\n", au->tgid,
		   comm, init_utsname()->release, vmm_gen.name);
	seq_printf(m, "map_count %d max_map_count %d headroom %d used ",
		   au->map_count, au->max_map_count,
		   au->max_map_count < 0 ? -1 : au->max_map_count - au->map_count);
	vmm_share(m, au->map_count, au->max_map_count);
	seq_puts(m, "%\n");
	seq_printf(m, "vmas %lu pairs %lu adjacent_pairs %lu\n", au->vmas,
		   au->pairs, au->pairs - au->first[VMM_REASON_not_adjacent]);
	for (i = VMM_REASON_not_adjacent; i < VMM_REASON_ok; i++)
		seq_printf(m, "reason %s pairs %lu alone %lu\n",
			   vmm_reason_names[i], au->first[i], au->alone[i]);
	seq_printf(m, "recoverable ok %lu", au->first[VMM_REASON_ok]);
	for (i = 0; i < VMM_NR_MISSED; i++)
		seq_printf(m, " %s %lu", vmm_missed_names[i], au->missed[i]);
	seq_printf(m, "\nmap_count_if_merged ok %ld", vmm_if_merged(au, 0));
	for (i = 0; i < VMM_NR_MISSED; i++)
		seq_printf(m, " %s %ld", vmm_missed_names[i],
			   vmm_if_merged(au, i + 1));
	seq_printf(m, "\nwalk chunks %lu max_lock_hold_ns %llu lost %lu\n",
		   au->chunks, au->max_hold_ns, au->lost);
	for (i = 0; i < au->nr_top; i++) {
		const struct vmm_region *r = &au->top[i];
		enum vmm_reason why = vmm_region_reason(r);

		seq_printf(m, "region %lx-%lx vmas %lu reason %s %lu perms",
			   r->start, r->end, r->vmas, vmm_reason_names[why],
			   r->reasons[why]);
		n = vmm_region_perms(r, idx);
		for (j = 0; j < n; j++) {
			vmm_perm_str(idx[j], p);
			seq_printf(m, "%c%s:%lu", j ? ',' : ' ', p,
				   r->perms[idx[j]]);
		}
		seq_printf(m, " %s", vmm_rk_names[r->kind]);
		if (r->kind == VMM_RK_FILE)
			seq_printf(m, " %s", r->name);
		seq_putc(m, '\n');
	}
}

/**
 * vmm_audit_json() - the audit.json file (doc/INTERFACE.md)
 * @m: the seq_file
 * @au: the result of vmm_audit_run()
 */
void vmm_audit_json(struct seq_file *m, const struct vmm_audit *au)
{
	unsigned int i, j, idx[16], n;
	char p[5];

	seq_printf(m, "{\"schema\": %d, \"kernel\": ", VMM_AUDIT_SCHEMA);
	vmm_json_str(m, init_utsname()->release);
	seq_printf(m, ", \"generation\": \"%s\",\n \"process\": {\"tgid\": %d, \"comm\": ",
		   vmm_gen.name, au->tgid);
	vmm_json_str(m, au->comm);
	seq_printf(m, "},\n \"totals\": {\"map_count\": %d, \"max_map_count\": %d, \"headroom\": %d, \"vmas\": %lu, \"pairs\": %lu, \"adjacent_pairs\": %lu},\n \"reasons\": {",
		   au->map_count, au->max_map_count,
		   au->max_map_count < 0 ? -1 : au->max_map_count - au->map_count,
		   au->vmas, au->pairs,
		   au->pairs - au->first[VMM_REASON_not_adjacent]);
	for (i = VMM_REASON_not_adjacent; i < VMM_REASON_ok; i++)
		seq_printf(m, "%s\"%s\": {\"pairs\": %lu, \"alone\": %lu}",
			   i == VMM_REASON_not_adjacent ? "" : ", ",
			   vmm_reason_names[i], au->first[i], au->alone[i]);
	seq_printf(m, "},\n \"recoverable\": {\"ok\": %lu",
		   au->first[VMM_REASON_ok]);
	for (i = 0; i < VMM_NR_MISSED; i++)
		seq_printf(m, ", \"%s\": %lu", vmm_missed_names[i],
			   au->missed[i]);
	seq_printf(m, "},\n \"map_count_if_merged\": {\"ok\": %ld",
		   vmm_if_merged(au, 0));
	for (i = 0; i < VMM_NR_MISSED; i++)
		seq_printf(m, ", \"%s\": %ld", vmm_missed_names[i],
			   vmm_if_merged(au, i + 1));
	seq_printf(m, "},\n \"walk\": {\"chunks\": %lu, \"max_lock_hold_ns\": %llu, \"lost\": %lu},\n \"regions\": [",
		   au->chunks, au->max_hold_ns, au->lost);
	for (i = 0; i < au->nr_top; i++) {
		const struct vmm_region *r = &au->top[i];
		enum vmm_reason why = vmm_region_reason(r);

		seq_printf(m, "%s\n  {\"start\": \"0x%lx\", \"end\": \"0x%lx\", \"vmas\": %lu, \"kind\": \"%s\", \"name\": ",
			   i ? "," : "", r->start, r->end, r->vmas,
			   vmm_rk_names[r->kind]);
		vmm_json_str(m, r->kind == VMM_RK_FILE ? r->name : "");
		seq_printf(m, ", \"reason\": \"%s\", \"reason_pairs\": %lu, \"reasons\": {",
			   vmm_reason_names[why], r->reasons[why]);
		for (n = 0, j = VMM_REASON_not_adjacent; j < VMM_NR_REASONS; j++)
			if (r->reasons[j])
				seq_printf(m, "%s\"%s\": %lu", n++ ? ", " : "",
					   vmm_reason_names[j], r->reasons[j]);
		seq_puts(m, "}, \"perms\": {");
		n = vmm_region_perms(r, idx);
		for (j = 0; j < n; j++) {
			vmm_perm_str(idx[j], p);
			seq_printf(m, "%s\"%s\": %lu", j ? ", " : "", p,
				   r->perms[idx[j]]);
		}
		seq_puts(m, "}}");
	}
	seq_puts(m, "]}\n");
}

/**
 * vmm_procs_text() - the processes file (doc/INTERFACE.md)
 * @m: the seq_file
 * @ps: the result of vmm_procs_scan()
 */
void vmm_procs_text(struct seq_file *m, const struct vmm_procs *ps)
{
	unsigned int i;

	seq_printf(m, "vmamerge processes v1\nmax_map_count %d processes %u top %u\n",
		   ps->max_map_count, ps->scanned, ps->nr);
	for (i = 0; i < ps->nr; i++) {
		const struct vmm_proc_count *c = &ps->top[i];

		seq_printf(m, "process %d map_count %d headroom %d used ",
			   c->tgid, c->map_count,
			   ps->max_map_count < 0 ? -1 :
			   ps->max_map_count - c->map_count);
		vmm_share(m, c->map_count, ps->max_map_count);
		seq_printf(m, "%% comm %s\n", c->comm);
	}
}
