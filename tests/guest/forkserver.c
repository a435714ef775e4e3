// SPDX-License-Identifier: GPL-2.0
/*
 * forkserver: a pre-forking server pattern.  The parent keeps a faulted
 * heap and a cache, and forks a worker per request; each worker maps
 * buffers next to inherited memory, grows its heap, mprotects a guard and
 * exits.
 */
#include "vmmt.h"
#include <sys/wait.h>

int main(void)
{
	const int rw = PROT_READ | PROT_WRITE;
	char *cache = mmap(NULL, 64 * PG, rw, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int req;

	if (cache == MAP_FAILED)
		return 1;
	memset(cache, 1, 64 * PG);
	for (req = 0; req < 40; req++) {
		pid_t pid = fork();

		if (pid < 0)
			return 1;
		if (!pid) {
			char *b = mmap(cache + 64 * PG, 4 * PG, rw,
				       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
				       -1, 0);
			char *h = malloc(256 << 10);

			if (b != MAP_FAILED) {
				memset(b, 2, 4 * PG);
				mprotect(b, PG, PROT_NONE);
				mprotect(b, PG, rw);
			}
			if (h)
				memset(h, 3, 256 << 10);
			cache[req * PG] = 4;
			_exit(0);
		}
		waitpid(pid, NULL, 0);
		mprotect(cache + req % 32 * PG, PG, PROT_READ);
		mprotect(cache + req % 32 * PG, PG, rw);
	}
	return 0;
}
