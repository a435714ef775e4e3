// SPDX-License-Identifier: GPL-2.0
/*
 * events.c - a fixed ring of the most recent events, written by the probe
 * handlers and formatted only when the `events` file is read; and the
 * same events as the trace events vmamerge:merge and vmamerge:copy_vma
 * (vmm_trace.h), which fire whether or not the ring is on.
 *
 * Notes on locking: vmm_ring_lock, a raw spinlock taken with interrupts
 * off, protects the ring (vmm_ring, vmm_head).  Writers hold it for one
 * fixed-size copy; nothing else runs under it.  Readers take it once, at
 * open, to copy the ring into memory of their own (bounded by the
 * capacity), then format that copy without any lock, so no lock is held
 * while copying to user space.  The ring is allocated at load and freed at
 * unload, after the probes are gone and the debugfs files removed.
 */
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include "attempt.h"
#include "events.h"
#include "outcome.h"
#include "stats.h"
#include "vmm_trace.h"

static_assert(VMM_MISSED_pgoff_only == 0 && VMM_MISSED_anon_vma_unshared == 1 &&
	      VMM_MISSED_anon_vma_shared == 2, "vmm_trace.h's missed literals");

#define VMM_OP_MERGE 0
#define VMM_OP_COPY 1

struct vmm_event {
	u64 seq, ts;
	unsigned long start, end;
	int tgid;
	char comm[TASK_COMM_LEN];
	u8 op, caller, result, prev, next, missed, mismatch, predicted;
	u8 copy_anon;
};

unsigned int vmm_events_capacity = 4096;

static DEFINE_RAW_SPINLOCK(vmm_ring_lock);
static struct vmm_event *vmm_ring;
static u64 vmm_head;		/* events ever logged since the last reset */

/**
 * vmm_events_init() - allocate the ring (none if the capacity is 0)
 *
 * Return: 0 or -ENOMEM.
 */
int vmm_events_init(void)
{
	if (!vmm_events_capacity)
		return 0;
	vmm_ring = vzalloc(array_size(vmm_events_capacity, sizeof(*vmm_ring)));
	return vmm_ring ? 0 : -ENOMEM;
}

/**
 * vmm_events_exit() - free the ring
 */
void vmm_events_exit(void)
{
	vfree(vmm_ring);
	vmm_ring = NULL;
}

/**
 * vmm_events_reset() - forget every event
 */
void vmm_events_reset(void)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&vmm_ring_lock, flags);
	vmm_head = 0;
	raw_spin_unlock_irqrestore(&vmm_ring_lock, flags);
}

/* No ring (events=0): the event counts as dropped and nothing is built. */
static bool vmm_ring_off(void)
{
	if (vmm_ring)
		return false;
	vmm_stat_inc(VMM_ST_EVENTS_DROPPED);
	return true;
}

static void vmm_event_push(struct vmm_event *e)
{
	unsigned long flags;
	bool dropped;

	e->ts = ktime_get_ns();
	e->tgid = current->tgid;
	memcpy(e->comm, current->comm, sizeof(e->comm));
	raw_spin_lock_irqsave(&vmm_ring_lock, flags);
	e->seq = vmm_head;
	dropped = vmm_head >= vmm_events_capacity;	/* oldest overwritten */
	vmm_ring[vmm_head % vmm_events_capacity] = *e;
	vmm_head++;
	raw_spin_unlock_irqrestore(&vmm_ring_lock, flags);
	vmm_stat_inc(VMM_ST_EVENTS_LOGGED);
	if (dropped)
		vmm_stat_inc(VMM_ST_EVENTS_DROPPED);
}

/**
 * vmm_event_merge() - log one merge attempt
 * @caller: what the task was doing
 * @a: the classified attempt
 * @actual: what the kernel did
 * @mismatch: the classifier predicted something else
 */
void vmm_event_merge(enum vmm_caller caller, const struct vmm_attempt *a,
		     enum vmm_result actual, bool mismatch)
{
	struct vmm_event e;

	trace_merge(caller, a->r.start, a->r.end, actual,
		    a->v.reason[VMM_PREV], a->v.reason[VMM_NEXT],
		    a->v.missed ? __ffs(a->v.missed) + 1 : 0, mismatch,
		    a->v.predicted);
	if (vmm_ring_off())
		return;
	e = (struct vmm_event) {
		.op = VMM_OP_MERGE,
		.caller = caller,
		.start = a->r.start,
		.end = a->r.end,
		.result = actual,
		.prev = a->v.reason[VMM_PREV],
		.next = a->v.reason[VMM_NEXT],
		.missed = a->v.missed,
		.mismatch = mismatch,
		.predicted = a->v.predicted,
	};
	vmm_event_push(&e);
}

/**
 * vmm_event_copy() - log one copy_vma
 * @start: where the copy lands
 * @end: its end
 * @res: merged into a neighbour, or a new VMA
 * @anon_kind: enum vmm_copy_anon of the source
 */
