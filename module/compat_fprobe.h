/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat_fprobe.h - fprobe, the ftrace-based hook backend (hooks.h), where
 * the kernel has it: its handlers' register type, its per-call data, its
 * registration.  Elsewhere the same names are stubs and only kretprobes
 * attach.
 *
 * Three shapes, told apart by scripts/conftest.sh's compile probes:
 *   - no fprobe with entry data, or CONFIG_FPROBE off (5.10, 6.1):
 *     HAVE_FPROBE unset;
 *   - rethook based (5.18 to 6.13; 6.12 here): handlers get struct
 *     pt_regs, the calls in flight are bounded by nr_maxactive
 *     (HAVE_FPROBE_NR_MAXACTIVE), entry data of any size;
 *   - on the function-graph tracer (6.14, "fprobe: Rewrite fprobe on
 *     function-graph tracer"; 7.2 here):
 *     handlers get struct ftrace_regs (HAVE_FPROBE_FTRACE_REGS), entry
 *     data lives on the task's shadow stack, at most
 *     MAX_FPROBE_DATA_SIZE (15 longs), and nothing bounds the calls in
 *     flight.
 *
 * Part of the compat layer (compat_*.h): the only files that test a
 * HAVE_* from scripts/conftest.sh (vmm_config.h) or a kernel version.
 */
#ifndef VMM_COMPAT_FPROBE_H
#define VMM_COMPAT_FPROBE_H

#include <linux/errno.h>
#include <linux/ptrace.h>
#include "vmm_config.h"

/* Set at each load (probes.c): the fprobe data's cookie. */
extern unsigned long vmm_fp_cookie;

#ifdef HAVE_FPROBE
#include <linux/fprobe.h>

#define VMM_HAVE_FPROBE true

/*
 * Per shape: the handlers' registers (struct VMM_FP_REGS), and what
 * `hook=auto` attaches with, VMM_HOOK_CHEAPEST: the backend `make bench`
 * (its hook rows: cost per probe hit, guest instructions under -icount,
 * 7 rounds in one boot, the module's own work included) finds cheaper on
 * that shape.
 *
 * Function-graph fprobe, 7.2.12: kretprobe 1058, fprobe 1215 per hit
 * (+15%; every round and operation +8% to +24%): kretprobe.
 */
#ifdef HAVE_FPROBE_FTRACE_REGS
#define VMM_HOOK_CHEAPEST	VMM_HOOK_KRETPROBE
#define VMM_FP_REGS		ftrace_regs
#define vmm_fp_arg(regs, n)	ftrace_regs_get_argument(regs, n)
#define vmm_fp_retval(regs)	ftrace_regs_get_return_value(regs)
#define VMM_FP_DATA_MAX		MAX_FPROBE_DATA_SIZE
#else
/*
 * Rethook fprobe, 6.12.95: kretprobe 1042, fprobe 1027 per hit (-1.4%,
 * per-round ratios 0.88x to 1.10x); again with cheaper handlers, 976 and
 * 933 (-4.3%, per-round 0.86x to 1.11x): cheaper on average, not in every
 * round, so the kretprobe every kernel has, and the rest of the tests ran
 * with, stays.
 */
#define VMM_HOOK_CHEAPEST	VMM_HOOK_KRETPROBE
#define VMM_FP_REGS		pt_regs
#define vmm_fp_arg(regs, n)	regs_get_kernel_argument(regs, n)
#define vmm_fp_retval(regs)	regs_return_value(regs)
#define VMM_FP_DATA_MAX		(64 * sizeof(long))	/* no limit: ours */
#endif

/* A hook's fprobe handlers (struct vmm_hook). */
struct vmm_fp_ops {
	fprobe_entry_cb entry;
	fprobe_exit_cb exit;
};

struct vmm_fprobe {
	struct fprobe fp;
};

/*
 * An fprobe's per-call data: the load's cookie, then the handlers' data.
 * On the function-graph fprobe the data is on the task's shadow stack, and
 * a call that sleeps across an unload and a reload at the same address
 * would return into the new module's exit handler with the old module's
 * data: the cookie tells it apart.
 */
struct vmm_fp_data {
	unsigned long cookie;
	unsigned long data[];
};

/* @fp's probe table entry: @fp is its fprobe (probes.h) */
#define vmm_fp_probe(fp)						\
	container_of(fp, struct vmm_probe, fp.fp)

/*
 * The fprobe handlers of a hook (hooks.h's VMM_HOOK), with its handlers
 * @entry_fn and @ret_fn and its per-call data @type, which must fit.
 */
#define VMM_FP_HANDLERS(name, entry_fn, ret_fn, type)			\
static_assert(sizeof(struct vmm_fp_data) + sizeof(type) <=		\
	      VMM_FP_DATA_MAX, #type " does not fit fprobe's entry data"); \
static int name##_fp_entry(struct fprobe *fp, unsigned long ip,		\
			   unsigned long ret_ip, struct VMM_FP_REGS *regs,	\
			   void *data)					\
{									\
	struct vmm_fp_data *d = data;					\
	unsigned long arg[VMM_HOOK_ARGS] = {				\
		vmm_fp_arg(regs, 0), vmm_fp_arg(regs, 1),		\
		vmm_fp_arg(regs, 2),					\
	};								\
									\
	d->cookie = vmm_fp_cookie;					\
	return entry_fn(vmm_fp_probe(fp), arg, d->data);		\
}									\
static void name##_fp_exit(struct fprobe *fp, unsigned long ip,	\
			   unsigned long ret_ip, struct VMM_FP_REGS *regs,	\
			   void *data)					\
{									\
	struct vmm_fp_data *d = data;					\
									\
	if (likely(d->cookie == vmm_fp_cookie))				\
		ret_fn(vmm_fp_retval(regs), d->data);			\
}

