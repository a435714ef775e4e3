// SPDX-License-Identifier: GPL-2.0
/*
 * events.c - a fixed ring of the most recent events, written by the probe
 * handlers and formatted only when the `events` file is read; and the
 * same events as the trace events vmamerge:merge and vmamerge:copy_vma
 * (vmm_trace.h), which fire whether or not the ring is on.
 *
 * Notes on locking: vmm_ring_lock, a raw spinlock taken with interrupts
 * off, protects the ring (vmm_ring, vmm_head) and the readers' worst hold
 * (vmm_ev_hold_*).  Writers hold it for one fixed-size copy; nothing else
 * runs under it.  Readers copy the ring at open into memory of their own,
 * newest first, VMM_EV_CHUNK events per hold with the lock dropped (and
 * interrupts on) between holds, so a 1M-event ring never keeps interrupts
 * off for more than one chunk; events the writers overwrite meanwhile are
 * left out (the copy stays one run of consecutive seq numbers, newest
 * included), and a reset meanwhile ends the copy.  Then they format that
 * copy without any lock, so no lock is held while copying to user space.
 * The ring is allocated at load and freed at unload, after the probes are
 * gone and the debugfs files removed.
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

#define VMM_EV_CHUNK 64	/* events a reader copies per hold of the lock */

static DEFINE_RAW_SPINLOCK(vmm_ring_lock);
static struct vmm_event *vmm_ring;
static u64 vmm_head;		/* events ever logged since the last reset */
static unsigned int vmm_resets;	/* how often vmm_head went back to 0 */
static u64 vmm_ev_hold_ns;	/* a reader's longest hold of the lock */
static unsigned int vmm_ev_hold_events;	/* the most it copied in one */

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
	vmm_resets++;
	vmm_ev_hold_ns = 0;
	vmm_ev_hold_events = 0;
	raw_spin_unlock_irqrestore(&vmm_ring_lock, flags);
}

/**
 * vmm_events_hold() - a reader's longest hold of the ring lock
 * @events: the most events one hold copied
 *
 * Return: the longest hold, in ns, since load or reset (interrupts are off
 * for that long).
 */
