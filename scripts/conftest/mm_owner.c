/* mm_struct records its owner task (CONFIG_MEMCG) */
#include <linux/mm_types.h>
#include <linux/rcupdate.h>

struct task_struct *vmm_probe(struct mm_struct *mm);
struct task_struct *vmm_probe(struct mm_struct *mm)
{
	return rcu_dereference(mm->owner);
}
