/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmm_trace.h - vmamerge's trace events, vmamerge:merge and
 * vmamerge:copy_vma: the fields of an events line (doc/INTERFACE.md), with
 * results and reasons printed symbolically.  The enums are exported to
 * the format files with TRACE_DEFINE_ENUM, so trace-cmd, perf and bpftrace
 * decode them.  The printed text is an events line without seq= and ts=
 * (the trace has its own timestamp).  Disabled, a tracepoint costs one
 * static branch.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM vmamerge

#if !defined(VMM_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define VMM_TRACE_H

#include <linux/sched.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include "vmm_defs.h"
#include "outcome.h"

/*
 * The enums the format files name, as numbers for user space, and the
 * symbol tables __print_symbolic() prints them with: both from the lists
 * in vmm_defs.h (a table's last entry, L, takes no trailing comma).
 */
VMM_RESULTS(VMM_TR_RESULT, VMM_TR_RESULT)
VMM_REASONS(VMM_TR_REASON, VMM_TR_REASON)
VMM_CALLERS(VMM_TR_CALLER, VMM_TR_CALLER)
VMM_MISSES(VMM_TR_MISSED, VMM_TR_MISSED)
VMM_COPY_ANONS(VMM_TR_COPY_ANON, VMM_TR_COPY_ANON)

/* comm as an events line has it (vmm_comm_fix()) */
#define VMM_TR_COMM(dst)					\
	do {							\
		memcpy(dst, current->comm, TASK_COMM_LEN);	\
		vmm_comm_fix(dst, TASK_COMM_LEN);		\
	} while (0)

TRACE_EVENT(merge,
	TP_PROTO(u8 caller, unsigned long start, unsigned long end, u8 result,
		 u8 prev, u8 next, u8 missed, u8 mismatch, u8 predicted),
	TP_ARGS(caller, start, end, result, prev, next, missed, mismatch,
		predicted),
	TP_STRUCT__entry(
		__field(int, pid)
		__array(char, comm, TASK_COMM_LEN)
		__field(unsigned long, start)
		__field(unsigned long, end)
		__field(u8, caller)
		__field(u8, result)
		__field(u8, prev)
		__field(u8, next)
		__field(u8, missed)
		__field(u8, mismatch)
		__field(u8, predicted)
	),
	TP_fast_assign(
		__entry->pid = current->tgid;
		VMM_TR_COMM(__entry->comm);
		__entry->start = start;
		__entry->end = end;
		__entry->caller = caller;
		__entry->result = result;
		__entry->prev = prev;
		__entry->next = next;
		__entry->missed = missed;
		__entry->mismatch = mismatch;
		__entry->predicted = predicted;
	),
	/* missed: enum vmm_trace_missed (none, else 1 + enum vmm_missed) */
	TP_printk("pid=%d comm=%s caller=%s op=merge start=0x%lx end=0x%lx result=%s prev=%s next=%s%s%s%s%s",
		  __entry->pid, __entry->comm,
		  __print_symbolic(__entry->caller,
			VMM_CALLERS(VMM_SYM_CALLER, VMM_SYM_CALLER_L)),
		  __entry->start, __entry->end,
		  __print_symbolic(__entry->result,
			VMM_RESULTS(VMM_SYM_RESULT, VMM_SYM_RESULT_L)),
		  __print_symbolic(__entry->prev,
			VMM_REASONS(VMM_SYM_REASON, VMM_SYM_REASON_L)),
		  __print_symbolic(__entry->next,
			VMM_REASONS(VMM_SYM_REASON, VMM_SYM_REASON_L)),
		  __entry->missed ? " missed=" : "",
		  __entry->missed ?
		  __print_symbolic(__entry->missed,
			VMM_MISSES(VMM_SYM_MISSED, VMM_SYM_MISSED_L)) : "",
		  __entry->mismatch ? " MISMATCH predicted=" : "",
		  __entry->mismatch ?
		  __print_symbolic(__entry->predicted,
			VMM_RESULTS(VMM_SYM_RESULT, VMM_SYM_RESULT_L)) : "")
);

TRACE_EVENT(copy_vma,
	TP_PROTO(unsigned long start, unsigned long end, u8 merged, u8 anon,
		 u8 pgoff_updated),
	TP_ARGS(start, end, merged, anon, pgoff_updated),
	TP_STRUCT__entry(
		__field(int, pid)
		__array(char, comm, TASK_COMM_LEN)
		__field(unsigned long, start)
		__field(unsigned long, end)
		__field(u8, merged)
		__field(u8, anon)
		__field(u8, pgoff_updated)
	),
	TP_fast_assign(
		__entry->pid = current->tgid;
		VMM_TR_COMM(__entry->comm);
		__entry->start = start;
		__entry->end = end;
		__entry->merged = merged;
		__entry->anon = anon;
		__entry->pgoff_updated = pgoff_updated;
	),
	TP_printk("pid=%d comm=%s caller=mremap op=copy_vma start=0x%lx end=0x%lx result=%s anon=%s pgoff=%s",
		  __entry->pid, __entry->comm, __entry->start, __entry->end,
		  __entry->merged ? "merged" : "new",
		  __print_symbolic(__entry->anon,
			VMM_COPY_ANONS(VMM_SYM_COPY_ANON, VMM_SYM_COPY_ANON_L)),
		  __entry->pgoff_updated ? "updated" : "kept")
);

#endif /* VMM_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE vmm_trace
#include <trace/define_trace.h>