u64 vmm_events_hold(unsigned int *events)
{
	unsigned long flags;
	u64 ns;

	raw_spin_lock_irqsave(&vmm_ring_lock, flags);
	ns = vmm_ev_hold_ns;
	*events = vmm_ev_hold_events;
	raw_spin_unlock_irqrestore(&vmm_ring_lock, flags);
	return ns;
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
 * @s: the settled attempt
 * @missed: its missed bits (enum vmm_missed), given what the kernel did
 * @actual: what the kernel did
 * @mismatch: the classifier predicted something else
 */
void vmm_event_merge(enum vmm_caller caller, const struct vmm_settled *s,
		     unsigned int missed, enum vmm_result actual, bool mismatch)
{
	struct vmm_event e;

	trace_merge(caller, s->start, s->end, actual,
		    s->reason[VMM_PREV], s->reason[VMM_NEXT],
		    missed ? VMM_TRACE_MISSED_none + 1 + __ffs(missed) :
			     VMM_TRACE_MISSED_none, mismatch,
		    s->predicted);
	if (vmm_ring_off())
		return;
	e = (struct vmm_event) {
		.op = VMM_OP_MERGE,
		.caller = caller,
		.start = s->start,
		.end = s->end,
		.result = actual,
		.prev = s->reason[VMM_PREV],
		.next = s->reason[VMM_NEXT],
		.missed = missed,
		.mismatch = mismatch,
		.predicted = s->predicted,
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

	trace_copy_vma(start, end, res == VMM_COPY_RESULT_merged, anon_kind,
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

/* What a reader formats: a copy of the ring taken at open, at ev[off..]. */
struct vmm_events_snap {
	u64 dropped;
	unsigned int off, n;
	struct vmm_event ev[];
};

static void *vmm_ev_start(struct seq_file *m, loff_t *pos)
{
	struct vmm_events_snap *s = m->private;

	if (!*pos)
		return SEQ_START_TOKEN;
	return *pos <= s->n ? &s->ev[s->off + *pos - 1] : NULL;
}

static void *vmm_ev_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return vmm_ev_start(m, pos);
}

static void vmm_ev_stop(struct seq_file *m, void *v)
{
}

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
	vmm_comm_fix(comm, sizeof(comm));
	seq_printf(m, "seq=%llu ts=%llu pid=%d comm=%s caller=%s op=%s start=0x%lx end=0x%lx ",
		   e->seq, e->ts, e->tgid, comm, vmm_caller_names[e->caller],
		   e->op == VMM_OP_MERGE ? "merge" : "copy_vma", e->start,
		   e->end);
	if (e->op == VMM_OP_COPY) {
		seq_printf(m, "result=%s anon=%s pgoff=%s\n",
			   vmm_copy_result_names[e->result],
			   vmm_copy_anon_names[e->copy_anon],
			   vmm_copy_pgoff_names[vmm_copy_pgoff_updated(e->copy_anon) ?
						VMM_COPY_PGOFF_updated :
						VMM_COPY_PGOFF_kept]);
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

/*
 * Copy the ring's events [*@from, head) into @ev[*@from - *@lo ..], newest
 * first, one chunk per hold of the lock (Notes on locking).  @lo is the
 * oldest event in the ring when the copy starts.  Return: head.
 */
static u64 vmm_events_copy(struct vmm_event *ev, unsigned int cap, u64 *lo,
			   u64 *from)
{
	u64 head, want, low, now, oldest, t0, held, i;
	unsigned int resets;
	unsigned long flags;

	raw_spin_lock_irqsave(&vmm_ring_lock, flags);
	head = vmm_head;
	resets = vmm_resets;
	raw_spin_unlock_irqrestore(&vmm_ring_lock, flags);
	*lo = head > cap ? head - cap : 0;
	for (*from = head; *from > *lo; *from = low) {
		want = *from - min_t(u64, *from - *lo, VMM_EV_CHUNK);
		raw_spin_lock_irqsave(&vmm_ring_lock, flags);
		t0 = ktime_get_ns();
		now = vmm_head;
		oldest = now > cap ? now - cap : 0;
		low = max(want, oldest);
		if (vmm_resets != resets || low >= *from) {	/* all overwritten */
			raw_spin_unlock_irqrestore(&vmm_ring_lock, flags);
			break;
		}
		for (i = low; i < *from; i++)
			ev[i - *lo] = vmm_ring[i % cap];
		held = ktime_get_ns() - t0;
		vmm_ev_hold_ns = max(vmm_ev_hold_ns, held);
		vmm_ev_hold_events = max_t(unsigned int, vmm_ev_hold_events,
					   *from - low);
		raw_spin_unlock_irqrestore(&vmm_ring_lock, flags);
		if (low > want) {	/* the writers overtook the copy */
			*from = low;
			break;
		}
		cond_resched();
	}
	return head;
}

/**
 * vmm_events_open() - open the events file: copy the ring, oldest first
 * @inode: debugfs inode
 * @file: the file being opened
 *
 * Return: 0 or a negative errno.
 */
int vmm_events_open(struct inode *inode, struct file *file)
{
	unsigned int cap = vmm_ring ? vmm_events_capacity : 0;
	struct vmm_events_snap *s;
	u64 head, lo, from;
	int err;

	/* Up to 64 MiB: a failure is the reader's ENOMEM, not a log splat. */
	s = kvmalloc(struct_size(s, ev, cap), GFP_KERNEL | __GFP_NOWARN);
	if (!s)
		return -ENOMEM;
	head = cap ? vmm_events_copy(s->ev, cap, &lo, &from) : 0;
	s->off = from - lo;
	s->n = head - from;
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
