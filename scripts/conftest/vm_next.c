/* VMAs are linked by vm_next (before the maple tree) */
#include <linux/mm_types.h>

int vmm_probe(struct vm_area_struct *vma);
int vmm_probe(struct vm_area_struct *vma)
{
	return vma->vm_next != NULL;
}
