/* struct mempolicy keeps its nodes in .nodes (5.15+), not in the .v union */
#include <linux/mempolicy.h>

int vmm_probe(struct mempolicy *pol);
int vmm_probe(struct mempolicy *pol)
{
	return nodes_weight(pol->nodes);
}
