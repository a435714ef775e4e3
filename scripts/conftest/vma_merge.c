/* vma_merge() is declared in <linux/mm.h> (5.10 to 6.x, any arity) */
#include <linux/mm.h>

void *vmm_probe = vma_merge;