#define VMM_FP_HOOK_OPS(name)						\
	.fp = { .entry = name##_fp_entry, .exit = name##_fp_exit },

/*
 * Attach @f to @symbol.  @max_active: the calls in flight the rethook
 * based fprobe keeps data for (others are missed, as a kretprobe's beyond
 * its maxactive); the function-graph one has no such bound.
 */
static inline int vmm_fprobe_register(struct vmm_fprobe *f, const char *symbol,
				      const struct vmm_fp_ops *ops,
				      size_t data_size, int max_active)
{
	memset(&f->fp, 0, sizeof(f->fp));
	f->fp.entry_handler = ops->entry;
	f->fp.exit_handler = ops->exit;
	f->fp.entry_data_size = sizeof(struct vmm_fp_data) + data_size;
	if (f->fp.entry_data_size > VMM_FP_DATA_MAX)
		return -E2BIG;
#ifdef HAVE_FPROBE_NR_MAXACTIVE
	f->fp.nr_maxactive = max_active;
#endif
	return register_fprobe_syms(&f->fp, &symbol, 1);
}

static inline void vmm_fprobe_unregister(struct vmm_fprobe *f)
{
	unregister_fprobe(&f->fp);
}

/*
 * Calls the fprobe core missed (fp->nmissed): on the rethook fprobe, a
 * call inside ftrace's recursion guard or without a free rethook node
 * (nr_maxactive); on the function-graph one, a call without room on the
 * task's shadow stack.  The latter's recursion guard drops calls without
 * counting them (an upstream TODO in fprobe_fgraph_entry()), which the
 * merge entry points never meet: they run in task context only, never
 * from a handler or from inside ftrace.
 */
static inline unsigned long vmm_fprobe_missed(struct vmm_fprobe *f)
{
	return READ_ONCE(f->fp.nmissed);
}

#else /* !HAVE_FPROBE */

#define VMM_HAVE_FPROBE false
#define VMM_HOOK_CHEAPEST VMM_HOOK_KRETPROBE

struct vmm_fp_ops {
};

struct vmm_fprobe {
};

#define VMM_FP_HANDLERS(name, entry_fn, ret_fn, type)
#define VMM_FP_HOOK_OPS(name)

static inline int vmm_fprobe_register(struct vmm_fprobe *f, const char *symbol,
				      const struct vmm_fp_ops *ops,
				      size_t data_size, int max_active)
{
	return -EOPNOTSUPP;
}

static inline void vmm_fprobe_unregister(struct vmm_fprobe *f)
{
}

static inline unsigned long vmm_fprobe_missed(struct vmm_fprobe *f)
{
	return 0;
}

#endif /* HAVE_FPROBE */

#endif /* VMM_COMPAT_FPROBE_H */
