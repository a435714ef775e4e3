/*
 * anon_vma counts num_children and num_active_vmas (6.0, and stable
 * backports of "mm/rmap: Fix anon_vma->degree ambiguity" to older series)
 */
#include <linux/rmap.h>

unsigned long vmm_probe(struct anon_vma *av);
unsigned long vmm_probe(struct anon_vma *av)
{
	return av->num_children + av->num_active_vmas;
}
