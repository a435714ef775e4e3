// SPDX-License-Identifier: GPL-2.0
/*
 * pidreuse: target and filter_pid name a process, not a number.  Once the
 * process they were set to exits and its pid is given to another process
 * (clone3 with set_tid), the topology files must fail with ESRCH and the
 * filter must count nobody, instead of describing or counting a stranger.
 */
#include "vmmt.h"
#include <linux/sched.h>
#include <signal.h>
#include <sys/wait.h>

/* A thread's id is a pid, but no process: target and filter refuse it. */
static void thread_is_no_target(void)
{
	long before = vmmt_param_read("target");
	pid_t tid = vmmt_idle_thread();
	char s[32];

	if (tid < 0) {
		CHECK(0, "a thread to name");
		return;
	}
	snprintf(s, sizeof(s), "%d", tid);
	CHECK(vmmt_param_write("target", s) == ESRCH,
	      "target <- a thread that is not the leader (%d): ESRCH", tid);
	CHECK(vmmt_param_read("target") == before, "target unchanged");
}

static int go[2], done[2];

/* A child with pid @want (0: any); @work: on the word, merge, then report. */
static pid_t child(pid_t want, int work)
{
	struct clone_args ca = { .exit_signal = SIGCHLD };
	pid_t tid[1] = { want };
	pid_t p;

	if (want) {
		ca.set_tid = (unsigned long)tid;
		ca.set_tid_size = 1;
	}
	p = syscall(SYS_clone3, &ca, sizeof(ca));
	if (p)
		return p;
	if (work) {
		char c = 1;
		char *a;

		if (read(go[0], &c, 1) != 1)
			_exit(1);
		a = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (a == MAP_FAILED)
			_exit(1);
		/* a split and a merge back: two merge attempts at least */
		mprotect(a + PG, PG, PROT_READ);
		mprotect(a + PG, PG, PROT_READ | PROT_WRITE);
		if (write(done[1], &c, 1) != 1)
			_exit(1);
	}
	pause();
	_exit(0);
}

/* Let the newcomer merge, and wait until it has. */
static void let_it_work(void)
{
	char c = 1;

	if (write(go[1], &c, 1) != 1 || read(done[0], &c, 1) != 1) {
		vmmt_say("not ok - the child did not report\n");
		exit(1);
	}
}

int main(void)
{
	struct vmmt_stats st;
	char s[32];
	pid_t a, b;
	long n;

	thread_is_no_target();
	if (pipe(go) || pipe(done))
		return 1;
	a = child(0, 0);
	CHECK(a > 0, "first process %d started", a);
	snprintf(s, sizeof(s), "%d", a);
	CHECK(!vmmt_param_write("target", s), "target <- %d", a);
	CHECK(!vmmt_param_write("filter_pid", s), "filter_pid <- %d", a);
	CHECK(vmmt_read(VMMT_DEBUGFS "topology") > 0, "its topology reads");
	kill(a, SIGKILL);
	waitpid(a, NULL, 0);

	b = child(a, 1);
	if (b < 0) {
		CHECK(0, "a second process given pid %d (clone3 set_tid): %s",
		      a, strerror(errno));
		return vmmt_done();
	}
	CHECK(b == a, "a second process was given the same pid %d", b);
	vmmt_param_write("reset", "1");
	let_it_work();
	n = vmmt_read(VMMT_DEBUGFS "topology");
	CHECK(n == -ESRCH, "topology of the exited target: ESRCH (got %s)",
	      n < 0 ? strerror(-n) : "the other process's topology");
	n = vmmt_read(VMMT_DEBUGFS "topology.json");
	CHECK(n == -ESRCH, "topology.json too (got %s)",
	      n < 0 ? strerror(-n) : "data");
	CHECK(!vmmt_stats_read(&st), "stats read");
	CHECK(vmmt_stat(&st, "merge.attempts") == 0,
	      "the filter counted nothing of the newcomer (%lld attempts)",
	      vmmt_stat(&st, "merge.attempts"));
	CHECK(vmmt_param_read("target") == a,
	      "target still reads the number it was given");

	/* Named again, the newcomer is the target and is counted. */
	CHECK(!vmmt_param_write("target", s), "target <- %d again", b);
	CHECK(vmmt_read(VMMT_DEBUGFS "topology") > 0, "now its topology reads");
	kill(b, SIGKILL);
	waitpid(b, NULL, 0);
	vmmt_param_write("target", "0");
	return vmmt_done();
}
