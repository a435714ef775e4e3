/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmmt.h - helpers for vmamerge's guest tests (static binaries run inside
 * the QEMU guest).  Between a test's "before" and "after" reads they use
 * raw system calls and static buffers only, so that the test itself causes
 * no mmap or brk of its own (filter_pid counts the test's process).
 *
 * Output protocol: "ok - ..." / "not ok - ..." lines; the exit status is 0
 * only if every check passed.  The VM runner records it per test.
 */
#ifndef VMMT_H
#define VMMT_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/userfaultfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define VMMT_PARAM "/sys/module/vmamerge/parameters/"
#define VMMT_DEBUGFS "/sys/kernel/debug/vmamerge/"
#define PG 4096UL

static int vmmt_failed;
static char vmmt_buf[16 << 20];	/* /proc/self/maps of 60,000 VMAs */
static char vmmt_out[4096];

static inline void vmmt_say(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(vmmt_out, sizeof(vmmt_out), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(vmmt_out) - 1)
		n = sizeof(vmmt_out) - 1;
	if (write(1, vmmt_out, n) < 0)
		_exit(2);
}

/* CLOCK_MONOTONIC in ns: the guest's clock (a ratio or a figure, not a bench). */
static inline long long vmmt_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

#define CHECK(cond, ...)						\
	do {								\
		if (cond) {						\
			vmmt_say("ok - ");				\
		} else {						\
			vmmt_say("not ok - ");				\
			vmmt_failed = 1;				\
		}							\
		vmmt_say(__VA_ARGS__);					\
		vmmt_say("\n");						\
	} while (0)

/* Read a whole file into vmmt_buf; returns its length or -errno. */
static inline long vmmt_read(const char *path)
{
	long n = 0, r;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -errno;
	while ((r = read(fd, vmmt_buf + n, sizeof(vmmt_buf) - 1 - n)) > 0)
		n += r;
	close(fd);
	if (r < 0)
		return -errno;
	vmmt_buf[n] = 0;
	return n;
}

/* Write a string to a file; returns 0 or the errno of write (or open). */
static inline int vmmt_write(const char *path, const char *s, size_t len)
{
	int fd = open(path, O_WRONLY), err = 0;

	if (fd < 0)
		return errno;
	if (write(fd, s, len) < 0)
		err = errno;
	close(fd);
	return err;
}

static inline int vmmt_param_write(const char *name, const char *s)
{
	char path[256];

	snprintf(path, sizeof(path), VMMT_PARAM "%s", name);
	return vmmt_write(path, s, strlen(s));
}

static inline long vmmt_param_read(const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), VMMT_PARAM "%s", name);
	if (vmmt_read(path) < 0)
		return -1;
	return strtol(vmmt_buf, NULL, 10);
}

/* The stats file, parsed into a caller's table: names[i] -> vals[i]. */
#define VMMT_MAX_STATS 128
struct vmmt_stats {
	int n;
	char names[VMMT_MAX_STATS][48];
	unsigned long long vals[VMMT_MAX_STATS];
};

static inline int vmmt_stats_read(struct vmmt_stats *st)
{
	char *p, *line;

	st->n = 0;
	if (vmmt_read(VMMT_DEBUGFS "stats") < 0)
		return -1;
	for (p = vmmt_buf; (line = strsep(&p, "\n")) && *line;) {
		char *sp = strchr(line, ' ');

		if (!sp || st->n == VMMT_MAX_STATS || sp - line >= 48)
			return -1;
		memcpy(st->names[st->n], line, sp - line);
		st->names[st->n][sp - line] = 0;
		st->vals[st->n] = strtoull(sp + 1, NULL, 10);
		st->n++;
	}
	return 0;
}

static inline long long vmmt_stat(const struct vmmt_stats *st, const char *name)
{
	int i;

	for (i = 0; i < st->n; i++)
		if (!strcmp(st->names[i], name))
			return st->vals[i];
	return -1;
}

static inline long long vmmt_delta(const struct vmmt_stats *a,
			    const struct vmmt_stats *b, const char *name)
{
	return vmmt_stat(b, name) - vmmt_stat(a, name);
}

/*
 * The kernel's own view: the VMA of /proc/self/maps that contains addr.
 * Returns 1 and its range, or 0 if addr is not mapped.
 */