void vmm_event_copy(unsigned long start, unsigned long end,
		    enum vmm_copy_result res, int anon_kind)
{
	struct vmm_event e;

	trace_copy_vma(start, end, res == VMM_COPY_MERGED, anon_kind,
		       vmm_copy_pgoff_updated(anon_kind));
	if (vmm_ring_off())
		return;
	e = (struct vmm_event) {
		.op = VMM_OP_COPY,
		.caller = VMM_CALLER_mremap,
		.start = start,
		.end = end,
		.result = res,
		.copy_anon = anon_kind,
	};
	vmm_event_push(&e);
}

/* What a reader formats: a copy of the ring taken at open. */
struct vmm_events_snap {
	u64 dropped;
	unsigned int n;
	struct vmm_event ev[];
};

static void *vmm_ev_start(struct seq_file *m, loff_t *pos)
{
	struct vmm_events_snap *s = m->private;

	if (!*pos)
		return SEQ_START_TOKEN;
	return *pos <= s->n ? &s->ev[*pos - 1] : NULL;
}

static void *vmm_ev_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return vmm_ev_start(m, pos);
}

static void vmm_ev_stop(struct seq_file *m, void *v)
{
}

static const char *const vmm_copy_anon_names[] = {
	[VMM_COPY_UNFAULTED] = "unfaulted",
	[VMM_COPY_FAULTED] = "faulted",
	[VMM_COPY_FILE] = "file",
};

static int vmm_ev_show(struct seq_file *m, void *v)
{
	struct vmm_events_snap *s = m->private;
	struct vmm_event *e = v;
	char comm[TASK_COMM_LEN];
	unsigned int i;

	if (v == SEQ_START_TOKEN) {
		seq_printf(m, "# capacity %u dropped %llu\n",
			   vmm_events_capacity, s->dropped);
		return 0;
	}
	strscpy(comm, e->comm, sizeof(comm));
	for (i = 0; comm[i]; i++)
		if (comm[i] == ' ')
			comm[i] = '_';
	seq_printf(m, "seq=%llu ts=%llu pid=%d comm=%s caller=%s op=%s start=0x%lx end=0x%lx ",
		   e->seq, e->ts, e->tgid, comm, vmm_caller_names[e->caller],
		   e->op == VMM_OP_MERGE ? "merge" : "copy_vma", e->start,
		   e->end);
	if (e->op == VMM_OP_COPY) {
		seq_printf(m, "result=%s anon=%s pgoff=%s\n",
			   e->result == VMM_COPY_MERGED ? "merged" : "new",
			   vmm_copy_anon_names[e->copy_anon],
			   vmm_copy_pgoff_updated(e->copy_anon) ? "updated" : "kept");
		return 0;
	}
	seq_printf(m, "result=%s prev=%s next=%s", vmm_result_names[e->result],
		   vmm_reason_names[e->prev], vmm_reason_names[e->next]);
	for (i = 0; i < VMM_NR_MISSED; i++)
		if (e->missed & (1U << i)) {
			seq_printf(m, " missed=%s", vmm_missed_names[i]);
			break;
		}
	if (e->mismatch)
		seq_printf(m, " MISMATCH predicted=%s",
			   vmm_result_names[e->predicted]);
	seq_putc(m, '\n');
	return 0;
}

static const struct seq_operations vmm_ev_ops = {
	.start = vmm_ev_start,
	.next = vmm_ev_next,
	.stop = vmm_ev_stop,
	.show = vmm_ev_show,
};

/**
 * vmm_events_open() - open the events file: copy the ring, oldest first
 * @inode: debugfs inode
 * @file: the file being opened
 *
 * Return: 0 or a negative errno.
 */
int vmm_events_open(struct inode *inode, struct file *file)
{
	unsigned int cap = vmm_ring ? vmm_events_capacity : 0, i;
	struct vmm_events_snap *s;
	unsigned long flags;
	u64 head, first;
	int err;

	s = kvmalloc(struct_size(s, ev, cap), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	raw_spin_lock_irqsave(&vmm_ring_lock, flags);
	head = vmm_head;
	first = head > cap ? head - cap : 0;
	s->n = head - first;
	for (i = 0; i < s->n; i++)
		s->ev[i] = vmm_ring[(first + i) % cap];
	raw_spin_unlock_irqrestore(&vmm_ring_lock, flags);
	s->dropped = vmm_stat_sum(VMM_ST_EVENTS_DROPPED);

	err = seq_open(file, &vmm_ev_ops);
	if (err) {
		kvfree(s);
		return err;
	}
	((struct seq_file *)file->private_data)->private = s;
	return 0;
}

/**
 * vmm_events_release() - free the reader's copy
 * @inode: debugfs inode
 * @file: the file being closed
 *
 * Return: 0.
 */
int vmm_events_release(struct inode *inode, struct file *file)
{
	kvfree(((struct seq_file *)file->private_data)->private);
	return seq_release(inode, file);
}
