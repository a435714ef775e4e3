/*
 * fprobe's handlers get struct ftrace_regs (6.14: fprobe on the
 * function-graph tracer), not struct pt_regs (rethook)
 */
#include <linux/fprobe.h>

_Static_assert(__builtin_types_compatible_p(fprobe_exit_cb,
		void (*)(struct fprobe *, unsigned long, unsigned long,
			 struct ftrace_regs *, void *)),
	       "fprobe handlers take struct pt_regs");

unsigned long vmm_probe(struct ftrace_regs *fregs);
unsigned long vmm_probe(struct ftrace_regs *fregs)
{
	return ftrace_regs_get_argument(fregs, 0) +
	       ftrace_regs_get_return_value(fregs);
}
