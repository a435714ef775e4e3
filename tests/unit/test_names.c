// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of module/names.c's metrics table: every stat of the
 * `stats` file is a sample of exactly one metric, metric names follow
 * Prometheus' rules, and rows of one family are adjacent and share it.
 */
#include "unit.h"
#include <ctype.h>
#include <string.h>
#include "vmm_defs.h"

static int valid_name(const char *s)
{
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) &&
		    *s != '_')
			return 0;
	return 1;
}

int main(void)
{
	unsigned int seen[VMM_NR_STATS] = { 0 };
	unsigned int i, j, k;

	for (i = 0; i < vmm_nr_metrics; i++) {
		const struct vmm_metric *m = &vmm_metrics[i];

		T(valid_name(m->name), "metric names are [a-z0-9_]");
		T(!!m->label == !!m->values, "a label comes with its values");
		T(m->label || m->n == 1, "an unlabelled row has one sample");
		T(m->first + m->n <= VMM_NR_STATS, "rows stay inside the stats");
		/* help text on a family's first row only, rows adjacent */
		T(!m->help == (i && !strcmp(m->name, vmm_metrics[i - 1].name)),
		  "help text exactly on the first row of a family");
		for (k = 0; k + 1 < i; k++)
			T(strcmp(vmm_metrics[k].name, m->name) ||
			  !strcmp(vmm_metrics[k + 1].name, m->name),
			  "the rows of a family are adjacent");
		for (j = 0; j < m->n && m->first + j < VMM_NR_STATS; j++) {
			seen[m->first + j]++;
			if (m->values)
				T(m->values[j] && valid_name(m->values[j]),
				  "label values are names");
		}
	}
	for (i = 0; i < VMM_NR_STATS; i++) {
		if (seen[i] != 1)
			printf("stat %s is in %u metrics\n", vmm_stat_names[i],
			       seen[i]);
		T(seen[i] == 1, "every stat is in exactly one metric");
	}
	printf("test_names: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
