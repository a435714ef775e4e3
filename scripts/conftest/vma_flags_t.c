/* vm_area_struct flags are a vma_flags_t bitmap in a union (7.x) */
#include <linux/mm_types.h>

vma_flags_t *vmm_probe(struct vm_area_struct *vma);
vma_flags_t *vmm_probe(struct vm_area_struct *vma)
{
	return &vma->flags;
}
