// SPDX-License-Identifier: GPL-2.0
/*
 * mmaprace [N]: two processes map N pages each at once, every page next to
 * the one before with the other protection (an attempt that cannot merge),
 * released together so that their mmaps overlap on the two CPUs.  Every
 * one of the 2N mmaps must be counted: as an attempt, or as a missed call
 * of a merge probe in status.  None may vanish (6.1 follows each mmap
 * through a table of the mmap_region calls in flight: a full table must
 * not drop one silently).
 */
#include "vmmt.h"
#include <signal.h>
#include <sys/wait.h>

static int go[2], ready[2];

static void mapper(unsigned long base, long n)
{
	char c;
	long i;

	vmmt_map(base, PG, PROT_READ);	/* the first has no neighbour */
	if (write(ready[1], "r", 1) != 1 || read(go[0], &c, 1) != 1)
		_exit(1);
	for (i = 1; i <= n; i++)
		vmmt_map(base + i * PG, PG, i & 1 ? PROT_READ | PROT_WRITE : PROT_READ);
	_exit(0);
}

/* The missed column of every merge probe's status line, summed. */
static long long merge_probes_missed(void)
{
	static const char *const merge[] = {
		"vma_merge", "mmap_region", "do_brk_flags", "vma_expand",
		"vma_merge_new_range", "vma_modify",
	};
	long long sum = 0;
	char *p, *line;
	unsigned int i;

	if (vmmt_read(VMMT_DEBUGFS "status") < 0)
		return -1;
	for (p = vmmt_buf; (line = strsep(&p, "\n")) && *line;) {
		char name[64];
		long long hits, missed;

		if (sscanf(line, "probe %63[^:]: attached, hits %lld, missed %lld",
			   name, &hits, &missed) != 3)
			continue;
		for (i = 0; i < sizeof(merge) / sizeof(merge[0]); i++)
			if (!strcmp(name, merge[i]))
				sum += missed;
	}
	return sum;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 2000;
	struct vmmt_stats st;
	long long attempts, missed;
	pid_t w[2];
	char c[2];
	int i, ok = 1, status;

	if (pipe(go) || pipe(ready))
		return 1;
	for (i = 0; i < 2; i++) {
		w[i] = fork();
		if (!w[i])
			mapper(0x100000000000UL + i * 0x10000000UL, n);
	}
	if (read(ready[0], c, 1) != 1 || read(ready[0], c + 1, 1) != 1)
		return 1;
	vmmt_param_write("filter_pid", "0");
	vmmt_param_write("reset", "1");
	if (write(go[1], "gg", 2) != 2)
		return 1;
	for (i = 0; i < 2; i++) {
		waitpid(w[i], &status, 0);
		ok &= WIFEXITED(status) && !WEXITSTATUS(status);
	}
	CHECK(ok, "both processes mapped their %ld pages", n);
	CHECK(!vmmt_stats_read(&st), "stats read");
	attempts = vmmt_stat(&st, "merge.caller.mmap");
	missed = merge_probes_missed();
	CHECK(attempts + missed == 2 * n,
	      "every mmap counted: %lld attempts + %lld missed = %ld mmaps",
	      attempts, missed, 2 * n);
	return vmmt_done();
}
