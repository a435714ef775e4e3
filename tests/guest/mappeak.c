// SPDX-License-Identifier: GPL-2.0
/*
 * mappeak: sample every process's map_count (the lines of /proc/PID/maps)
 * every 20 ms until SIGTERM, then print the largest seen as "N COMM".
 * make study's peak map_count: a sample, so a peak shorter than 20 ms can
 * be missed, and each sample takes each process's mmap_lock for reading.
 * No allocation after start (fixed buffers, getdents64), so that in the
 * window it shares with a workload it makes no merge attempt of its own.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;
static char buf[1 << 16];
static char dents[1 << 15];

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

/* The lines of /proc/PID/maps; -1 if the process is gone. */
static long map_count(const char *pid)
{
	char path[300];
	long n = 0;
	ssize_t r, i;
	int fd;

	snprintf(path, sizeof(path), "/proc/%s/maps", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	while ((r = read(fd, buf, sizeof(buf))) > 0)
		for (i = 0; i < r; i++)
			n += buf[i] == '\n';
	close(fd);
	return n;
}

static void comm_of(const char *pid, char *comm, size_t len)
{
	char path[300];
	ssize_t r;
	int fd;

	snprintf(path, sizeof(path), "/proc/%s/comm", pid);
	fd = open(path, O_RDONLY);
	r = fd < 0 ? -1 : read(fd, comm, len - 1);
	if (fd >= 0)
		close(fd);
	if (r <= 0) {
		snprintf(comm, len, "?");
		return;
	}
	comm[r] = 0;
	comm[strcspn(comm, "\n")] = 0;
}

int main(void)
{
	struct timespec tick = { 0, 20 * 1000 * 1000 };
	char self[32], best[32] = "none";
	long peak = 0;
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	snprintf(self, sizeof(self), "%d", getpid());
	while (!stop) {
		int fd = open("/proc", O_RDONLY | O_DIRECTORY);
		long r, off;

		if (fd < 0)
			return 1;
		while ((r = syscall(SYS_getdents64, fd, dents, sizeof(dents))) > 0) {
			for (off = 0; off < r;) {
				struct dirent64 *d = (struct dirent64 *)(dents + off);
				long n;

				off += d->d_reclen;
				if (d->d_name[0] < '1' || d->d_name[0] > '9' ||
				    !strcmp(d->d_name, self))
					continue;
				n = map_count(d->d_name);
				if (n > peak) {
					peak = n;
					comm_of(d->d_name, best, sizeof(best));
				}
			}
		}
		close(fd);
		nanosleep(&tick, NULL);
	}
	printf("%ld %s\n", peak, best);
	return 0;
}
