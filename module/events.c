// SPDX-License-Identifier: GPL-2.0
/*
 * events.c - a merge attempt's accounting once the kernel has decided
 * (vmm_settled_finish(): its statistics and its event), and the events:
 * one ring per CPU of the most recent events, written by the probe
 * handlers on that CPU and merged by sequence number only when the
 * `events` file is read; and the same events as the trace events
 * vmamerge:merge and vmamerge:copy_vma (vmm_trace.h), which fire whether
 * or not the rings are on.
 *
 * Capacity: `events=N` gives every possible CPU a ring of N events, and
 * the file shows at most the N newest.  An event stays in its CPU's ring
 * until that CPU logs N newer ones, so the N newest events of all CPUs are
 * always there to read, whichever CPUs logged them (the old single ring's
 * promise); the price is N * sizeof(struct vmm_event) (64 bytes) per
 * possible CPU, which the load refuses (-ENOMEM) past a quarter of RAM.
 * `events.dropped` counts the events that fell out of the newest N: one
 * for every event logged once N were (the same count the single ring
 * made), whether or not its CPU's ring still holds it.
 *
 * Notes on locking
 * ----------------
 * - vmm_seq, an atomic64 and no lock, numbers the events: its low
 *   VMM_SEQ_BITS bits are the next `seq`, its high bits the reset epoch.
 *   A writer takes its number with one atomic increment; `reset` moves it
 *   to the next epoch, seq 0, with one store (resets are serialised by the
 *   module parameter lock).  One atomic read gives a reader both halves,
 *   so no lock has to keep them together.  The increment still writes one
 *   cache line that every logging CPU shares, but it is wait-free: nobody
 *   spins, nothing else is done while the line is held, and a writer
 *   preempted or interrupted elsewhere holds up no one (the global raw
 *   spinlock it replaces was held for a whole 64-byte copy, its line
 *   bouncing on acquire and on release).  Anything cheaper gives up the
 *   one global order that makes `seq` consecutive: numbers handed out per
 *   CPU in batches would leave holes in the newest run, and timestamps
 *   from different CPUs do not order reliably.  At 2^48 events seq wraps
 *   to 0 as after a reset.
 * - Each CPU's ring (struct vmm_ring in vmm_rings) has its own arch
 *   spinlock, the lock the kernel's own trace ring buffer takes its per-CPU
 *   reader lock with (kernel/trace/ring_buffer.c): it spins on PREEMPT_RT
 *   too, costs a probe hit a compare-and-exchange and a store, where a raw
 *   spinlock's out-of-line calls also moved the preemption count the
 *   handler already holds, and lockdep does not follow it, so no lock
 *   tracking runs inside a probe handler.  Preemption (writers) or
 *   interrupts (readers) are off around every hold.  Taken:
 *   - by that CPU's writer (a probe handler, preemption off; handlers do
 *     not nest on one CPU, and never run in interrupt context, so the
 *     writer leaves interrupts on) for one event's stores, made in its
 *     slot.  It takes its seq under the lock, so a ring holds its events
 *     in seq order, and an event whose seq a reader has seen is in its
 *     ring by the time the reader gets the lock.  A ring still in an older epoch
 *     is emptied by its own writer at its first event of the new one, so
 *     `reset` never touches a ring;
 *   - by a reader, for at most VMM_EV_CHUNK slots of that ring per hold,
 *     interrupts back on between holds, one ring at a time.
 *   No code holds two ring locks at once.  A writer only ever waits for a
 *   reader's chunk on its own CPU's ring, never for another CPU's writer.
 * - A reader copies at open into memory of its own: it reads vmm_seq once
 *   (epoch E, next seq H) and wants the events [lo, H), lo = H - capacity
 *   (0 at least); every one of them is in some ring.  It walks all the
 *   rings from their newest event down, one chunk per ring in turn, and
 *   puts each event it wants at its own place, seq - lo, so the copy needs
 *   no sorting.  When a ring was overwritten below where its walk got (its
 *   writer went on meanwhile), or a reset happened, the events below the
 *   oldest it copied from that ring may be missing: the copy then starts
 *   there (the highest such point of all rings), so it stays one run of
 *   consecutive seq numbers, the newest included; a reset meanwhile ends
 *   the copy that way.  It formats the copy with no lock held.
 * - vmm_ev_hold_lock, a mutex (process context: readers, `status`,
 *   `reset`), protects the readers' worst hold (vmm_ev_hold_*).
 * The rings are allocated at load and freed at unload, after the probes
 * are gone and the debugfs files removed.
 */
