// SPDX-License-Identifier: GPL-2.0
/*
 * attempt.c - a merge attempt's accounting once the kernel has decided: the
 * statistics and the event (the snapshot and the verdict: attempt.h).
 *
 * Notes on locking: called from the probe handlers' return side
 * (preemption disabled); the counters are per CPU (stats.h) and the event
 * ring has its own locks (events.c).  No lock is taken here.
 */
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mempolicy.h>
#include <linux/rmap.h>
#include "attempt.h"
#include "compat_anon.h"
#include "compat_mempolicy.h"
#include "events.h"
#include "probes.h"

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
	unsigned int missed = vmm_missed_of(side, actual), m;

	vmm_stats_begin();
	vmm_stat_inc(VMM_ST_ATTEMPTS);
	vmm_stat_inc(VMM_ST_RESULT(actual));
	vmm_stat_inc(VMM_ST_CALLER(caller));
	vmm_stat_inc(VMM_ST_PREV(s->reason[VMM_PREV]));
	vmm_stat_inc(VMM_ST_NEXT(s->reason[VMM_NEXT]));
	if (s->both_conflict)
		vmm_stat_inc(VMM_ST_BOTH_ANON_VMA_CONFLICT);
	for (m = 0; m < VMM_NR_MISSED; m++)
		if (missed & (1U << m))
			vmm_stat_inc(VMM_ST_MISSED(m));
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
