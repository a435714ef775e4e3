/* struct mempolicy has a home_node (5.17+) that __mpol_equal compares */
#include <linux/mempolicy.h>

int vmm_probe(struct mempolicy *pol);
int vmm_probe(struct mempolicy *pol)
{
	return pol->home_node;
}