#include <linux/atomic.h>
#include <linux/compat.h>
#include <linux/cpumask.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/syscalls.h>
#include <linux/topology.h>
#include <linux/vmalloc.h>
#include <asm/syscall.h>
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

#define VMM_EV_CHUNK 64	/* ring slots a reader looks at per hold of its lock */

#define VMM_SEQ_BITS 48
#define VMM_SEQ_MASK ((1ULL << VMM_SEQ_BITS) - 1)
#define VMM_EPOCH(v) ((u32)((v) >> VMM_SEQ_BITS))

struct vmm_ring {
	arch_spinlock_t lock;	/* Notes on locking */
	u32 epoch;		/* of every event in ev[] */
	u64 n;			/* events written in that epoch */
	struct vmm_event *ev;	/* vmm_events_capacity of them, n % capacity next */
};

static DEFINE_PER_CPU(struct vmm_ring, vmm_rings);
static bool vmm_rings_on __read_mostly;	/* set at load: every CPU has its ring */
/* epoch << VMM_SEQ_BITS | seq; a line of its own, bouncing alone */
static atomic64_t vmm_seq __cacheline_aligned_in_smp = ATOMIC64_INIT(0);
static DEFINE_MUTEX(vmm_ev_hold_lock);
static u64 vmm_ev_hold_ns;	/* a reader's longest hold of a ring lock */
static unsigned int vmm_ev_hold_events;	/* the most slots it went through in one */

/**
 * vmm_events_exit() - free the rings
 */
void vmm_events_exit(void)
{
	int cpu;

	vmm_rings_on = false;
	for_each_possible_cpu(cpu) {
		struct vmm_ring *r = per_cpu_ptr(&vmm_rings, cpu);

		vfree(r->ev);
		r->ev = NULL;
	}
}

/**
 * vmm_events_init() - allocate one ring per possible CPU (none if the
 * capacity is 0)
 *
 * Return: 0, or -ENOMEM (also when the rings would take more than a
 * quarter of the RAM).
 */
int vmm_events_init(void)
{
	u64 bytes = (u64)vmm_events_capacity * sizeof(struct vmm_event);
	int cpu;

	BUILD_BUG_ON(sizeof(struct vmm_event) != 64);	/* INTERFACE.md says so */
	atomic64_set(&vmm_seq, 0);
	for_each_possible_cpu(cpu) {
		struct vmm_ring *r = per_cpu_ptr(&vmm_rings, cpu);

		r->lock = (arch_spinlock_t)__ARCH_SPIN_LOCK_UNLOCKED;
		r->epoch = 0;
		r->n = 0;
		r->ev = NULL;
	}
	if (!vmm_events_capacity)
		return 0;
	if (bytes * num_possible_cpus() > ((u64)totalram_pages() << PAGE_SHIFT) / 4) {
		pr_err("events=%u: %u rings of %llu KiB would take more than a quarter of the RAM\n",
		       vmm_events_capacity, num_possible_cpus(), bytes >> 10);
		return -ENOMEM;
	}
	for_each_possible_cpu(cpu) {
		struct vmm_ring *r = per_cpu_ptr(&vmm_rings, cpu);

		r->ev = vzalloc_node(bytes, cpu_to_node(cpu));
		if (!r->ev) {
			vmm_events_exit();
			return -ENOMEM;
		}
	}
	vmm_rings_on = true;
	return 0;
}