static inline int vmmt_vma_at(unsigned long addr, unsigned long *start,
		       unsigned long *end)
{
	char *p, *line;

	if (vmmt_read("/proc/self/maps") < 0)
		return 0;
	for (p = vmmt_buf; (line = strsep(&p, "\n")) && *line;) {
		unsigned long s = strtoul(line, &line, 16);
		unsigned long e = strtoul(line + 1, NULL, 16);

		if (s <= addr && addr < e) {
			*start = s;
			*end = e;
			return 1;
		}
	}
	return 0;
}

/* Number of VMAs in /proc/self/maps that intersect [lo, hi). */
static inline int vmmt_vmas_in(unsigned long lo, unsigned long hi)
{
	char *p, *line;
	int n = 0;

	if (vmmt_read("/proc/self/maps") < 0)
		return -1;
	for (p = vmmt_buf; (line = strsep(&p, "\n")) && *line;) {
		unsigned long s = strtoul(line, &line, 16);
		unsigned long e = strtoul(line + 1, NULL, 16);

		if (s < hi && e > lo)
			n++;
	}
	return n;
}

static inline void *vmmt_map(unsigned long addr, unsigned long len, int prot)
{
	void *p = mmap((void *)addr, len, prot,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	if (p != (void *)addr) {
		vmmt_say("not ok - mmap %#lx+%#lx: %s\n", addr, len,
			 strerror(errno));
		exit(1);
	}
	return p;
}

/* Count only this process and start from zero. */
static inline void vmmt_filter_self(void)
{
	char s[32];

	snprintf(s, sizeof(s), "%d", getpid());
	if (vmmt_param_write("filter_pid", s) || vmmt_param_write("reset", "1")) {
		vmmt_say("not ok - cannot set filter_pid/reset\n");
		exit(1);
	}
}

static int vmmt_tid_pipe[2];

static inline void *vmmt_idle(void *arg)
{
	pid_t tid = syscall(SYS_gettid);

	if (write(vmmt_tid_pipe[1], &tid, sizeof(tid)) != sizeof(tid))
		_exit(1);
	pause();
	return arg;
}

/* A new thread of this process that idles: its id, a pid but no tgid. */
static inline pid_t vmmt_idle_thread(void)
{
	pthread_t th;
	pid_t tid;

	if (pipe(vmmt_tid_pipe) || pthread_create(&th, NULL, vmmt_idle, NULL) ||
	    read(vmmt_tid_pipe[0], &tid, sizeof(tid)) != sizeof(tid))
		return -1;
	return tid;
}

/*
 * Read @path 64 KiB per read(), as a streaming reader would, and call @fn
 * on each line (cut at 4095 bytes, without its newline).  Returns the
 * bytes read, or -errno.
 */
static inline long vmmt_each_line(const char *path,
				  void (*fn)(const char *line, void *arg),
				  void *arg)
{
	static char buf[1 << 16], part[4096];
	size_t plen = 0;
	long len = 0;
	ssize_t r, i;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -errno;
	while ((r = read(fd, buf, sizeof(buf))) > 0) {
		len += r;
		for (i = 0; i < r; i++) {
			if (buf[i] != '\n') {
				if (plen < sizeof(part) - 1)
					part[plen++] = buf[i];
				continue;
			}
			part[plen] = 0;
			fn(part, arg);
			plen = 0;
		}
	}
	close(fd);
	return r < 0 ? -errno : len;
}

/*
 * A userfaultfd with [addr, addr + len) registered for missing faults (no
 * UFFD_FEATURE_EVENT_FORK: a fork child gets the range unregistered).
 * Return: its fd, or -1 with errno set.
 */
static inline int vmmt_uffd_on(unsigned long addr, unsigned long len)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = {
		.range = { .start = addr, .len = len },
		.mode = UFFDIO_REGISTER_MODE_MISSING,
	};
	int fd = syscall(SYS_userfaultfd, O_CLOEXEC), e;

	if (fd < 0)
		return -1;
	if (ioctl(fd, UFFDIO_API, &api) || ioctl(fd, UFFDIO_REGISTER, &reg)) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

static inline int vmmt_done(void)
{
	vmmt_param_write("filter_pid", "0");
	return vmmt_failed;
}

#endif /* VMMT_H */
