/* vma_merge() with 10 arguments is declared in <linux/mm.h> (5.10) */
#include <linux/mm.h>

typedef struct vm_area_struct *(*vmm_probe_fn)(struct mm_struct *,
	struct vm_area_struct *, unsigned long, unsigned long, unsigned long,
	struct anon_vma *, struct file *, pgoff_t, struct mempolicy *,
	struct vm_userfaultfd_ctx);
vmm_probe_fn vmm_probe = vma_merge;
