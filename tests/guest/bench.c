// SPDX-License-Identifier: GPL-2.0
/*
 * bench OP ITERS: time one operation ITERS times, after a warm-up of
 * ITERS/8, and print the mean cost in ns per operation (a benchmark, not a
 * test; tests/guest/t_bench.sh runs it under each condition of
 * scripts/bench.sh).  OP is one of:
 *
 *   mmap      mmap one page next to an existing anonymous VMA (it merges
 *             into it as prev), then munmap it: a new-range merge.
 *   mprotect  mprotect the middle page of a three-page VMA read-only and
 *             back: a split, then an existing-range merge on both sides.
 *   mremap    mremap a four-page range to a free place and back: two
 *             copy_vma calls, each with its new-range merge attempt.
 *   fork      fork a child of a process with 1,000 faulted VMAs, the child
 *             exits at once, the parent waits for it: no merge at all.
 *
 * Under "-icount shift=0" the guest's clock counts executed instructions,
 * so the figure is comparable between conditions of one boot, never with
 * real hardware.  Prints "ns_per_op" with one decimal; exits 1 (and says
 * why) if the operation did not do what it is meant to measure.
 *
 * bench scale OP N ITERS: the same, in N processes at once, each pinned to
 * its own CPU (CPU i mod the CPUs online), each with its own mm (so they
 * share no mmap_lock: what they can share is the module's state), set up
 * and warmed up apart, then released together (tests/guest/t_scale.sh,
 * scripts/bench-scale.sh).  Prints "ns=MEAN min=MIN max=MAX overlap=F":
 * the processes' own ns per operation, their mean, and the share of the
 * mean run during which all N ran at once (1.0: they overlapped fully).
 */
#include "vmmt.h"
#include <sched.h>
#include <sys/wait.h>

#define BASE 0x600000000000UL	/* far from anything the loader maps */
#define FORK_VMAS 1000

