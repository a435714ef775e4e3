// SPDX-License-Identifier: GPL-2.0
/*
 * evrace [ROUNDS]: events logged on every CPU at once, read while they
 * come.  One worker process per CPU (two at least), each pinned to its
 * CPU, toggles mprotect on a range of its own (two attempts a toggle),
 * all released together, while this process reads `events` over and over.
 * Each CPU logs into a ring of its own and a reader merges them by seq
 * (module/events.c), so every copy read must be one run of consecutive
 * seq numbers, at most `capacity` long, and each worker's events in it
 * must be in its own order (their ts never goes back).  Then, after a
 * round that logs less than the capacity, every worker's 2 * T mprotect
 * events are there, once each, and nothing was dropped; after a round
 * that logs four times the capacity, the file holds exactly `capacity`
 * events, the newest, and the header's `dropped` is the newest seq + 1 -
 * capacity: nothing lost or duplicated beyond what `dropped` says.
 * ROUNDS (default 2) repeats both.  The module is the one loaded at boot
 * (this runs under multi-threaded TCG too, where no test may load it).
 */
#include "vmmt.h"
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>

#define BASE 0x500000000000UL
#define MAXW 64

static int go[2];
static pid_t wpid[MAXW];
static long wcount[MAXW];	/* mprotect events of each worker in a copy */

static void worker(int i, int cpu, long toggles)
{
	char *a = (char *)(BASE + (unsigned long)i * (1UL << 30));
	cpu_set_t set;
	char c;
	long k;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		vmmt_say("# worker %d: cannot pin to CPU %d: %s\n", i, cpu, strerror(errno));
	vmmt_map((unsigned long)a, 3 * PG, PROT_READ | PROT_WRITE);
	if (read(go[0], &c, 1) != 1)
		_exit(1);
	for (k = 0; k < toggles; k++)
		if (mprotect(a + PG, PG, PROT_READ) ||
		    mprotect(a + PG, PG, PROT_READ | PROT_WRITE))
			_exit(1);
	_exit(0);
}

struct copy {
	unsigned long long cap, dropped, first, last;
	long n, bad_seq, bad_order;
};

/*
 * Read the events file once and check it: consecutive seq, and per
 * worker, ts never going back.  Counts each worker's mprotect events.
 */
static int read_copy(struct copy *cp, int nw)
{
	unsigned long long last_ts[MAXW] = { 0 };
	char *p, *line;
	int i;

	memset(cp, 0, sizeof(*cp));
	memset(wcount, 0, sizeof(wcount));
	if (vmmt_read(VMMT_DEBUGFS "events") < 0)
		return -1;
	p = vmmt_buf;
	line = strsep(&p, "\n");
	if (!line || sscanf(line, "# capacity %llu dropped %llu", &cp->cap, &cp->dropped) != 2)
		return -1;
	for (; (line = strsep(&p, "\n")) && *line;) {
		unsigned long long seq, ts;
		int pid;

		if (sscanf(line, "seq=%llu ts=%llu pid=%d ", &seq, &ts, &pid) != 3)
			return -1;
		if (cp->n && seq != cp->last + 1) {
			if (cp->bad_seq++ < 3)
				vmmt_say("# seq %llu after %llu\n", seq, cp->last);
		}
		if (!cp->n)
			cp->first = seq;
		cp->last = seq;
		cp->n++;
		for (i = 0; i < nw; i++)
			if (wpid[i] == pid)
				break;
		if (i == nw)
			continue;
		if (ts < last_ts[i] && cp->bad_order++ < 3)
			vmmt_say("# worker %d: ts %llu after %llu\n", i, ts, last_ts[i]);
		last_ts[i] = ts;
		if (strstr(line, " caller=mprotect "))
			wcount[i]++;
	}
	return 0;
}

/*
 * One round: @nw workers of @toggles each, read while they run.  Returns
 * the final copy in @cp.
 */
