// SPDX-License-Identifier: GPL-2.0
/*
 * topomembers: the caps of the topology walk.  One faulted anonymous range
 * split into 1,100 VMAs by mprotect shares one anon_vma, whose interval
 * tree then holds 1,100 VMAs: an anon_vma lists at most 256 members and
 * counts at most 1,024, and says that its count is then a lower bound
 * (text: "members 1024+" and "... 768 more"; JSON: members_total 1024,
 * members_total_is_lower_bound true, 256 members).
 */
#include "vmmt.h"

#define BASE 0x610000000000UL
#define N 1100

int main(void)
{
	char s[32], *p, *line;
	long i, listed = 0, more = -1;
	int capped = 0;

	if (mmap((void *)BASE, N * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE |
		 MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) != (void *)BASE)
		return 1;
	memset((void *)BASE, 1, N * PG);
	for (i = 1; i < N; i += 2)
		if (mprotect((void *)(BASE + i * PG), PG, PROT_READ))
			return 1;
	CHECK(vmmt_vmas_in(BASE, BASE + N * PG) == N, "%d VMAs in the range", N);
	snprintf(s, sizeof(s), "%d", getpid());
	if (vmmt_param_write("target", s))
		return 1;
	CHECK(vmmt_read(VMMT_DEBUGFS "topology") > 0, "topology read");
	for (p = vmmt_buf; (line = strsep(&p, "\n")) && *line;) {
		int in = capped == 1 && more < 0;

		if (!strncmp(line, "anon_vma ", 9) &&
		    strlen(line) > 14 && !strcmp(line + strlen(line) - 14, " members 1024+"))
			capped++;
		else if (in && !strncmp(line, "  vma ", 6))
			listed++;
		else if (in && !strncmp(line, "  ... ", 6))
			more = strtol(line + 6, NULL, 10);
	}
	CHECK(capped == 1, "one anon_vma with a member count capped at 1024, marked +");
	CHECK(listed == 256, "it lists 256 members (%ld)", listed);
	CHECK(more == 768, "and says 768 more (%ld)", more);
	CHECK(vmmt_read(VMMT_DEBUGFS "topology.json") > 0, "topology.json read");
	CHECK(strstr(vmmt_buf, "\"members_total\": 1024, \"members_total_is_lower_bound\": true") != NULL,
	      "JSON: members_total 1024, members_total_is_lower_bound true");
	vmmt_param_write("target", "0");
	return vmmt_done();
}
