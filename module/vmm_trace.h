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

/* The enums the format files name, as numbers for user space. */
TRACE_DEFINE_ENUM(VMM_RESULT_none);
TRACE_DEFINE_ENUM(VMM_RESULT_prev);
TRACE_DEFINE_ENUM(VMM_RESULT_next);
TRACE_DEFINE_ENUM(VMM_RESULT_both);
TRACE_DEFINE_ENUM(VMM_RESULT_error);
TRACE_DEFINE_ENUM(VMM_REASON_absent);
TRACE_DEFINE_ENUM(VMM_REASON_not_adjacent);
TRACE_DEFINE_ENUM(VMM_REASON_special);
TRACE_DEFINE_ENUM(VMM_REASON_flags);
TRACE_DEFINE_ENUM(VMM_REASON_file);
TRACE_DEFINE_ENUM(VMM_REASON_close);
TRACE_DEFINE_ENUM(VMM_REASON_uffd);
TRACE_DEFINE_ENUM(VMM_REASON_anon_name);
TRACE_DEFINE_ENUM(VMM_REASON_policy);
TRACE_DEFINE_ENUM(VMM_REASON_pgoff);
TRACE_DEFINE_ENUM(VMM_REASON_anon_vma);
TRACE_DEFINE_ENUM(VMM_REASON_anon_vma_chain);
TRACE_DEFINE_ENUM(VMM_REASON_ok);
TRACE_DEFINE_ENUM(VMM_CALLER_mmap);
TRACE_DEFINE_ENUM(VMM_CALLER_brk);
TRACE_DEFINE_ENUM(VMM_CALLER_mremap);
TRACE_DEFINE_ENUM(VMM_CALLER_mprotect);
TRACE_DEFINE_ENUM(VMM_CALLER_madvise);
TRACE_DEFINE_ENUM(VMM_CALLER_mlock);
TRACE_DEFINE_ENUM(VMM_CALLER_mbind);
TRACE_DEFINE_ENUM(VMM_CALLER_userfaultfd);
TRACE_DEFINE_ENUM(VMM_CALLER_prctl);
TRACE_DEFINE_ENUM(VMM_CALLER_other);
TRACE_DEFINE_ENUM(VMM_COPY_UNFAULTED);
TRACE_DEFINE_ENUM(VMM_COPY_FAULTED);
TRACE_DEFINE_ENUM(VMM_COPY_FILE);

/* comm as an events line has it: spaces replaced by '_' */
#define VMM_TR_COMM(dst)					\
	do {							\
		unsigned int _i;				\
								\
		memcpy(dst, current->comm, TASK_COMM_LEN);	\
		for (_i = 0; _i < TASK_COMM_LEN; _i++)		\
			if (dst[_i] == ' ')			\
				dst[_i] = '_';			\
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
	/*
	 * missed: 0 for none, else 1 + the first enum vmm_missed that
	 * applies (literals: the format files' parsers do no arithmetic;
	 * checked in events.c)
	 */
	TP_printk("pid=%d comm=%s caller=%s op=merge start=0x%lx end=0x%lx result=%s prev=%s next=%s%s%s%s%s",
		  __entry->pid, __entry->comm,
		  __print_symbolic(__entry->caller,
			{ VMM_CALLER_mmap, "mmap" },
			{ VMM_CALLER_brk, "brk" },
			{ VMM_CALLER_mremap, "mremap" },
			{ VMM_CALLER_mprotect, "mprotect" },
			{ VMM_CALLER_madvise, "madvise" },
			{ VMM_CALLER_mlock, "mlock" },
			{ VMM_CALLER_mbind, "mbind" },
			{ VMM_CALLER_userfaultfd, "userfaultfd" },
			{ VMM_CALLER_prctl, "prctl" },
			{ VMM_CALLER_other, "other" }),
		  __entry->start, __entry->end,
		  __print_symbolic(__entry->result,
			{ VMM_RESULT_none, "none" },
			{ VMM_RESULT_prev, "prev" },
			{ VMM_RESULT_next, "next" },
			{ VMM_RESULT_both, "both" },
			{ VMM_RESULT_error, "error" }),
		  __print_symbolic(__entry->prev,
			{ VMM_REASON_absent, "absent" },
			{ VMM_REASON_not_adjacent, "not_adjacent" },
			{ VMM_REASON_special, "special" },
			{ VMM_REASON_flags, "flags" },
			{ VMM_REASON_file, "file" },
			{ VMM_REASON_close, "close" },
			{ VMM_REASON_uffd, "uffd" },
			{ VMM_REASON_anon_name, "anon_name" },
			{ VMM_REASON_policy, "policy" },
			{ VMM_REASON_pgoff, "pgoff" },
			{ VMM_REASON_anon_vma, "anon_vma" },
			{ VMM_REASON_anon_vma_chain, "anon_vma_chain" },
			{ VMM_REASON_ok, "ok" }),
		  __print_symbolic(__entry->next,
			{ VMM_REASON_absent, "absent" },
			{ VMM_REASON_not_adjacent, "not_adjacent" },
			{ VMM_REASON_special, "special" },
			{ VMM_REASON_flags, "flags" },
			{ VMM_REASON_file, "file" },
			{ VMM_REASON_close, "close" },
			{ VMM_REASON_uffd, "uffd" },
			{ VMM_REASON_anon_name, "anon_name" },
			{ VMM_REASON_policy, "policy" },
			{ VMM_REASON_pgoff, "pgoff" },
			{ VMM_REASON_anon_vma, "anon_vma" },
			{ VMM_REASON_anon_vma_chain, "anon_vma_chain" },
			{ VMM_REASON_ok, "ok" }),
		  __entry->missed ? " missed=" : "",
		  __entry->missed ?
		  __print_symbolic(__entry->missed,
			{ 1, "pgoff_only" },
			{ 2, "anon_vma_unshared" },
			{ 3, "anon_vma_shared" }) : "",
		  __entry->mismatch ? " MISMATCH predicted=" : "",
		  __entry->mismatch ?
		  __print_symbolic(__entry->predicted,
			{ VMM_RESULT_none, "none" },
			{ VMM_RESULT_prev, "prev" },
			{ VMM_RESULT_next, "next" },
			{ VMM_RESULT_both, "both" },
			{ VMM_RESULT_error, "error" }) : "")
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
			{ VMM_COPY_UNFAULTED, "unfaulted" },
			{ VMM_COPY_FAULTED, "faulted" },
			{ VMM_COPY_FILE, "file" }),
		  __entry->pgoff_updated ? "updated" : "kept")
);

#endif /* VMM_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE vmm_trace
#include <trace/define_trace.h>
