// SPDX-License-Identifier: GPL-2.0
/*
 * topobench [NVMAS]: the topology files at scale (a benchmark, not a test).
 *
 * A target process maps NVMAS (default 60000) one-page VMAs sharing one
 * faulted anon_vma (mprotect of every other page splits them) and forks a
 * chain of depth 4.  Then topology.json of the target and of the deepest
 * descendant is read in full while a thread of the target keeps calling
 * mmap/munmap and records its worst latency, compared with the same loop
 * without a reader.  Prints "BENCH key value" lines; status gives the
 * longest mmap_lock hold of a read and the peak memory it allocated
 * (peak_kib: one chunk's snapshot and seq_file's page, since the files are
 * streamed), and /proc/meminfo what the kernel as a whole handed out from
 * the open to the middle of the read (mid_read_memfree_drop_kib, a check
 * of the module's own figure that does not rely on it).
 */
#include "vmmt.h"
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>

#define BASE 0x500000000000UL
#define DEPTH 4

static volatile int loop_run;
static volatile long long worst_ns;

/* The target's own work: mmap + munmap, worst latency of one pair. */
static void *mmap_loop(void *arg)
{
	while (loop_run) {
		long long t0 = vmmt_now_ns(), d;
		void *p = mmap(NULL, PG, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		munmap(p, PG);
		d = vmmt_now_ns() - t0;
		if (d > worst_ns)
			worst_ns = d;
	}
	return arg;
}

static long long status_value(const char *key)
{
	char *p;

	if (vmmt_read(VMMT_DEBUGFS "status") < 0)
		return -1;
	p = strstr(vmmt_buf, key);
	return p ? strtoll(p + strlen(key), NULL, 10) : -1;
}

static char rbuf[64 << 10];

/* What the kernel has handed out: MemFree, in bytes. */
static long long mem_free(void)
{
	char *p;

	if (vmmt_read("/proc/meminfo") < 0)
		return -1;
	p = strstr(vmmt_buf, "MemFree:");
	return p ? strtoll(p + 8, NULL, 10) * 1024 : -1;
}

/*
 * Read a topology file in full through a 64 KiB buffer; returns bytes or
 * -errno, time in *ns, and in *held the memory the kernel handed out
 * between just before the open and the middle of the read (the drop of
 * MemFree after the first MiB: the module's read, whatever it allocates).
 */
static long read_all(const char *path, long long *ns, long long *held)
{
	long long t0, free0;
	long n = 0, r;
	int fd;

	memset(rbuf, 0, sizeof(rbuf));
	mem_free();
	free0 = mem_free();
	*held = -1;
	t0 = vmmt_now_ns();
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	while ((r = read(fd, rbuf, sizeof(rbuf))) > 0) {
		n += r;
		if (*held < 0 && n >= (1L << 20))
			*held = free0 - mem_free();
	}
	close(fd);
	*ns = vmmt_now_ns() - t0;
	return r < 0 ? -errno : n;
}

static void bench_read(const char *label, pid_t target)
{
	char s[32];
	long long ns = 0, held = -1;
	long n;

	snprintf(s, sizeof(s), "%d", target);
	vmmt_param_write("target", s);
	vmmt_param_write("reset", "1");
	n = read_all(VMMT_DEBUGFS "topology.json", &ns, &held);
	vmmt_say("BENCH %s.json_bytes %ld\n", label, n);
	vmmt_say("BENCH %s.read_ms %lld\n", label, ns / 1000000);
	vmmt_say("BENCH %s.max_lock_hold_us %lld\n", label,
		 status_value("topology_max_lock_hold_ns: ") / 1000);
	vmmt_say("BENCH %s.peak_kib %lld\n", label,
		 status_value("topology_peak_bytes: ") / 1024);
	vmmt_say("BENCH %s.mid_read_memfree_drop_kib %lld\n", label, held / 1024);
}

int main(int argc, char **argv)
{
	long nvmas = argc > 1 ? atol(argv[1]) : 60000, i;
	pid_t chain[DEPTH];
	int up[2], down[2];
	pthread_t th;
	long long ns;

	if (pipe(up) || pipe(down))
		return 2;
	vmmt_map(BASE, nvmas * PG, PROT_READ | PROT_WRITE);
	for (i = 0; i < nvmas; i++)
		((char *)BASE)[i * PG] = 1;
	for (i = 1; i < nvmas; i += 2)
		mprotect((void *)(BASE + i * PG), PG, PROT_READ);
	vmmt_say("BENCH target.vmas %d\n", vmmt_vmas_in(BASE, BASE + nvmas * PG));

	/* The fork chain: this process, then DEPTH - 1 descendants. */
	chain[0] = getpid();
	for (i = 1; i < DEPTH; i++) {
		pid_t p = fork();
		char c;

		if (p) {
			if (i == 1)
				break;	/* the target goes on below */
			if (read(down[0], &c, 1) < 0)
				_exit(1);
			_exit(0);
		}
		chain[i] = getpid();
		if (write(up[1], &chain[i], sizeof(pid_t)) < 0)
			_exit(1);
		if (i == DEPTH - 1) {
			if (read(down[0], &c, 1) < 0)
				_exit(1);
			_exit(0);
		}
	}
	for (i = 1; i < DEPTH; i++)
		if (read(up[0], &chain[i], sizeof(pid_t)) != sizeof(pid_t))
			return 2;
	vmmt_say("BENCH fork_depth %d\n", DEPTH);

	/* The target's mmap loop alone, then with a reader of its topology. */
	loop_run = 1;
	worst_ns = 0;
	pthread_create(&th, NULL, mmap_loop, NULL);
	ns = vmmt_now_ns();
	while (vmmt_now_ns() - ns < 2000000000LL)
		;
	loop_run = 0;
	pthread_join(th, NULL);
	vmmt_say("BENCH target.mmap_worst_us_no_reader %lld\n", worst_ns / 1000);

	loop_run = 1;
	worst_ns = 0;
	pthread_create(&th, NULL, mmap_loop, NULL);
	bench_read("target", chain[0]);
	loop_run = 0;
	pthread_join(th, NULL);
	vmmt_say("BENCH target.mmap_worst_us_with_reader %lld\n", worst_ns / 1000);

	bench_read("deepest", chain[DEPTH - 1]);
	vmmt_param_write("target", "0");
	for (i = 0; i < DEPTH; i++)
		if (write(down[1], "x", 1) < 0)
			return 2;
	while (wait(NULL) > 0)
		;
	return 0;
}
