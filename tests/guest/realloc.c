// SPDX-License-Identifier: GPL-2.0
/*
 * realloc: grow buffers with glibc's realloc past the mmap threshold, so
 * that glibc moves or grows them with mremap, while touching them.
 */
#include "vmmt.h"

int main(void)
{
	char *bufs[8] = { 0 };
	int round, i;

	for (round = 0; round < 40; round++) {
		for (i = 0; i < 8; i++) {
			size_t sz = (size_t)(round + 1) * (64 << 10) + i * PG;
			char *p = realloc(bufs[i], sz);

			if (!p)
				return 1;
			bufs[i] = p;
			memset(p + sz - PG, round, PG);
		}
		if (round % 10 == 9)
			for (i = 0; i < 8; i += 2) {
				free(bufs[i]);
				bufs[i] = NULL;
			}
	}
	for (i = 0; i < 8; i++)
		free(bufs[i]);
	return 0;
}
