/* VMAs live in a maple tree walked with VMA_ITERATOR (6.1+) */
#include <linux/mm.h>

int vmm_probe(struct mm_struct *mm);
int vmm_probe(struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	int n = 0;
	VMA_ITERATOR(vmi, mm, 0);

	for_each_vma(vmi, vma)
		n++;
	return n;
}
