/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hooks.h - a probe's handlers written once, attached through either hook
 * backend: a kretprobe (every kernel) or an fprobe (where the kernel has
 * one, compat_fprobe.h).  The `hook` parameter chooses (probes.c).
 *
 * A hook's handlers:
 *
 *   int entry_fn(struct vmm_probe *p, const unsigned long *arg, void *data)
 *	at the call: @arg holds the first VMM_HOOK_ARGS arguments (all in
 *	registers), @data the call's own data (sizeof(type) bytes).  Counts
 *	the hit (vmm_hit(p->idx)); returns 0, or non-zero for no return
 *	handler (filtered out).
 *   void ret_fn(unsigned long retval, void *data)
 *	at its return, with the same @data.
 *
 * The data must stay small: the function-graph fprobe keeps at most 15
 * longs per call, its cookie included (compat_fprobe.h).  VMM_HOOK defines
 * each backend's wrappers, which call the two handlers directly, and the
 * struct vmm_hook @name the probe table points to.
 *
 * Notes on locking: none; the handlers run in the probed task with
 * preemption off on either backend, and must not sleep, allocate or
 * format.
 */
#ifndef VMM_HOOKS_H
#define VMM_HOOKS_H

#include "probes.h"
#include "probe_args.h"

#define VMM_HOOK_ARGS 3

#define VMM_HOOK(name, entry_fn, ret_fn, type)				\
static int name##_krp_entry(struct kretprobe_instance *ri,		\
			    struct pt_regs *regs)			\
{									\
	unsigned long arg[VMM_HOOK_ARGS] = {				\
		vmm_arg(regs, 0), vmm_arg(regs, 1), vmm_arg(regs, 2),	\
	};								\
									\
	return entry_fn(vmm_ri_probe(ri), arg, (void *)ri->data);	\
}									\
static int name##_krp_ret(struct kretprobe_instance *ri,		\
			  struct pt_regs *regs)				\
{									\
	ret_fn(regs_return_value(regs), (void *)ri->data);		\
	return 0;							\
}									\
VMM_FP_HANDLERS(name, entry_fn, ret_fn, type)				\
static const struct vmm_hook name = {					\
	.krp_entry = name##_krp_entry,					\
	.krp_ret = name##_krp_ret,					\
	VMM_FP_HOOK_OPS(name)						\
	.data_size = sizeof(type),					\
}

#endif /* VMM_HOOKS_H */
