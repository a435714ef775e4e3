/*
 * fprobe with an exit handler and per-call entry data, and the kernel has
 * it (CONFIG_FPROBE: without it register_fprobe_syms() is a stub)
 */
#include <linux/fprobe.h>

#ifndef CONFIG_FPROBE
#error "CONFIG_FPROBE is not set"
#endif

int vmm_probe(struct fprobe *fp, const char **sym);
int vmm_probe(struct fprobe *fp, const char **sym)
{
	fp->entry_data_size = sizeof(long);
	return register_fprobe_syms(fp, sym, 1);
}