static void round_run(const char *what, int nw, int ncpu, long toggles, struct copy *cp)
{
	long reads = 0, bad_reads = 0, bad_seq = 0, bad_order = 0, too_long = 0;
	struct copy c;
	int i, left, status, failed = 0;

	if (vmmt_param_write("reset", "1")) {
		CHECK(0, "%s: reset", what);
		return;
	}
	if (pipe(go))
		exit(1);
	for (i = 0; i < nw; i++) {
		wpid[i] = fork();
		if (wpid[i] < 0)
			exit(1);
		if (!wpid[i])
			worker(i, i % ncpu, toggles);
	}
	close(go[0]);
	usleep(200000);		/* every worker mapped and waiting */
	for (i = 0; i < nw; i++)
		if (write(go[1], "g", 1) != 1)
			exit(1);
	close(go[1]);
	for (left = nw; left;) {
		pid_t w = waitpid(-1, &status, WNOHANG);

		if (w > 0) {
			left--;
			failed |= !WIFEXITED(status) || WEXITSTATUS(status);
			continue;
		}
		if (w < 0) {	/* no child left to wait for: cannot be */
			failed = 1;
			break;
		}
		if (read_copy(&c, nw)) {
			bad_reads++;
			continue;
		}
		reads++;
		bad_seq += c.bad_seq;
		bad_order += c.bad_order;
		too_long += (unsigned long long)c.n > c.cap;
	}
	CHECK(!failed, "%s: %d workers, %ld toggles each, all ran", what, nw, toggles);
	CHECK(reads > 0 && !bad_reads, "%s: %ld reads while they ran, %ld unreadable", what,
	      reads, bad_reads);
	CHECK(!bad_seq, "%s: every copy read meanwhile has consecutive seq (%ld gaps)", what,
	      bad_seq);
	CHECK(!bad_order, "%s: each worker's events in its own order in every copy (%ld not)",
	      what, bad_order);
	CHECK(!too_long, "%s: no copy longer than the capacity (%ld)", what, too_long);
	if (read_copy(cp, nw)) {
		CHECK(0, "%s: events readable after the round", what);
		return;
	}
	CHECK(!cp->bad_seq && !cp->bad_order,
	      "%s: the last copy consecutive (%llu..%llu, %ld events) and in order", what,
	      cp->first, cp->last, cp->n);
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 2, r, i, nw, ncpu;
	struct vmmt_stats st;
	struct copy cp;
	long t, ok;

	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	nw = ncpu < 2 ? 2 : ncpu > MAXW ? MAXW : ncpu;
	if (vmmt_param_write("filter_pid", "0")) {
		CHECK(0, "filter_pid=0");
		return 1;
	}
	if (read_copy(&cp, 0) || !cp.cap) {
		CHECK(0, "events readable, with a ring (capacity %llu)", cp.cap);
		return 1;
	}
	vmmt_say("# %d CPUs, %d workers, capacity %llu\n", ncpu, nw, cp.cap);
	for (r = 1; r <= rounds; r++) {
		unsigned long long cap = cp.cap;

		/* Under the capacity: everything is there, once. */
		t = cap / 4 / nw;
		round_run("below capacity", nw, ncpu, t, &cp);
		for (ok = 0, i = 0; i < nw; i++)
			ok += wcount[i] == 2 * t;
		CHECK(ok == nw, "below capacity: each worker's %ld mprotect events there once (%ld of %d workers)",
		      2 * t, ok, nw);
		CHECK(cp.first == 0 && cp.dropped == 0,
		      "below capacity: from seq 0, nothing dropped (first %llu, dropped %llu)",
		      cp.first, cp.dropped);
		if (vmmt_stats_read(&st))
			CHECK(0, "stats readable");
		CHECK(vmmt_stat(&st, "events.logged") >= (long long)cp.last + 1 &&
		      vmmt_stat(&st, "events.dropped") == 0,
		      "below capacity: logged %lld >= %llu, dropped %lld",
		      vmmt_stat(&st, "events.logged"), cp.last + 1,
		      vmmt_stat(&st, "events.dropped"));

		/* Four times the capacity: the newest capacity events. */
		t = 2 * cap / nw;
		round_run("four times the capacity", nw, ncpu, t, &cp);
		CHECK((unsigned long long)cp.n == cap,
		      "wrapped: the file holds the capacity, %llu events (%ld)", cap, cp.n);
		CHECK(cp.dropped == cp.last + 1 - cap,
		      "wrapped: header dropped %llu = newest seq + 1 - capacity (%llu)",
		      cp.dropped, cp.last + 1 - cap);
		if (vmmt_stats_read(&st))
			CHECK(0, "stats readable");
		CHECK(vmmt_stat(&st, "events.logged") >= (long long)(4 * cap) &&
		      vmmt_stat(&st, "events.dropped") ==
		      vmmt_stat(&st, "events.logged") - (long long)cap,
		      "wrapped: stats logged %lld (>= %llu), dropped %lld = logged - capacity",
		      vmmt_stat(&st, "events.logged"), 4 * cap,
		      vmmt_stat(&st, "events.dropped"));
	}
	return vmmt_failed;
}
