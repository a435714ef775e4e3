// SPDX-License-Identifier: GPL-2.0
/*
 * churn [SECONDS]: a workload that keeps merging and splitting VMAs (mmap
 * next to each other, mprotect toggles, mremap, munmap, brk) until killed
 * or SECONDS pass.  Used while the module is loaded and unloaded.
 */
#include "vmmt.h"
#include <signal.h>
#include <time.h>

int main(int argc, char **argv)
{
	time_t end = time(NULL) + (argc > 1 ? atoi(argv[1]) : 3600);
	const int rw = PROT_READ | PROT_WRITE;
	unsigned long i;

	for (i = 0; time(NULL) < end; i++) {
		char *a = mmap(NULL, 8 * PG, rw, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		char *b;

		if (a == MAP_FAILED)
			return 1;
		munmap(a + 2 * PG, 2 * PG);
		mmap(a + 2 * PG, 2 * PG, rw, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		mprotect(a + PG, PG, PROT_READ);
		mprotect(a + PG, PG, rw);
		if (i & 1)
			memset(a, 1, 8 * PG);
		/* A move onto a fresh mapping: always a copy_vma. */
		b = mmap(NULL, 8 * PG, rw, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (b != MAP_FAILED &&
		    mremap(a, 8 * PG, 8 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, b) == b)
			a = b;
		/* A growth: in place where there is room, else a move. */
		b = mremap(a, 8 * PG, 16 * PG, MREMAP_MAYMOVE);
		if (b != MAP_FAILED)
			a = b;
		munmap(a, 16 * PG);
		free(malloc(64 << 10));
		if (sbrk(PG) != (void *)-1)
			sbrk(-(long)PG);
	}
	return 0;
}