/**
 * vmm_events_reset() - forget every event: the next one has seq 0
 *
 * Called under the module parameter lock.  Moves vmm_seq to the next
 * epoch; each ring empties itself at its next event (Notes on locking).
 */
void vmm_events_reset(void)
{
	u64 v = atomic64_read(&vmm_seq);

	atomic64_set(&vmm_seq, (u64)(VMM_EPOCH(v) + 1) << VMM_SEQ_BITS);
	mutex_lock(&vmm_ev_hold_lock);
	vmm_ev_hold_ns = 0;
	vmm_ev_hold_events = 0;
	mutex_unlock(&vmm_ev_hold_lock);
}

/**
 * vmm_events_ring_bytes() - the memory the rings take
 *
 * Return: capacity * sizeof(struct vmm_event) * possible CPUs, 0 without rings.
 */
u64 vmm_events_ring_bytes(void)
{
	if (!READ_ONCE(vmm_rings_on))
		return 0;
	return (u64)vmm_events_capacity * sizeof(struct vmm_event) *
	       num_possible_cpus();
}

/**
 * vmm_events_hold() - a reader's longest hold of a ring lock
 * @events: the most ring slots one hold went through
 *
 * Return: the longest hold, in ns, since load or reset (interrupts are off
 * for that long on the CPU that reads, and that ring's writer waits).
 */
u64 vmm_events_hold(unsigned int *events)
{
	u64 ns;

	mutex_lock(&vmm_ev_hold_lock);
	ns = vmm_ev_hold_ns;
	*events = vmm_ev_hold_events;
	mutex_unlock(&vmm_ev_hold_lock);
	return ns;
}

/* No ring (events=0): the event counts as dropped and nothing is built. */
static bool vmm_ring_off(void)
{
	if (READ_ONCE(vmm_rings_on))
		return false;
	vmm_stat_inc(VMM_ST_EVENTS_DROPPED);
	return true;
}

/*
 * Take this CPU's ring and the next seq for one event, and return its slot,
 * which the caller fills (every field) before vmm_ring_end().  Called by a
 * probe handler: preemption is off, which pins the CPU, and no merge entry
 * point runs in interrupt context, so no other writer of this ring can
 * interrupt this one and interrupts stay on.  The slot is filled in place,
 * under the ring's lock: a reader, which copies under the same lock (with
 * interrupts off), never sees it half written.
 */
static __always_inline struct vmm_event *vmm_ring_begin(struct vmm_ring **rp)
{
	struct vmm_ring *r;
	struct vmm_event *e;
	u64 v;

	r = this_cpu_ptr(&vmm_rings);
	/* This CPU's ring: one event's stores; a reader holds it for one chunk at most. */
	arch_spin_lock(&r->lock);
	v = atomic64_inc_return(&vmm_seq) - 1;
	if (r->epoch != VMM_EPOCH(v)) {	/* a reset since this CPU's last event */
		r->epoch = VMM_EPOCH(v);
		r->n = 0;
	}
	e = &r->ev[r->n % vmm_events_capacity];
	e->seq = v & VMM_SEQ_MASK;
	e->tgid = current->tgid;
	memcpy(e->comm, current->comm, sizeof(e->comm));
	*rp = r;
	return e;
}

