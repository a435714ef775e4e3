/* anon_vma counts a single degree (before the num_children split) */
#include <linux/rmap.h>

unsigned int vmm_probe(struct anon_vma *av);
unsigned int vmm_probe(struct anon_vma *av)
{
	return av->degree;
}
