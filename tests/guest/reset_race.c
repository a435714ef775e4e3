// SPDX-License-Identifier: GPL-2.0
/*
 * reset_race [SECONDS]: `reset` written over and over while two processes
 * toggle mprotect on every CPU; every `stats` and `metrics` read in between
 * must return, and every `stats` read must balance its books (attempts =
 * the sum of the results = the sum of each side's reasons).  A reset that
 * zeroed a CPU's counters under a running handler tore an attempt in two
 * (the books stayed off) or left its sequence count odd for good (the next
 * read spun forever: the guest's soft-lockup watchdog panics then).
 */
#include "vmmt.h"
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

static const char *const results[] = { "none", "prev", "next", "both", "error" };
static const char *const reasons[] = {
	"absent", "not_adjacent", "special", "flags", "file", "close", "uffd",
	"anon_name", "policy", "pgoff", "anon_vma", "anon_vma_chain", "ok",
};

static long long sum(const struct vmmt_stats *st, const char *prefix,
		     const char *const *names, int n)
{
	long long t = 0;
	char name[64];
	int i;

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "%s.%s", prefix, names[i]);
		t += vmmt_stat(st, name);
	}
	return t;
}

/* The books of one reading; prints the first few that do not balance. */
static int balanced(const struct vmmt_stats *st, int *shown)
{
	long long a = vmmt_stat(st, "merge.attempts");
	long long r = sum(st, "merge.result", results, 5);
	long long p = sum(st, "merge.prev", reasons, 13);
	long long n = sum(st, "merge.next", reasons, 13);

	if (a >= 0 && a == r && a == p && a == n)
		return 1;
	if ((*shown)++ < 5)
		vmmt_say("# unbalanced: attempts %lld results %lld prev %lld next %lld\n",
			 a, r, p, n);
	return 0;
}

static void toggler(void)
{
	char *a = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (a == MAP_FAILED)
		_exit(1);
	for (;;) {
		mprotect(a + PG, PG, PROT_READ);
		mprotect(a + PG, PG, PROT_READ | PROT_WRITE);
	}
}

int main(int argc, char **argv)
{
	time_t end = time(NULL) + (argc > 1 ? atoi(argv[1]) : 20);
	struct vmmt_stats st;
	long rounds = 0, bad = 0, unread = 0, refused = 0;
	int shown = 0, i;
	pid_t w[2];

	vmmt_param_write("filter_pid", "0");
	for (i = 0; i < 2; i++) {
		w[i] = fork();
		if (!w[i])
			toggler();
	}
	while (time(NULL) < end) {
		if (vmmt_param_write("reset", "1"))
			refused++;
		if (vmmt_stats_read(&st))
			unread++;
		else if (!balanced(&st, &shown))
			bad++;
		if (vmmt_read(VMMT_DEBUGFS "metrics") < 0)
			unread++;
		rounds++;
	}
	for (i = 0; i < 2; i++) {
		kill(w[i], SIGKILL);
		waitpid(w[i], NULL, 0);
	}
	CHECK(rounds > 100, "%ld rounds of reset and reads under load", rounds);
	CHECK(!refused, "every reset was accepted (%ld refused)", refused);
	CHECK(!unread, "every stats and metrics read returned (%ld failed)", unread);
	CHECK(!bad, "every stats read balanced its books (%ld did not)", bad);
	/* With the workers gone: one more reset, one more read. */
	CHECK(!vmmt_param_write("reset", "1"), "a reset with the workers stopped");
	CHECK(!vmmt_stats_read(&st) && balanced(&st, &shown),
	      "the read after it returns and balances");
	return vmmt_done();
}