static void fail(const char *what)
{
	vmmt_say("bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* The operations: one call is one operation. */

static void op_mmap(void)
{
	if (mmap((void *)(BASE + 4 * PG), PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) ==
	    MAP_FAILED)
		fail("mmap");
	if (munmap((void *)(BASE + 4 * PG), PG))
		fail("munmap");
}

static void op_mprotect(void)
{
	if (mprotect((void *)(BASE + PG), PG, PROT_READ) ||
	    mprotect((void *)(BASE + PG), PG, PROT_READ | PROT_WRITE))
		fail("mprotect");
}

#define REMAP_TO (BASE + (1UL << 30))

static void op_mremap(void)
{
	if (mremap((void *)BASE, 4 * PG, 4 * PG, MREMAP_MAYMOVE | MREMAP_FIXED,
		   (void *)REMAP_TO) == MAP_FAILED ||
	    mremap((void *)REMAP_TO, 4 * PG, 4 * PG,
		   MREMAP_MAYMOVE | MREMAP_FIXED, (void *)BASE) == MAP_FAILED)
		fail("mremap");
}

static void op_fork(void)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		fail("fork");
	if (!pid)
		_exit(0);
	if (waitpid(pid, &status, 0) != pid || status)
		fail("waitpid");
}

/* The setup of each operation, and a check that it does what it says. */

static void setup_mmap(void)
{
	unsigned long s, e;

	vmmt_map(BASE, 4 * PG, PROT_READ | PROT_WRITE);
	vmmt_map(BASE + 4 * PG, PG, PROT_READ | PROT_WRITE);
	if (!vmmt_vma_at(BASE, &s, &e) || s != BASE || e != BASE + 5 * PG) {
		vmmt_say("bench: mmap next to a VMA did not merge\n");
		exit(1);
	}
	munmap((void *)(BASE + 4 * PG), PG);
}

static void setup_mprotect(void)
{
	vmmt_map(BASE, 3 * PG, PROT_READ | PROT_WRITE);
	op_mprotect();
	if (vmmt_vmas_in(BASE, BASE + 3 * PG) != 1) {
		vmmt_say("bench: mprotect back did not merge\n");
		exit(1);
	}
}

static void setup_mremap(void)
{
	vmmt_map(BASE, 4 * PG, PROT_READ | PROT_WRITE);
	op_mremap();
	if (vmmt_vmas_in(BASE, BASE + 4 * PG) != 1 ||
	    vmmt_vmas_in(REMAP_TO, REMAP_TO + 4 * PG) != 0) {
		vmmt_say("bench: mremap did not come back\n");
		exit(1);
	}
}

/* 1,000 one-page VMAs, one page apart, every page faulted. */
static void setup_fork(void)
{
	char *p = vmmt_map(BASE, 2 * FORK_VMAS * PG, PROT_READ | PROT_WRITE);
	unsigned long i;

	for (i = 0; i < 2 * FORK_VMAS; i++)
		p[i * PG] = 1;
	for (i = 1; i < 2 * FORK_VMAS; i += 2)
		if (munmap(p + i * PG, PG))
			fail("munmap");
	if (vmmt_vmas_in(BASE, BASE + 2 * FORK_VMAS * PG) != FORK_VMAS) {
		vmmt_say("bench: not %d VMAs\n", FORK_VMAS);
		exit(1);
	}
}

static const struct {
	const char *name;
	void (*setup)(void);
	void (*op)(void);
} ops[] = {
	{ "mmap", setup_mmap, op_mmap },
	{ "mprotect", setup_mprotect, op_mprotect },
	{ "mremap", setup_mremap, op_mremap },
	{ "fork", setup_fork, op_fork },
};

static unsigned int op_index(const char *name)
{
	unsigned int k;

	for (k = 0; k < sizeof(ops) / sizeof(ops[0]); k++)
		if (!strcmp(name, ops[k].name))
			break;
	return k;
}

#define SCALE_MAX 64

/* One of bench scale's processes: its start and end, in a pipe. */
static void scale_worker(unsigned int k, int cpu, long iters, int ready, int go,
			 int out)
{
	long long t[2];
	cpu_set_t set;
	long i;
	char c;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		fail("sched_setaffinity");
	ops[k].setup();
	for (i = 0; i < iters / 8; i++)
		ops[k].op();
	if (write(ready, "r", 1) != 1 || read(go, &c, 1) != 1)
		fail("pipe");
	t[0] = vmmt_now_ns();
	for (i = 0; i < iters; i++)
		ops[k].op();
	t[1] = vmmt_now_ns();
	if (write(out, t, sizeof(t)) != sizeof(t))
		fail("pipe");
	_exit(0);
}

static int scale(unsigned int k, int n, long iters)
{
	long long t[SCALE_MAX][2], first_end = 0, last_start = 0, sum = 0;
	long long min = 0, max = 0, ns;
	int ready[2], go[2], out[2], i, status, ncpu, bad = 0;
	char c;

	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	if (pipe(ready) || pipe(go) || pipe(out))
		fail("pipe");
	for (i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0)
			fail("fork");
		if (!pid)
			scale_worker(k, i % ncpu, iters, ready[1], go[0], out[1]);
	}
	for (i = 0; i < n; i++)
		if (read(ready[0], &c, 1) != 1)
			fail("a worker died in its setup");
	for (i = 0; i < n; i++)
		if (write(go[1], "g", 1) != 1)
			fail("pipe");
	for (i = 0; i < n; i++)
		if (read(out[0], t[i], sizeof(t[i])) != sizeof(t[i]))
			fail("a worker died");
	for (i = 0; i < n; i++)
		if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
			bad = 1;
	if (bad) {
		vmmt_say("bench: a worker failed\n");
		return 1;
	}
	for (i = 0; i < n; i++) {
		ns = t[i][1] - t[i][0];
		sum += ns;
		min = !i || ns < min ? ns : min;
		max = ns > max ? ns : max;
		first_end = !i || t[i][1] < first_end ? t[i][1] : first_end;
		last_start = t[i][0] > last_start ? t[i][0] : last_start;
	}
	ns = sum / n;
	vmmt_say("ns=%lld.%lld min=%lld.%lld max=%lld.%lld overlap=%.2f\n",
		 ns / iters, ns * 10 / iters % 10, min / iters, min * 10 / iters % 10,
		 max / iters, max * 10 / iters % 10,
		 first_end > last_start ? (double)(first_end - last_start) / ns : 0.0);
	return 0;
}

int main(int argc, char **argv)
{
	long i, iters = argc > 2 ? strtol(argv[2], NULL, 10) : 0;
	long long t0, ns;
	unsigned int k;

	if (argc == 5 && !strcmp(argv[1], "scale")) {
		int n = atoi(argv[3]);

		k = op_index(argv[2]);
		iters = strtol(argv[4], NULL, 10);
		if (k == sizeof(ops) / sizeof(ops[0]) || n < 1 || n > SCALE_MAX ||
		    iters <= 0) {
			vmmt_say("usage: bench scale mmap|mprotect|mremap|fork N ITERS\n");
			return 2;
		}
		return scale(k, n, iters);
	}
	k = argc > 1 ? op_index(argv[1]) : 0;
	if (argc != 3 || k == sizeof(ops) / sizeof(ops[0]) || iters <= 0) {
		vmmt_say("usage: bench mmap|mprotect|mremap|fork ITERS\n"
			 "       bench scale mmap|mprotect|mremap|fork N ITERS\n");
		return 2;
	}
	ops[k].setup();
	for (i = 0; i < iters / 8; i++)
		ops[k].op();
	t0 = vmmt_now_ns();
	for (i = 0; i < iters; i++)
		ops[k].op();
	ns = vmmt_now_ns() - t0;
	vmmt_say("%lld.%lld\n", ns / iters, ns * 10 / iters % 10);
	return 0;
}
