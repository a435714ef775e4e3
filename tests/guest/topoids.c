// SPDX-License-Identifier: GPL-2.0
/*
 * topoids [NVMAS]: every VMA in the topology has an identity of its own,
 * at the scale where 32-bit hashed %p values collide (with 200,000 VMAs a
 * repeat is all but certain): a process maps NVMAS (default 200000)
 * one-page VMAs of alternating protections, names itself the target and
 * reads its own `topology` text, streaming; every `vma ID` line must carry
 * an ID no other line has, and there must be one per VMA of /proc/self/maps.
 */
#include "vmmt.h"
#include <stdint.h>

#define BASE 0x600000000000UL

static uint64_t *ids;
static long nids;

static int cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Collect the ID of every "vma ID ..." line (not the indented members). */
static void line(const char *l, void *max)
{
	if (nids < *(long *)max && !strncmp(l, "vma ", 4))
		ids[nids++] = strtoull(l + 4, NULL, 16);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 200000, i, dup = 0, maps, cap, r;
	char s[32];

	snprintf(s, sizeof(s), "%ld", n + 1000);
	if (vmmt_write("/proc/sys/vm/max_map_count", s, strlen(s)))
		return 1;
	if (mmap((void *)BASE, n * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
		 MAP_FIXED_NOREPLACE | MAP_NORESERVE, -1, 0) != (void *)BASE)
		return 1;
	for (i = 1; i < n; i += 2)
		if (mprotect((void *)(BASE + i * PG), PG, PROT_NONE))
			return 1;
	ids = malloc((n + 1000) * sizeof(*ids));
	snprintf(s, sizeof(s), "%d", getpid());
	if (!ids || vmmt_param_write("target", s))
		return 1;
	cap = n + 1000;
	r = vmmt_each_line(VMMT_DEBUGFS "topology", line, &cap);
	CHECK(r > 0, "topology read (%ld bytes)", r);
	vmmt_param_write("target", "0");
	maps = vmmt_vmas_in(0, 0xffffffffff600000UL);	/* not [vsyscall]: no VMA */
	CHECK(nids == maps, "one vma line per VMA: %ld lines, %ld maps lines", nids, maps);
	CHECK(nids >= n, "at least the %ld VMAs mapped (%ld)", n, nids);
	qsort(ids, nids, sizeof(*ids), cmp);
	for (i = 1; i < nids; i++)
		dup += ids[i] == ids[i - 1];
	CHECK(!dup, "every VMA has an identity of its own (%ld repeated)", dup);
	return vmmt_done();
}
