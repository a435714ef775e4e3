// SPDX-License-Identifier: GPL-2.0
/*
 * topostream SCENARIO: the topology files are streamed, a chunk of the
 * target at a time, and a read that cannot finish fails.
 *
 *   peak  a target with 60,000 one-page VMAs (one faulted range split by
 *         mprotect, so one anon_vma) and a forked child, so that the
 *         documents are many MiB; each of the three files is read in full
 *         through a 64 KiB buffer.  In the middle of each read the memory
 *         the kernel has handed out since just before the open (the drop of
 *         /proc/meminfo's MemFree, the kernel's own count, which sees slab,
 *         vmalloc and page allocations alike) must stay under 8 MiB, and
 *         `status`'s topology_peak_bytes under 1 MiB: a read holds one
 *         chunk's snapshot and a page of text, not the document (the
 *         module before streaming held all of it: 16, 41 and 25 MB here
 *         for text, JSON and DOT on 6.12).  MemFree is the check that
 *         does not take the module's word for it, but the blunter one:
 *         pages handed out from the per-CPU free lists do not lower it
 *         (the old module's DOT read, right after its JSON read freed
 *         41 MB into them, stayed under 8 MiB by it; its peak did not).
 *         Each document must still be whole: the text ends with its totals
 *         line, the JSON and the DOT with their closing braces.
 *   exit  a target with 5,000 VMAs is killed after the first read of each
 *         file: a later read fails with ESRCH (and so does the one after),
 *         and what was read does not end as a whole document.  The same
 *         when the target execs instead (its old address space is gone).
 */
#include "vmmt.h"
#include <signal.h>
#include <sys/wait.h>

#define BASE 0x630000000000UL

static char rbuf[64 << 10], tail[1024];
static size_t tlen;

/* Keep the last bytes read: where a document says it is whole. */
static void keep_tail(const char *p, size_t n)
{
	if (n >= sizeof(tail)) {
		memcpy(tail, p + n - sizeof(tail), sizeof(tail));
		tlen = sizeof(tail);
		return;
	}
	if (tlen + n > sizeof(tail)) {
		memmove(tail, tail + tlen + n - sizeof(tail), sizeof(tail) - n);
		tlen = sizeof(tail) - n;
	}
	memcpy(tail + tlen, p, n);
	tlen += n;
}

/* Does the document end as only a finished walk ends it? */
static int whole(const char *kind)
{
	char t[sizeof(tail) + 1], *last;

	memcpy(t, tail, tlen);
	t[tlen] = 0;
	if (tlen < 3 || t[tlen - 1] != '\n')
		return 0;
	if (!strcmp(kind, "text")) {
		t[tlen - 1] = 0;
		last = strrchr(t, '\n');
		return last && !strncmp(last + 1, "totals ", 7);
	}
	if (!strcmp(kind, "json"))
		return tlen >= 3 && !strcmp(t + tlen - 3, "}}\n");
	return tlen >= 3 && !strcmp(t + tlen - 3, "\n}\n");
}

static long long meminfo(const char *key)
{
	char *p;

	if (vmmt_read("/proc/meminfo") < 0)
		return -1;
	p = strstr(vmmt_buf, key);
	return p ? strtoll(p + strlen(key), NULL, 10) * 1024 : -1;
}

static long long status_value(const char *key)
{
	char *p;

	if (vmmt_read(VMMT_DEBUGFS "status") < 0)
		return -1;
	p = strstr(vmmt_buf, key);
	return p ? strtoll(p + strlen(key), NULL, 10) : -1;
}

/* A child with @n one-page VMAs sharing one anon_vma; it waits on @fd. */
static pid_t target(long n, int forks, int fd)
{
	int up[2];
	pid_t pid;
	long i;
	char c;

	if (pipe(up))
		exit(2);
	pid = fork();
	if (pid) {
		close(up[1]);
		if (read(up[0], &c, 1) != 1)
			exit(2);
		close(up[0]);
		return pid;
	}
	vmmt_map(BASE, n * PG, PROT_READ | PROT_WRITE);
	memset((void *)BASE, 1, n * PG);
	for (i = 1; i < n; i += 2)
		if (mprotect((void *)(BASE + i * PG), PG, PROT_READ))
			_exit(1);
	if (forks && !fork()) {		/* its child shares the anon_vma */
		if (read(fd, &c, 1) < 0)
			_exit(0);
		_exit(0);
	}
	if (write(up[1], "r", 1) != 1)
		_exit(1);
	if (read(fd, &c, 1) == 1 && c == 'e') {
		/* The parent's close-on-exec pipe: EOF there once this is done. */
		execl("/proc/self/exe", "topostream", "idle", (char *)NULL);
		_exit(1);
	}
	_exit(0);
}

static const char *const files[][2] = {
	{ "topology", "text" },
	{ "topology.json", "json" },
	{ "topology.dot", "dot" },
};

