// SPDX-License-Identifier: GPL-2.0
/*
 * toggle N: 2N merge attempts, no more, no fewer: N times, mprotect the
 * middle page of three to read-only (a split) and back (a merge).
 */
#include "vmmt.h"

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000, i;
	char *a = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (a == MAP_FAILED)
		return 1;
	for (i = 0; i < n; i++)
		if (mprotect(a + PG, PG, PROT_READ) ||
		    mprotect(a + PG, PG, PROT_READ | PROT_WRITE))
			return 1;
	return 0;
}
