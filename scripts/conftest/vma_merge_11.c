/* vma_merge() takes an 11th argument, the anon_vma_name (5.17 to 6.x) */
#include <linux/mm.h>

typedef struct vm_area_struct *(*vmm_probe_fn)(struct mm_struct *,
	struct vm_area_struct *, unsigned long, unsigned long, unsigned long,
	struct anon_vma *, struct file *, pgoff_t, struct mempolicy *,
	struct vm_userfaultfd_ctx, struct anon_vma_name *);
vmm_probe_fn vmm_probe = vma_merge;
