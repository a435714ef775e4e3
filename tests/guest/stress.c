// SPDX-License-Identifier: GPL-2.0
/*
 * stress SECONDS [WORKERS]: WORKERS processes (default 16) fork, exit, mmap,
 * mprotect, mremap and munmap at random for SECONDS.  Each worker also
 * forks short-lived children, so live, exiting and exited pids keep
 * coming; their pids are appended to /tmp/stress.pids for the flipper.
 */
#include "vmmt.h"
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

static unsigned long rnd(unsigned long *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void note_pid(pid_t p)
{
	char s[24];
	int fd = open("/tmp/stress.pids", O_WRONLY | O_APPEND | O_CREAT, 0644);

	if (fd < 0)
		return;
	snprintf(s, sizeof(s), "%d\n", p);
	if (write(fd, s, strlen(s)) < 0)
		_exit(1);
	close(fd);
}

static void work(time_t end, unsigned long seed)
{
	const int rw = PROT_READ | PROT_WRITE;
	char *slot[32] = { 0 };
	unsigned long len[32] = { 0 };

	while (time(NULL) < end) {
		unsigned long r = rnd(&seed), i = r % 32, n = 1 + (r >> 8) % 16;
		char *p;

		switch ((r >> 16) % 8) {
		case 0:
		case 1:
			if (slot[i])
				munmap(slot[i], len[i] * PG);
			slot[i] = mmap(NULL, n * PG, rw, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			len[i] = slot[i] == MAP_FAILED ? 0 : n;
			if (slot[i] == MAP_FAILED)
				slot[i] = NULL;
			else if (r & 0x100000)
				memset(slot[i], 1, n * PG);
			break;
		case 2:
		case 3:
			if (slot[i] && len[i] > 1) {
				mprotect(slot[i] + PG, PG, PROT_READ);
				mprotect(slot[i] + PG, PG, rw);
			}
			break;
		case 4:
			if (slot[i]) {
				p = mremap(slot[i], len[i] * PG, (len[i] + n) * PG,
					   MREMAP_MAYMOVE);
				if (p != MAP_FAILED) {
					slot[i] = p;
					len[i] += n;
				}
			}
			break;
		case 5:
			if (slot[i]) {
				munmap(slot[i], len[i] * PG);
				slot[i] = NULL;
			}
			break;
		case 6: {
			pid_t c = fork();

			if (!c) {
				if (slot[i])
					memset(slot[i], 2, PG);
				_exit(0);
			}
			if (c > 0) {
				note_pid(c);
				if (r & 1)
					waitpid(c, NULL, 0);	/* else a zombie */
			}
			break;
		}
		default:
			while (waitpid(-1, NULL, WNOHANG) > 0)
				;
			break;
		}
	}
}

int main(int argc, char **argv)
{
	time_t end = time(NULL) + (argc > 1 ? atoi(argv[1]) : 60);
	int workers = argc > 2 ? atoi(argv[2]) : 16, i;

	for (i = 0; i < workers; i++) {
		pid_t p = fork();

		if (!p) {
			work(end, 0x9e3779b97f4a7c15UL * (i + 1));
			while (wait(NULL) > 0)
				;
			_exit(0);
		}
		note_pid(p);
	}
	while (wait(NULL) > 0)
		;
	return 0;
}