static void scenario_peak(void)
{
	int down[2], fd;
	unsigned int f;
	char s[32];
	pid_t pid;

	if (pipe(down))
		exit(2);
	pid = target(60000, 1, down[0]);
	snprintf(s, sizeof(s), "%d", pid);
	CHECK(vmmt_param_write("target", s) == 0, "target <- a process of 60,000 VMAs");
	for (f = 0; f < 3; f++) {
		char path[128];
		long long free0, free1, peak;
		long total = 0, r;

		snprintf(path, sizeof(path), VMMT_DEBUGFS "%s", files[f][0]);
		vmmt_param_write("reset", "1");
		memset(rbuf, 0, sizeof(rbuf));		/* fault it in now */
		meminfo("MemFree:");
		free0 = meminfo("MemFree:");
		fd = open(path, O_RDONLY);
		if (fd < 0) {
			CHECK(0, "%s opens (%s)", files[f][0], strerror(errno));
			continue;
		}
		tlen = 0;
		free1 = -1;
		while ((r = read(fd, rbuf, sizeof(rbuf))) > 0) {
			keep_tail(rbuf, r);
			total += r;
			if (free1 < 0 && total >= (1L << 20))
				free1 = meminfo("MemFree:");
		}
		CHECK(r == 0, "%s: read to its end (%s)", files[f][0],
		      r ? strerror(errno) : "EOF");
		close(fd);
		peak = status_value("topology_peak_bytes: ");
		CHECK(total > (4L << 20), "%s: a document of %ld KiB", files[f][0],
		      total >> 10);
		CHECK(free1 >= 0 && free0 - free1 < (8LL << 20),
		      "%s: mid-read the kernel holds %lld KiB more than before the open (under 8 MiB)",
		      files[f][0], (free0 - free1) >> 10);
		CHECK(peak > 0 && peak < (1LL << 20),
		      "%s: topology_peak_bytes %lld (under 1 MiB)", files[f][0], peak);
		CHECK(whole(files[f][1]), "%s: the document is whole", files[f][0]);
	}
	vmmt_param_write("target", "0");
	if (write(down[1], "xx", 2) != 2)
		exit(2);
	while (wait(NULL) > 0)
		;
}

/* The target goes away in the middle of a read: killed, or by exec. */
static void scenario_exit(void)
{
	unsigned int f;

	for (f = 0; f < 6; f++) {
		int down[2], ex[2], fd, err = 0, again, execs = f >= 3;
		const char *how = execs ? "execs" : "exits";
		char c;
		char s[32], path[128];
		long r, total;
		pid_t pid;

		if (pipe(down) || pipe2(ex, O_CLOEXEC))
			exit(2);
		pid = target(5000, 0, down[0]);
		close(ex[1]);
		snprintf(s, sizeof(s), "%d", pid);
		vmmt_param_write("target", s);
		snprintf(path, sizeof(path), VMMT_DEBUGFS "%s", files[f % 3][0]);
		fd = open(path, O_RDONLY);
		if (fd < 0) {
			CHECK(0, "%s opens (%s)", files[f % 3][0], strerror(errno));
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			continue;
		}
		tlen = 0;
		r = read(fd, rbuf, 4096);
		CHECK(r > 0, "%s: the first read, before the target %s (%ld)",
		      files[f % 3][0], how, r);
		total = r > 0 ? r : 0;
		if (r > 0)
			keep_tail(rbuf, r);
		if (execs) {
			if (write(down[1], "e", 1) != 1)
				exit(2);
			CHECK(read(ex[0], &c, 1) == 0, "the target has exec'd");
		} else {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
		}
		while ((r = read(fd, rbuf, sizeof(rbuf))) > 0) {
			keep_tail(rbuf, r);
			total += r;
		}
		err = r < 0 ? errno : 0;
		again = read(fd, rbuf, sizeof(rbuf)) < 0 && errno == ESRCH;
		close(fd);
		CHECK(err == ESRCH, "%s: the target %s mid-read: the read fails with ESRCH (%s, after %ld bytes)",
		      files[f % 3][0], how, err ? strerror(err) : "EOF", total);
		CHECK(again, "%s: and so does the next read", files[f % 3][0]);
		CHECK(!whole(files[f % 3][1]), "%s: what was read is not a whole document",
		      files[f % 3][0]);
		if (execs) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
		}
		close(down[0]);
		close(down[1]);
		close(ex[0]);
	}
	vmmt_param_write("target", "0");
}

int main(int argc, char **argv)
{
	const char *s = argc > 1 ? argv[1] : "";

	if (!strcmp(s, "idle"))		/* the exec'd target: wait to be killed */
		for (;;)
			pause();
	if (!strcmp(s, "peak"))
		scenario_peak();
	else if (!strcmp(s, "exit"))
		scenario_exit();
	else
		CHECK(0, "a scenario named '%s'", s);
	return vmmt_failed;
}
