// SPDX-License-Identifier: GPL-2.0
/*
 * topo SCENARIO: build a fork scenario, point `target` at each process and
 * dump its topology.json (and the DOT and text forms, and /proc/PID/maps)
 * to the console between "VMMT-FILE <label> <kind>" and "VMMT-EOF" lines,
 * for tests/host/check_topology.py to parse and check on the host.
 * Processes wait on pipes, never on sleeps.
 *
 *   fork       a process with three VMAs sharing one faulted anon_vma, a
 *              three-generation fork chain, the middle process exiting,
 *              and a fourth generation that reuses an orphaned anon_vma
 *   unfaulted  the same VMAs unfaulted before fork
 *   errors     bad `target` values and reads after the target exits
 */
#include "vmmt.h"
#include <signal.h>
#include <sys/wait.h>

#define BASE 0x400000000000UL
#define RW (PROT_READ | PROT_WRITE)

static void dump_file(const char *label, const char *kind, const char *path)
{
	long n = vmmt_read(path);

	vmmt_say("VMMT-FILE %s %s\n", label, kind);
	if (n < 0) {
		vmmt_say("VMMT-ERROR %s\n", strerror(-n));
	} else {
		if (write(1, vmmt_buf, n) != n)
			exit(2);
		if (n && vmmt_buf[n - 1] != '\n')
			vmmt_say("\n");
	}
	vmmt_say("VMMT-EOF\n");
}

static void dump(const char *label, pid_t pid, int all_forms)
{
	char s[32], path[64];

	snprintf(s, sizeof(s), "%d", pid);
	CHECK(vmmt_param_write("target", s) == 0, "%s: target <- %d", label, pid);
	dump_file(label, "json", VMMT_DEBUGFS "topology.json");
	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	dump_file(label, "maps", path);
	if (all_forms) {
		dump_file(label, "dot", VMMT_DEBUGFS "topology.dot");
		dump_file(label, "text", VMMT_DEBUGFS "topology");
	}
}

/* Three VMAs, one anon_vma: map 4 pages, fault them, mprotect page 1. */
static void make_vmas(int faulted)
{
	vmmt_map(BASE, 4 * PG, RW);
	if (faulted)
		memset((void *)BASE, 1, 4 * PG);
	mprotect((void *)(BASE + PG), PG, PROT_READ);
}

/* A child that forks (or not), reports pids over @up and waits on @down. */
struct gen {
	int up[2], down[2];
};

static void gen_pipes(struct gen *g)
{
	if (pipe(g->up) || pipe(g->down))
		exit(2);
}

static pid_t read_pid(int fd)
{
	pid_t p = 0;

	if (read(fd, &p, sizeof(p)) != sizeof(p))
		exit(2);
	return p;
}

static void write_pid(int fd, pid_t p)
{
	if (write(fd, &p, sizeof(p)) != sizeof(p))
		exit(2);
}

static void wait_byte(int fd)
{
	char c;

	if (read(fd, &c, 1) != 1)
		_exit(0);
}

static void scenario_fork(void)
{
	struct gen c, gc;
	pid_t cpid, gcpid, ggcpid;
	char go = 1;

	make_vmas(1);
	gen_pipes(&c);
	gen_pipes(&gc);
	cpid = fork();
	if (!cpid) {			/* C, the middle generation */
		pid_t g = fork();

		if (!g) {		/* GC */
			write_pid(gc.up[1], getpid());
			wait_byte(gc.down[0]);	/* C has exited: fork GGC */
			g = fork();
			if (!g) {	/* GGC */
				write_pid(gc.up[1], getpid());
				wait_byte(gc.down[0]);
				_exit(0);
			}
			wait_byte(gc.down[0]);
			_exit(0);
		}
		write_pid(c.up[1], getpid());
		wait_byte(c.down[0]);
		_exit(0);
	}
	cpid = read_pid(c.up[0]);
	gcpid = read_pid(gc.up[0]);
	dump("parent", getpid(), 1);
	dump("child", cpid, 0);
	dump("grandchild", gcpid, 1);

	kill(cpid, SIGKILL);
	waitpid(cpid, NULL, 0);
	dump("parent_after", getpid(), 0);
	dump("grandchild_after", gcpid, 0);

	if (write(gc.down[1], &go, 1) != 1)	/* GC forks GGC */
		exit(2);
	ggcpid = read_pid(gc.up[0]);
	dump("greatgrandchild", ggcpid, 1);
	/* Let GC and GGC go: each reads one more byte. */
	if (write(gc.down[1], "xx", 2) != 2)
		exit(2);
}

static void scenario_unfaulted(void)
{
	struct gen c;
	pid_t cpid;

	make_vmas(0);
	gen_pipes(&c);
	cpid = fork();
	if (!cpid) {
		write_pid(c.up[1], getpid());
		wait_byte(c.down[0]);
		_exit(0);
	}
	cpid = read_pid(c.up[0]);
	dump("unfaulted_parent", getpid(), 0);
	dump("unfaulted_child", cpid, 0);
	kill(cpid, SIGKILL);
	waitpid(cpid, NULL, 0);
}

static void refused(const char *val, int err, const char *why)
{
	long before = vmmt_param_read("target");
	int got = vmmt_param_write("target", val);

	CHECK(got == err, "target <- %s: refused with %s (got %s)", why,
	      strerror(err), got ? strerror(got) : "accepted");
	CHECK(vmmt_param_read("target") == before, "target <- %s: unchanged", why);
}

static void scenario_errors(void)
{
	struct gen c;
	char s[32];
	pid_t pid;
	siginfo_t si;

	CHECK(vmmt_param_write("target", "0") == 0, "target <- 0 accepted");
	CHECK(vmmt_read(VMMT_DEBUGFS "topology") == -ESRCH,
	      "no target: reading topology fails with ESRCH");
	refused("abc", EINVAL, "not a number");
	refused("-5", EINVAL, "negative");
	refused("12x", EINVAL, "trailing junk");
	refused("4194304", ESRCH, "no such process");
	refused("2", EINVAL, "a kernel thread");

	gen_pipes(&c);
	pid = fork();
	if (!pid) {
		write_pid(c.up[1], getpid());
		wait_byte(c.down[0]);
		_exit(0);
	}
	read_pid(c.up[0]);
	snprintf(s, sizeof(s), "%d", pid);
	CHECK(vmmt_param_write("target", s) == 0, "target <- a live child");
	CHECK(vmmt_read(VMMT_DEBUGFS "topology.json") > 0, "its topology reads");
	kill(pid, SIGKILL);
	waitid(P_PID, pid, &si, WEXITED | WNOWAIT);	/* a zombie now */
	CHECK(vmmt_read(VMMT_DEBUGFS "topology.json") == -ESRCH,
	      "the target is a zombie: ESRCH");
	waitpid(pid, NULL, 0);
	CHECK(vmmt_read(VMMT_DEBUGFS "topology") == -ESRCH,
	      "the target is gone: ESRCH");
	CHECK(vmmt_read(VMMT_DEBUGFS "topology.dot") == -ESRCH,
	      "the target is gone: ESRCH for DOT too");
	vmmt_param_write("target", "0");
}

int main(int argc, char **argv)
{
	const char *s = argc > 1 ? argv[1] : "";

	if (!strcmp(s, "fork"))
		scenario_fork();
	else if (!strcmp(s, "unfaulted"))
		scenario_unfaulted();
	else if (!strcmp(s, "errors"))
		scenario_errors();
	else
		CHECK(0, "a scenario named '%s'", s);
	return vmmt_failed;
}
