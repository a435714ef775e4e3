// SPDX-License-Identifier: GPL-2.0
/*
 * attempt.c - a merge attempt's accounting once the kernel has decided: the
 * statistics and the event (the snapshot and the verdict: attempt.h).
 *
 * Notes on locking: called from the probe handlers' return side
 * (preemption disabled); the counters are per CPU (stats.h) and the event
 * ring has its own locks (events.c).  No lock is taken here.
 */
#include <linux/compat.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mempolicy.h>
#include <linux/rmap.h>
#include <linux/sched.h>
#include <linux/syscalls.h>
#include <asm/syscall.h>
#include "attempt.h"
#include "compat_anon.h"
#include "compat_mempolicy.h"
#include "events.h"
#include "probes.h"

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
static enum vmm_caller vmm_current_caller(void)
{
	struct pt_regs *regs = task_pt_regs(current);

	if (current->flags & PF_KTHREAD || in_compat_syscall())
		return VMM_CALLER_other;
	switch (syscall_get_nr(current, regs)) {
	case __NR_mmap:
	case __NR_shmat:
		return VMM_CALLER_mmap;
	case __NR_brk:
		return VMM_CALLER_brk;
	case __NR_mremap:
		return VMM_CALLER_mremap;
	case __NR_mprotect:
	case __NR_pkey_mprotect:
		return VMM_CALLER_mprotect;
	case __NR_madvise:
	case __NR_process_madvise:
		return VMM_CALLER_madvise;
	case __NR_mlock:
	case __NR_mlock2:
	case __NR_munlock:
	case __NR_mlockall:
	case __NR_munlockall:
		return VMM_CALLER_mlock;
	case __NR_mbind:
		return VMM_CALLER_mbind;
	case __NR_ioctl:	/* UFFDIO_REGISTER / UNREGISTER */
	case __NR_close:	/* the last close of a userfaultfd */
		return VMM_CALLER_userfaultfd;
	case __NR_prctl:
		return VMM_CALLER_prctl;
	default:
		return VMM_CALLER_other;
	}
}

/**
 * vmm_settled_finish() - account a settled attempt once the kernel decided
 * @s: the settled attempt (vmm_attempt_settle())
 * @actual: what the kernel did
 */
void vmm_settled_finish(const struct vmm_settled *s, enum vmm_result actual)
{
	enum vmm_caller caller = vmm_current_caller();
	bool mismatch = actual != VMM_RESULT_error && actual != s->predicted;
	unsigned int side[VMM_NR_SIDES] = {
		s->side_missed[VMM_PREV], s->side_missed[VMM_NEXT]
	};
	unsigned int missed = vmm_missed_of(side, actual), m = missed;

	vmm_stats_begin();
	vmm_stat_inc(VMM_ST_ATTEMPTS);
	vmm_stat_inc(VMM_ST_RESULT(actual));
	vmm_stat_inc(VMM_ST_CALLER(caller));
	vmm_stat_inc(VMM_ST_PREV(s->reason[VMM_PREV]));
	vmm_stat_inc(VMM_ST_NEXT(s->reason[VMM_NEXT]));
	if (s->both_conflict)
		vmm_stat_inc(VMM_ST_BOTH_ANON_VMA_CONFLICT);
	for (; m; m &= m - 1)	/* each missed bit, most often none */
		vmm_stat_inc(VMM_ST_MISSED(__ffs(m)));
	if (mismatch)
		vmm_stat_inc(VMM_ST_MODEL_MISMATCH);
	vmm_stats_end();
	vmm_event_merge(caller, s, missed, actual, mismatch);
}

/**
 * vmm_attempt_finish() - account an attempt once the kernel has decided
 * @a: the classified attempt
 * @actual: what the kernel did
 */
void vmm_attempt_finish(struct vmm_attempt *a, enum vmm_result actual)
{
	struct vmm_settled s;

	vmm_attempt_settle(a, &s);
	vmm_settled_finish(&s, actual);
}
