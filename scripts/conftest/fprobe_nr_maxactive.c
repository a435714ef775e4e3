/* struct fprobe bounds the calls in flight (rethook based, before 6.14) */
#include <linux/fprobe.h>

void vmm_probe(struct fprobe *fp);
void vmm_probe(struct fprobe *fp)
{
	fp->nr_maxactive = 64;
}
