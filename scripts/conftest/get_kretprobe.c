/* get_kretprobe() instead of ri->rp (5.11+) */
#include <linux/kprobes.h>

struct kretprobe *vmm_probe(struct kretprobe_instance *ri);
struct kretprobe *vmm_probe(struct kretprobe_instance *ri)
{
	return get_kretprobe(ri);
}
