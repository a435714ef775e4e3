// SPDX-License-Identifier: GPL-2.0
/*
 * params: every bad write to every writable parameter is refused with the
 * errno doc/INTERFACE.md gives and changes nothing; good writes take effect.
 */
#include "vmmt.h"
#include <signal.h>
#include <sys/wait.h>

/* Every counter of two stats readings, name for name. */
static int stats_same(const struct vmmt_stats *a, const struct vmmt_stats *b)
{
	int i;

	if (a->n == 0 || a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (strcmp(a->names[i], b->names[i]) || a->vals[i] != b->vals[i])
			return 0;
	return 1;
}

/*
 * A refused write changes nothing: filter_pid and target read back what
 * they held before; a refused reset leaves every counter as it was (the
 * caller made sure merge.attempts is not 0, so a reset would show, and
 * counts only this process, which maps nothing between the two readings).
 */
static void expect_refused(const char *param, const char *val, int err,
			   const char *why)
{
	static struct vmmt_stats st_before, st_after;
	int reset = !strcmp(param, "reset"), got, same;
	long before = 0, after = 0;

	if (reset)
		vmmt_stats_read(&st_before);
	else
		before = vmmt_param_read(param);
	got = vmmt_param_write(param, val);
	if (reset) {
		vmmt_stats_read(&st_after);
		same = vmmt_stat(&st_before, "merge.attempts") > 0 &&
		       stats_same(&st_before, &st_after);
	} else {
		after = vmmt_param_read(param);
		same = before >= 0 && after == before;
	}
	CHECK(got == err, "%s <- %s: refused with %s (got %s)", param, why,
	      strerror(err), got ? strerror(got) : "accepted");
	if (reset)
		CHECK(same, "%s <- %s: every counter unchanged (merge.attempts %lld, then %lld)",
		      param, why, vmmt_stat(&st_before, "merge.attempts"),
		      vmmt_stat(&st_after, "merge.attempts"));
	else
		CHECK(same, "%s <- %s: %s unchanged (%ld, then %ld)", param, why,
		      param, before, after);
}

/*
 * Two processes write filter_pid and target at once, each its own pid or
 * junk, 500 times: every write gets its own answer and the value read
 * afterwards is one of the two pids.
 */
static void racing_writers(void)
{
	pid_t me = getpid(), other;
	char mine[16], theirs[16];
	int i, wrong = 0, status;
	long v;

	other = fork();
	if (!other) {
		snprintf(mine, sizeof(mine), "%d", getpid());
		for (i = 0; i < 500; i++) {
			if (vmmt_param_write(i & 1 ? "target" : "filter_pid", mine) ||
			    vmmt_param_write("filter_pid", "junk") != EINVAL)
				wrong++;
		}
		_exit(wrong != 0);
	}
	snprintf(mine, sizeof(mine), "%d", me);
	snprintf(theirs, sizeof(theirs), "%d", other);
	for (i = 0; i < 500; i++) {
		if (vmmt_param_write(i & 1 ? "filter_pid" : "target", mine) ||
		    vmmt_param_write("target", "-1") != EINVAL)
			wrong++;
	}
	waitpid(other, &status, 0);
	CHECK(!wrong && WIFEXITED(status) && !WEXITSTATUS(status),
	      "racing writers: every write got its own answer");
	v = vmmt_param_read("filter_pid");
	CHECK(v == me || v == other, "racing writers: filter_pid is one of theirs");
	v = vmmt_param_read("target");
	CHECK(v == me || v == other, "racing writers: target is one of theirs");
	(void)theirs;
	vmmt_param_write("filter_pid", "0");
	vmmt_param_write("target", "0");
}

int main(void)
{
	char s[64];
	struct vmmt_stats st;
	pid_t zombie, tid;
	siginfo_t si;

	/* A zombie: a child that exited and was not reaped. */
	zombie = fork();
	if (!zombie)
		_exit(0);
	if (waitid(P_PID, zombie, &si, WEXITED | WNOWAIT))
		return 1;
	/* A thread: its id is a pid but not a tgid. */
	tid = vmmt_idle_thread();
	if (tid < 0)
		return 1;

	CHECK(vmmt_param_write("filter_pid", "0") == 0, "filter_pid <- 0 accepted");
	/* Not 0 while refused writes are tried: an empty one taken as 0 shows. */
	snprintf(s, sizeof(s), "%d", getpid());
	CHECK(vmmt_param_write("filter_pid", s) == 0 &&
	      vmmt_param_read("filter_pid") == getpid(),
	      "filter_pid <- self accepted, for the refused writes");
	CHECK(vmmt_param_write("target", s) == 0 &&
	      vmmt_param_read("target") == getpid(),
	      "target <- self accepted, for the refused writes");
	expect_refused("filter_pid", "abc", EINVAL, "not a number");
	expect_refused("filter_pid", "12abc", EINVAL, "trailing junk");
	expect_refused("filter_pid", "1 ", EINVAL, "trailing space");
	expect_refused("filter_pid", " 1", EINVAL, "leading space");
	expect_refused("filter_pid", "-1", EINVAL, "negative");
	expect_refused("filter_pid", "+1", EINVAL, "a sign");
	expect_refused("filter_pid", "0x10", EINVAL, "hex");
	expect_refused("filter_pid", "\n", EINVAL, "empty");
	expect_refused("filter_pid", "99999999999999999999999", EINVAL,
		       "overflow past 64 bits");
	expect_refused("filter_pid", "4194304", ESRCH, "above pid_max");
	expect_refused("filter_pid", "2", EINVAL, "a kernel thread (kthreadd)");
	snprintf(s, sizeof(s), "%d", zombie);
	expect_refused("filter_pid", s, EINVAL, "a zombie");
	snprintf(s, sizeof(s), "%d", tid);
	expect_refused("filter_pid", s, ESRCH, "a thread that is not a leader");

	{
		static char junk[4096];
		int i;

		for (i = 0; i < (int)sizeof(junk) - 1; i++)
			junk[i] = 'a' + i % 26;
		expect_refused("filter_pid", junk, EINVAL, "4 KB of junk");
		expect_refused("target", junk, EINVAL, "4 KB of junk");
		memset(junk, '7', sizeof(junk) - 1);
		expect_refused("filter_pid", junk, EINVAL, "4 KB of digits");
		expect_refused("target", junk, EINVAL, "4 KB of digits");
	}
	expect_refused("target", "abc", EINVAL, "not a number");
	expect_refused("target", "\n", EINVAL, "an empty line");
	{
		long before = vmmt_param_read("target");

		/* sysfs never hands a zero-length write to the module */
		vmmt_param_write("target", "");
		CHECK(vmmt_param_read("target") == before,
		      "target <- zero bytes: unchanged");
	}
	expect_refused("target", "+1", EINVAL, "a sign");
	expect_refused("target", "0x10", EINVAL, "hex");
	expect_refused("target", "99999999999999999999999", EINVAL, "overflow");
	expect_refused("target", "2", EINVAL, "a kernel thread");
	snprintf(s, sizeof(s), "%d", zombie);
	expect_refused("target", s, EINVAL, "a zombie");
	racing_writers();

	snprintf(s, sizeof(s), "%d", getpid());
	CHECK(vmmt_param_write("filter_pid", s) == 0, "filter_pid <- self accepted");
	CHECK(vmmt_param_read("filter_pid") == getpid(), "filter_pid reads back self");
	snprintf(s, sizeof(s), "%d\n", getpid());
	CHECK(vmmt_param_write("filter_pid", s) == 0,
	      "filter_pid <- self with a newline accepted");

	/* Make some counts, then try to reset them badly. */
	vmmt_param_write("reset", "1");
	munmap(mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), PG);
	vmmt_stats_read(&st);
	CHECK(vmmt_stat(&st, "merge.attempts") > 0, "an mmap was counted");
	expect_refused("reset", "0", EINVAL, "0");
	expect_refused("reset", "2", EINVAL, "2");
	expect_refused("reset", "yes", EINVAL, "not a number");
	expect_refused("reset", "1x", EINVAL, "trailing junk");
	{
		static char junk[4096];
		int i;

		for (i = 0; i < (int)sizeof(junk) - 1; i++)
			junk[i] = 'a' + i % 26;
		expect_refused("reset", junk, EINVAL, "4 KB of junk");
	}
	CHECK(vmmt_param_write("reset", "1") == 0, "reset <- 1 accepted");
	CHECK(vmmt_param_write("skip", "copy_vma") == EACCES,
	      "skip is fixed at load: a write is refused with EACCES");
	CHECK(vmmt_read(VMMT_PARAM "reset") == -EACCES,
	      "reset is write-only: a read is refused with EACCES");
	vmmt_stats_read(&st);
	CHECK(vmmt_stat(&st, "merge.attempts") == 0, "reset zeroed merge.attempts");

	waitpid(zombie, NULL, 0);
	return vmmt_done();
}