static __always_inline void vmm_ring_end(struct vmm_ring *r, struct vmm_event *e)
{
	u64 seq = e->seq;

	r->n++;
	arch_spin_unlock(&r->lock);
	vmm_stat_inc(VMM_ST_EVENTS_LOGGED);
	if (seq >= vmm_events_capacity)	/* seq - cap left the newest cap */
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
static __always_inline void vmm_event_merge(enum vmm_caller caller,
					    const struct vmm_settled *s,
					    unsigned int missed,
					    enum vmm_result actual, bool mismatch)
{
	struct vmm_ring *r;
	struct vmm_event *e;
	u64 ts;

	/* Its arguments are loaded only when the trace event is on. */
	if (trace_merge_enabled())
		trace_merge(caller, s->start, s->end, actual,
			    s->reason[VMM_PREV], s->reason[VMM_NEXT],
			    missed ? VMM_TRACE_MISSED_none + 1 + __ffs(missed) :
				     VMM_TRACE_MISSED_none, mismatch,
			    s->predicted);
	if (vmm_ring_off())
		return;
	ts = ktime_get_ns();
	e = vmm_ring_begin(&r);
	e->ts = ts;
	e->start = s->start;
	e->end = s->end;
	e->op = VMM_OP_MERGE;
	e->caller = caller;
	e->result = actual;
	e->prev = s->reason[VMM_PREV];
	e->next = s->reason[VMM_NEXT];
	e->missed = missed;
	e->mismatch = mismatch;
	e->predicted = s->predicted;
	e->copy_anon = 0;
	vmm_ring_end(r, e);
}

/*
 * The caller class of each system call that merges, plus one (0: another
 * call), looked up by number: a branch-free load where a switch took a
 * dozen compares (make bench).
 */
static const u8 vmm_caller_of_nr[] = {
	[__NR_mmap] = VMM_CALLER_mmap + 1,
	[__NR_shmat] = VMM_CALLER_mmap + 1,
	[__NR_brk] = VMM_CALLER_brk + 1,
	[__NR_mremap] = VMM_CALLER_mremap + 1,
	[__NR_mprotect] = VMM_CALLER_mprotect + 1,
	[__NR_pkey_mprotect] = VMM_CALLER_mprotect + 1,
	[__NR_madvise] = VMM_CALLER_madvise + 1,
	[__NR_process_madvise] = VMM_CALLER_madvise + 1,
	[__NR_mlock] = VMM_CALLER_mlock + 1,
	[__NR_mlock2] = VMM_CALLER_mlock + 1,
	[__NR_munlock] = VMM_CALLER_mlock + 1,
	[__NR_mlockall] = VMM_CALLER_mlock + 1,
	[__NR_munlockall] = VMM_CALLER_mlock + 1,
	[__NR_mbind] = VMM_CALLER_mbind + 1,
	/* UFFDIO_REGISTER / UNREGISTER, and the last close of a userfaultfd */
	[__NR_ioctl] = VMM_CALLER_userfaultfd + 1,
	[__NR_close] = VMM_CALLER_userfaultfd + 1,
	[__NR_prctl] = VMM_CALLER_prctl + 1,
};

/**
 * vmm_current_caller() - what the current task was doing, from its syscall
 *
 * The merge entry points do not say who called them, and their callers are
 * partly inlined and differ between kernels; the system call the task is in
 * does not, and costs one load.  No string work.
 *
 * Return: the caller class; VMM_CALLER_other outside those system calls
 * (execve's stack setup, kernel threads, 32-bit compat calls).
 */
static __always_inline enum vmm_caller vmm_current_caller(void)
{
	unsigned int nr;

	if (current->flags & PF_KTHREAD || in_compat_syscall())
		return VMM_CALLER_other;
	nr = syscall_get_nr(current, task_pt_regs(current));	/* -1: none */
	if (nr >= ARRAY_SIZE(vmm_caller_of_nr) || !vmm_caller_of_nr[nr])
		return VMM_CALLER_other;
	return vmm_caller_of_nr[nr] - 1;
}

/**
 * vmm_settled_finish() - account a settled attempt once the kernel decided
 * @s: the settled attempt (vmm_attempt_settle())
 * @actual: what the kernel did
 *
 * Its statistics, its trace event and its event, in one function: every
 * return handler runs it, and a call per part was a measurable share of a
 * probe hit's cost (make bench).
 */
void vmm_settled_finish(const struct vmm_settled *s, enum vmm_result actual)
{
	enum vmm_caller caller = vmm_current_caller();
	bool mismatch = actual != VMM_RESULT_error && actual != s->predicted;
	unsigned int side[VMM_NR_SIDES] = {
		s->side_missed[VMM_PREV], s->side_missed[VMM_NEXT]
	};
	unsigned int missed = vmm_missed_of(side, actual), m = missed;
	struct vmm_pcpu *pc;

	pc = vmm_stats_begin();
	pc->c.stat[VMM_ST_ATTEMPTS]++;
	pc->c.stat[VMM_ST_RESULT(actual)]++;
	pc->c.stat[VMM_ST_CALLER(caller)]++;
	pc->c.stat[VMM_ST_PREV(s->reason[VMM_PREV])]++;
	pc->c.stat[VMM_ST_NEXT(s->reason[VMM_NEXT])]++;
	if (s->both_conflict)
		pc->c.stat[VMM_ST_BOTH_ANON_VMA_CONFLICT]++;
	for (; m; m &= m - 1)	/* each missed bit, most often none */
		pc->c.stat[VMM_ST_MISSED(__ffs(m))]++;
	if (mismatch)
		pc->c.stat[VMM_ST_MODEL_MISMATCH]++;
	vmm_stats_end(pc);
	vmm_event_merge(caller, s, missed, actual, mismatch);
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
	struct vmm_ring *r;
	struct vmm_event *e;
	u64 ts;

	if (trace_copy_vma_enabled())
		trace_copy_vma(start, end, res == VMM_COPY_RESULT_merged,
			       anon_kind, vmm_copy_pgoff_updated(anon_kind));
	if (vmm_ring_off())
		return;
	ts = ktime_get_ns();
	e = vmm_ring_begin(&r);
	e->ts = ts;
	e->start = start;
	e->end = end;
	e->op = VMM_OP_COPY;
	e->caller = VMM_CALLER_mremap;
	e->result = res;
	e->prev = 0;
	e->next = 0;
	e->missed = 0;
	e->mismatch = 0;
	e->predicted = 0;
	e->copy_anon = anon_kind;
	vmm_ring_end(r, e);
}

/* What a reader formats: its copy of the rings, taken at open, at ev[off..]. */
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


/* A reader's walk down one CPU's ring, newest first. */
struct vmm_ev_walk {
	u64 i;		/* the ring index above the next slot to look at */
	u64 cover;	/* the oldest seq copied from this ring (hi: none) */
	bool started, done;
};

/* A reader's copy: it wants the events [lo, hi) of epoch and keeps [cut, hi). */
struct vmm_ev_copy {
	struct vmm_event *ev;	/* the event with seq s goes to ev[s - lo] */
	unsigned int cap;
	u32 epoch;
	u64 lo, hi, cut;
	u64 hold_ns;		/* this reader's longest hold of a ring lock */
	unsigned int hold_events;	/* and the most slots in one */
};

/*
 * One hold of @cpu's ring lock: look at up to VMM_EV_CHUNK of its slots
 * below @w->i and copy those @c wants (Notes on locking).  Return: false
 * if a reset came in (the copy ends).
 */
static bool vmm_ev_chunk(struct vmm_ev_copy *c, int cpu, struct vmm_ev_walk *w)
{
	struct vmm_ring *r = per_cpu_ptr(&vmm_rings, cpu);
	unsigned int k = 0, cap = c->cap;
	unsigned long flags;
	bool reset = false;
	u64 t0, oldest;

	local_irq_save(flags);	/* also keeps this task on its CPU */
	arch_spin_lock(&r->lock);
	t0 = ktime_get_ns();
	if (VMM_EPOCH(atomic64_read(&vmm_seq)) != c->epoch) {
		reset = true;
		goto out;
	}
	if (r->epoch != c->epoch) {	/* nothing logged here since the reset */
		w->done = true;
		goto out;
	}
	if (!w->started) {	/* newer events than this are newer than hi */
		w->i = r->n;
		w->started = true;
	}
	oldest = r->n > cap ? r->n - cap : 0;
	for (; k < VMM_EV_CHUNK; k++) {
		struct vmm_event *e;

		if (!w->i) {		/* the ring's first event since the reset */
			w->done = true;
			break;
		}
		if (w->i - 1 < oldest) {	/* overwritten under the walk */
			c->cut = max(c->cut, w->cover);
			w->done = true;
			break;
		}
		e = &r->ev[(w->i - 1) % cap];
		if (e->seq < c->lo) {	/* older than the copy wants */
			w->done = true;
			break;
		}
		w->i--;
		if (e->seq >= c->hi)	/* logged after the open */
			continue;
		c->ev[e->seq - c->lo] = *e;
		w->cover = e->seq;
	}
	c->hold_ns = max(c->hold_ns, ktime_get_ns() - t0);
	c->hold_events = max(c->hold_events, k);
out:
	arch_spin_unlock(&r->lock);
	local_irq_restore(flags);
	return !reset;
}

/*
 * Copy the events [c->lo, c->hi) from every ring, one chunk of each ring in
 * turn, and raise c->cut past any that may be missing.  @walk has a slot
 * per possible CPU, zeroed.
 */
static void vmm_events_copy(struct vmm_ev_copy *c, struct vmm_ev_walk *walk)
{
	unsigned int left;
	int cpu;

	for_each_possible_cpu(cpu)
		walk[cpu].cover = c->hi;
	do {
		left = 0;
		for_each_possible_cpu(cpu) {
			struct vmm_ev_walk *w = &walk[cpu];

			if (w->done)
				continue;
			if (!vmm_ev_chunk(c, cpu, w))
				goto reset;
			left += !w->done;
			cond_resched();
		}
	} while (left);
	return;
reset:	/* each ring's copy reaches down only as far as it got */
	for_each_possible_cpu(cpu)
		if (!walk[cpu].done)
			c->cut = max(c->cut, walk[cpu].cover);
}

/**
 * vmm_events_open() - open the events file: copy the rings, oldest first
 * @inode: debugfs inode
 * @file: the file being opened
 *
 * Return: 0 or a negative errno.
 */
int vmm_events_open(struct inode *inode, struct file *file)
{
	unsigned int cap = READ_ONCE(vmm_rings_on) ? vmm_events_capacity : 0;
	struct vmm_ev_copy c = { .cap = cap };
	struct vmm_events_snap *s;
	struct vmm_ev_walk *walk;
	u64 v;
	int err;

	/* Up to 64 MiB: a failure is the reader's ENOMEM, not a log splat. */
	s = kvmalloc(struct_size(s, ev, cap), GFP_KERNEL | __GFP_NOWARN);
	if (!s)
		return -ENOMEM;
	s->off = 0;
	s->n = 0;
	if (cap) {
		walk = kcalloc(nr_cpu_ids, sizeof(*walk), GFP_KERNEL);
		if (!walk) {
			kvfree(s);
			return -ENOMEM;
		}
		v = atomic64_read(&vmm_seq);
		c.ev = s->ev;
		c.epoch = VMM_EPOCH(v);
		c.hi = v & VMM_SEQ_MASK;
		c.lo = c.hi > cap ? c.hi - cap : 0;
		c.cut = c.lo;
		vmm_events_copy(&c, walk);
		kfree(walk);
		s->off = c.cut - c.lo;
		s->n = c.hi - c.cut;
		mutex_lock(&vmm_ev_hold_lock);
		if (VMM_EPOCH(atomic64_read(&vmm_seq)) == c.epoch) {
			vmm_ev_hold_ns = max(vmm_ev_hold_ns, c.hold_ns);
			vmm_ev_hold_events = max(vmm_ev_hold_events, c.hold_events);
		}
		mutex_unlock(&vmm_ev_hold_lock);
	}
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
