// SPDX-License-Identifier: GPL-2.0
/*
 * scenario NAME: one merge pattern, at fixed addresses in an empty area, with
 * filter_pid set to this process.  Each step checks what the module says
 * (stats deltas, the newest event line) against what the step is known to
 * do, and the result against /proc/self/maps, the kernel's own view.
 *
 * Where the kernels of the matrix behave differently, the expectation says
 * which kernel and why (from the kernels' merge code: mm/mmap.c's
 * vma_merge() on 5.10 and 6.1, mm/vma.c on 6.12 and 7.2).
 *
 * scenario --list: every NAME, one a line.
 */
#include "vmmt.h"
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#define BASE 0x300000000000UL
#define A(n) (BASE + (n) * PG)
#define RW (PROT_READ | PROT_WRITE)

static struct vmmt_stats sa, sb;
static int kmaj, kmin;
static char last_event[512];

static int kernel_at_least(int maj, int min)
{
	return kmaj > maj || (kmaj == maj && kmin >= min);
}

static void before(void)
{
	vmmt_stats_read(&sa);
}

/* The newest line of the events file that contains @op. */
static void read_last_event(const char *op)
{
	char *p, *line;

	last_event[0] = 0;
	if (vmmt_read(VMMT_DEBUGFS "events") < 0)
		return;
	for (p = vmmt_buf; (line = strsep(&p, "\n")) && *line;)
		if (strstr(line, op))
			snprintf(last_event, sizeof(last_event), "%s", line);
}

static int has_token(const char *line, const char *tok)
{
	size_t n = strlen(tok);
	const char *p = line;

	while ((p = strstr(p, tok))) {
		if ((p == line || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
		p += n;
	}
	return 0;
}

static long long d(const char *name)
{
	return vmmt_delta(&sa, &sb, name);
}

/*
 * After one operation: exactly one attempt, with this result, these
 * reasons, this counterfactual (or none) and no model mismatch.
 */
static void expect(const char *what, const char *result, const char *prev,
		   const char *next, const char *missed, int conflict)
{
	static const char *const all_missed[] = {
		"pgoff_only", "anon_vma_unshared", "anon_vma_shared",
	};
	char name[96], tok[96];
	unsigned int i;

	vmmt_stats_read(&sb);
	read_last_event("op=merge");
	CHECK(d("merge.attempts") == 1, "%s: one attempt (got %lld)", what,
	      d("merge.attempts"));
	snprintf(name, sizeof(name), "merge.result.%s", result);
	CHECK(d(name) == 1, "%s: %s +1", what, name);
	snprintf(name, sizeof(name), "merge.prev.%s", prev);
	CHECK(d(name) == 1, "%s: %s +1", what, name);
	snprintf(name, sizeof(name), "merge.next.%s", next);
	CHECK(d(name) == 1, "%s: %s +1", what, name);
	for (i = 0; i < 3; i++) {
		int want = missed && !strcmp(missed, all_missed[i]);

		snprintf(name, sizeof(name), "merge.missed.%s", all_missed[i]);
		CHECK(d(name) == want, "%s: %s +%d (got %lld)", what, name,
		      want, d(name));
	}
	CHECK(d("merge.both.anon_vma_conflict") == conflict,
	      "%s: merge.both.anon_vma_conflict +%d", what, conflict);
	CHECK(d("merge.model_mismatch") == 0, "%s: no model mismatch", what);
	snprintf(tok, sizeof(tok), "result=%s", result);
	CHECK(has_token(last_event, tok), "%s: event has %s", what, tok);
	snprintf(tok, sizeof(tok), "prev=%s", prev);
	CHECK(has_token(last_event, tok), "%s: event has %s", what, tok);
	snprintf(tok, sizeof(tok), "next=%s", next);
	CHECK(has_token(last_event, tok), "%s: event has %s", what, tok);
	if (missed) {
		snprintf(tok, sizeof(tok), "missed=%s", missed);
		CHECK(has_token(last_event, tok), "%s: event has %s", what, tok);
	} else {
		CHECK(!strstr(last_event, "missed="), "%s: event has no missed=", what);
	}
	CHECK(!strstr(last_event, "MISMATCH"), "%s: event not MISMATCH", what);
	vmmt_say("# %s: %s\n", what, last_event);
}

/* The kernel's own view: the VMA containing @addr is exactly [s, e). */
static void maps_vma(const char *what, unsigned long addr, unsigned long s,
		     unsigned long e)
{
	unsigned long gs = 0, ge = 0;

	vmmt_vma_at(addr, &gs, &ge);
	CHECK(gs == s && ge == e,
	      "%s: /proc/self/maps has %#lx-%#lx (expected %#lx-%#lx)",
	      what, gs, ge, s, e);
}

static void maps_count(const char *what, unsigned long lo, unsigned long hi,
		       int n)
{
	int got = vmmt_vmas_in(lo, hi);

	CHECK(got == n, "%s: /proc/self/maps has %d VMAs in the area (expected %d)",
	      what, got, n);
}

static void fault(unsigned long addr, unsigned long len)
{
	memset((void *)addr, 0x5a, len);
}

static int tmpfile_of(unsigned long pages)
{
	int fd = open("/tmp/vmm-scenario", O_RDWR | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || ftruncate(fd, pages * PG))
		exit(2);
	return fd;
}

static void *map_file(unsigned long addr, unsigned long len, int fd,
		      unsigned long off, int flags)
{
	void *p = mmap((void *)addr, len, RW, flags | MAP_FIXED_NOREPLACE, fd, off);

	if (p != (void *)addr) {
		vmmt_say("not ok - mmap file at %#lx: %s\n", addr, strerror(errno));
		exit(1);
	}
	return p;
}

static void s_prev(void)
{
	vmmt_map(A(0), 2 * PG, RW);
	before();
	vmmt_map(A(2), 2 * PG, RW);
	expect("mmap after prev", "prev", "ok", "not_adjacent", NULL, 0);
	maps_vma("mmap after prev", A(2), A(0), A(4));
}

static void s_next(void)
{
	vmmt_map(A(2), 2 * PG, RW);
	before();
	vmmt_map(A(0), 2 * PG, RW);
	expect("mmap before next", "next", "not_adjacent", "ok", NULL, 0);
	maps_vma("mmap before next", A(0), A(0), A(4));
}

static void s_both(void)
{
	vmmt_map(A(0), PG, RW);
	vmmt_map(A(2), PG, RW);
	before();
	vmmt_map(A(1), PG, RW);
	expect("mmap filling a hole", "both", "ok", "ok", NULL, 0);
	maps_vma("mmap filling a hole", A(1), A(0), A(3));
}

static void s_flags(void)
{
	vmmt_map(A(0), PG, RW);
	before();
	vmmt_map(A(1), PG, PROT_READ);
	expect("mmap with other protections", "none", "flags", "not_adjacent",
	       NULL, 0);
	maps_count("mmap with other protections", A(0), A(2), 2);
}

static void s_file(void)
{
	int fd = tmpfile_of(1);

	vmmt_map(A(0), PG, RW);
	before();
	map_file(A(1), PG, fd, 0, MAP_PRIVATE);
	expect("private file next to anonymous", "none", "file", "not_adjacent",
	       NULL, 0);
	maps_count("private file next to anonymous", A(0), A(2), 2);
}

static void s_pgoff(void)
{
	int fd = tmpfile_of(8);

	map_file(A(0), PG, fd, 0, MAP_SHARED);
	before();
	map_file(A(1), PG, fd, 2 * PG, MAP_SHARED);
	expect("shared file at a non-contiguous offset", "none", "pgoff",
	       "not_adjacent", NULL, 0);
	maps_count("shared file at a non-contiguous offset", A(0), A(2), 2);
	before();
	map_file(A(2), PG, fd, 3 * PG, MAP_SHARED);
	expect("shared file at the contiguous offset", "prev", "ok",
	       "not_adjacent", NULL, 0);
	maps_vma("shared file at the contiguous offset", A(2), A(1), A(3));
}

static void s_mprotect(void)
{
	vmmt_map(A(0), 4 * PG, RW);
	before();
	mprotect((void *)A(1), PG, PROT_READ);
	expect("mprotect of a middle part", "none", "flags", "flags", NULL, 0);
	maps_count("mprotect of a middle part", A(0), A(4), 3);
	before();
	mprotect((void *)A(1), PG, RW);
	expect("mprotect of it back", "both", "ok", "ok", NULL, 0);
	maps_vma("mprotect of it back", A(1), A(0), A(4));
}

/*
 * 101 one-page VMAs of alternating protections (on 6.12+ a maple tree of
 * about ten leaves), then each read-only page made rw again, from the
 * lowest up: each merges with both its neighbours, none mismatched, and
 * the area is one VMA again.  The VMA after each page is in that page's
 * leaf, or (for a page last in its leaf) in the next one: tests/guest/
 * t_next.sh checks that the module's next lookups took both ways.
 */
#define MANY 101
static void s_mprotect_many(void)
{
	int i;

	vmmt_map(A(0), MANY * PG, RW);
	for (i = 1; i < MANY; i += 2)
		mprotect((void *)A(i), PG, PROT_READ);
	maps_count("pages made read-only", A(0), A(MANY), MANY);
	before();
	for (i = 1; i < MANY; i += 2)
		mprotect((void *)A(i), PG, RW);
	vmmt_stats_read(&sb);
	CHECK(d("merge.attempts") == MANY / 2,
	      "%d pages made rw again: %lld attempts", MANY / 2,
	      d("merge.attempts"));
	CHECK(d("merge.result.both") == MANY / 2 && d("merge.prev.ok") == MANY / 2 &&
	      d("merge.next.ok") == MANY / 2,
	      "each merged both sides (both %lld, prev ok %lld, next ok %lld)",
	      d("merge.result.both"), d("merge.prev.ok"), d("merge.next.ok"));
	CHECK(d("merge.model_mismatch") == 0, "no model mismatch (%lld)",
	      d("merge.model_mismatch"));
	maps_vma("all made rw again", A(0), A(0), A(MANY));
}

static void s_mlock(void)
{
	vmmt_map(A(0), 3 * PG, RW);
	before();
	if (mlock((void *)A(1), PG))
		CHECK(0, "mlock: %s", strerror(errno));
	expect("mlock of a middle part", "none", "flags", "flags", NULL, 0);
	maps_count("mlock of a middle part", A(0), A(3), 3);
	before();
	munlock((void *)A(1), PG);
	if (kernel_at_least(7, 0)) {
		/* 7.x merges a faulted range into unfaulted neighbours. */
		expect("munlock (7.x)", "both", "ok", "ok", NULL, 0);
		maps_vma("munlock (7.x)", A(1), A(0), A(3));
	} else {
		/*
		 * <= 6.12: mlock faulted the middle in; its unfaulted
		 * neighbours' anon_vma_chain is empty, not singular.
		 */
		expect("munlock (<= 6.12)", "none", "anon_vma_chain",
		       "anon_vma_chain", "anon_vma_unshared", 0);
		maps_count("munlock (<= 6.12)", A(0), A(3), 3);
	}
}

static void s_mbind(void)
{
	unsigned long node0 = 1;

	vmmt_map(A(0), 3 * PG, RW);
	before();
	if (syscall(SYS_mbind, A(1), PG, 2 /* MPOL_BIND */, &node0, 64, 0))
		CHECK(0, "mbind: %s", strerror(errno));
	expect("mbind of a middle part", "none", "policy", "policy", NULL, 0);
	maps_count("mbind of a middle part", A(0), A(3), 3);
	before();
	syscall(SYS_mbind, A(1), PG, 0 /* MPOL_DEFAULT */, NULL, 0, 0);
	expect("mbind of it back", "both", "ok", "ok", NULL, 0);
	maps_vma("mbind of it back", A(1), A(0), A(3));
}

static void move(unsigned long from, unsigned long to, unsigned long len)
{
	if (mremap((void *)from, len, len, MREMAP_MAYMOVE | MREMAP_FIXED,
		   (void *)to) != (void *)to)
		CHECK(0, "mremap %#lx to %#lx: %s", from, to, strerror(errno));
}

static void expect_copy(const char *what, const char *result, const char *anon,
			const char *pgoff)
{
	char tok[64];

	read_last_event("op=copy_vma");
	CHECK(d("copy_vma.calls") == 1, "%s: copy_vma.calls +1", what);
	snprintf(tok, sizeof(tok), "copy_vma.%s", result);
	CHECK(d(tok) == 1, "%s: %s +1", what, tok);
	snprintf(tok, sizeof(tok), "copy_vma.anon_%s", anon);
	CHECK(d(tok) == 1, "%s: %s +1", what, tok);
	snprintf(tok, sizeof(tok), "copy_vma.pgoff_%s", pgoff);
	CHECK(d(tok) == 1, "%s: %s +1", what, tok);
	snprintf(tok, sizeof(tok), "result=%s", result);
	CHECK(has_token(last_event, tok) && has_token(last_event, "caller=mremap"),
	      "%s: copy_vma event has %s", what, tok);
	vmmt_say("# %s: %s\n", what, last_event);
}

static void s_mremap_faulted(void)
{
	vmmt_map(A(0), 2 * PG, RW);
	fault(A(0), 2 * PG);
	vmmt_map(A(10), 2 * PG, RW);
	fault(A(10), 2 * PG);
	before();
	move(A(10), A(2), 2 * PG);
	/* pgoff kept (and a different anon_vma): two blockers, no missed */
	expect("faulted range mremapped next to another", "none", "pgoff",
	       "not_adjacent", NULL, 0);
	expect_copy("faulted range mremapped next to another", "new", "faulted",
		    "kept");
	maps_count("faulted range mremapped next to another", A(0), A(4), 2);
}

static void s_mremap_unfaulted(void)
{
	vmmt_map(A(0), 2 * PG, RW);
	vmmt_map(A(10), 2 * PG, RW);
	before();
	move(A(10), A(2), 2 * PG);
	expect("unfaulted range mremapped next to another", "prev", "ok",
	       "not_adjacent", NULL, 0);
	expect_copy("unfaulted range mremapped next to another", "merged",
		    "unfaulted", "updated");
	maps_vma("unfaulted range mremapped next to another", A(2), A(0), A(4));
}

/* Two faulted ranges, each with its own anon_vma, and the hole between. */
static void conflict_setup(void)
{
	vmmt_map(A(0), 2 * PG, RW);
	fault(A(0), 2 * PG);
	vmmt_map(A(3), 2 * PG, RW);
	fault(A(3), 2 * PG);
	before();
	vmmt_map(A(2), PG, RW);
	if (kernel_at_least(6, 1) && !kernel_at_least(6, 2)) {
		/* 6.1's mmap_region checks next first and keeps it. */
		expect("hole between two anon_vmas (6.1)", "next", "ok", "ok",
		       NULL, 1);
		maps_vma("hole between two anon_vmas (6.1)", A(2), A(2), A(5));
	} else {
		expect("hole between two anon_vmas", "prev", "ok", "ok", NULL, 1);
		maps_vma("hole between two anon_vmas", A(2), A(0), A(3));
	}
}

/* mprotect the first page after the boundary of the two anon_vmas, and back. */
static void boundary_toggle(const char *missed)
{
	unsigned long s = 0, e = A(3), b;

	vmmt_vma_at(A(0), &s, &e);
	b = e;			/* where the second anon_vma starts */
	before();
	mprotect((void *)b, PG, PROT_READ);
	expect("mprotect after the anon_vma boundary", "none", "flags", "flags",
	       NULL, 0);
	before();
	mprotect((void *)b, PG, RW);
	/* pgoff is linear, flags equal: only the anon_vma stands in the way */
	expect("mprotect back at the anon_vma boundary", "next", "anon_vma",
	       "ok", missed, 0);
	maps_vma("mprotect back at the anon_vma boundary", b, b, A(5));
	maps_vma("mprotect back at the anon_vma boundary", A(0), A(0), b);
}

static void s_conflict(void)
{
	conflict_setup();
}

static void s_boundary(void)
{
	conflict_setup();
	boundary_toggle("anon_vma_unshared");
}

static int in_child(void (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (!pid) {
		vmmt_filter_self();
		fn();
		_exit(vmmt_failed);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && !WEXITSTATUS(status), "the forked child passed");
	return 0;
}

static void child_boundary(void)
{
	boundary_toggle("anon_vma_shared");
}

static void s_boundary_fork(void)
{
	conflict_setup();
	in_child(child_boundary);
}

static void child_map_next(void)
{
	before();
	vmmt_map(A(2), 2 * PG, RW);
	/* The inherited VMA's anon_vma_chain links it to the parent's. */
	expect("child maps next to an inherited faulted VMA", "none",
	       "anon_vma_chain", "not_adjacent", "anon_vma_shared", 0);
	maps_count("child maps next to an inherited faulted VMA", A(0), A(4), 2);
}

static void s_fork_chain(void)
{
	vmmt_map(A(0), 2 * PG, RW);
	fault(A(0), 2 * PG);
	in_child(child_map_next);
}

static void s_events_format(void)
{
	char *p, *line;
	int n = 0, bad = 0, header = 0;

	vmmt_map(A(0), PG, RW);
	vmmt_map(A(1), PG, RW);
	vmmt_map(A(10), PG, RW);
	move(A(10), A(2), PG);
	if (vmmt_read(VMMT_DEBUGFS "events") < 0) {
		CHECK(0, "events readable");
		return;
	}
	for (p = vmmt_buf; (line = strsep(&p, "\n")) && *line;) {
		unsigned long long seq, ts;
		int pid, off = 0;
		char comm[32], caller[32], op[32];

		if (!n++) {
			header = !strncmp(line, "# capacity 4096 dropped 0", 25);
			continue;
		}
		if (sscanf(line, "seq=%llu ts=%llu pid=%d comm=%31s caller=%31s op=%31s %n",
			   &seq, &ts, &pid, comm, caller, op, &off) != 6 ||
		    pid != getpid() || strncmp(line + off, "start=0x", 8)) {
			bad++;
			vmmt_say("# bad: %s\n", line);
		}
	}
	CHECK(header, "events: first line is '# capacity 4096 dropped 0'");
	CHECK(n == 6, "events: 5 lines after the header: 3 mmaps, mremap's merge attempt and its copy_vma (got %d)", n - 1);
	CHECK(!bad, "events: every line has seq ts pid comm caller op start, in order");
}


/* The last attempt's caller, in the stats and in its event line. */
static void expect_caller(const char *what, const char *caller)
{
	char name[64];

	snprintf(name, sizeof(name), "merge.caller.%s", caller);
	CHECK(d(name) == d("merge.attempts") && d(name) > 0,
	      "%s: every attempt has caller %s (%lld of %lld)", what, caller,
	      d(name), d("merge.attempts"));
	snprintf(name, sizeof(name), "caller=%s", caller);
	CHECK(has_token(last_event, name), "%s: event has %s", what, name);
}

static void s_madvise(void)
{
	vmmt_map(A(0), 3 * PG, RW);
	before();
	if (madvise((void *)A(1), PG, MADV_DONTFORK))
		CHECK(0, "madvise: %s", strerror(errno));
	expect("madvise(DONTFORK) of a middle part", "none", "flags", "flags",
	       NULL, 0);
	expect_caller("madvise(DONTFORK) of a middle part", "madvise");
	maps_count("madvise(DONTFORK) of a middle part", A(0), A(3), 3);
	before();
	madvise((void *)A(1), PG, MADV_DOFORK);
	expect("madvise(DOFORK) back", "both", "ok", "ok", NULL, 0);
	expect_caller("madvise(DOFORK) back", "madvise");
	maps_vma("madvise(DOFORK) back", A(1), A(0), A(3));
}

/* brk: growing the heap is an attempt to merge with the heap (prev). */
static void s_brk(void)
{
	unsigned long top = (unsigned long)sbrk(0), gs = 0, ge = 0;
	long long next;

	if (sbrk(PG) == (void *)-1)	/* a heap VMA ending at the break */
		CHECK(0, "sbrk: %s", strerror(errno));
	before();
	if (sbrk(PG) == (void *)-1)
		CHECK(0, "sbrk: %s", strerror(errno));
	vmmt_stats_read(&sb);
	read_last_event("op=merge");
	CHECK(d("merge.attempts") == 1, "brk growth: one attempt (got %lld)",
	      d("merge.attempts"));
	CHECK(d("merge.result.prev") == 1, "brk growth: merge.result.prev +1");
	CHECK(d("merge.prev.ok") == 1, "brk growth: merge.prev.ok +1");
	/* 5.10's vma_merge looks at the VMA after the break too. */
	next = kernel_at_least(6, 1) ? d("merge.next.absent") :
				       d("merge.next.not_adjacent");
	CHECK(next == 1, "brk growth: next %s +1",
	      kernel_at_least(6, 1) ? "absent (brk looks left only)" : "not_adjacent");
	CHECK(d("merge.model_mismatch") == 0, "brk growth: no model mismatch");
	expect_caller("brk growth", "brk");
	vmmt_vma_at(top + PG, &gs, &ge);
	CHECK(ge == top + 2 * PG && gs < top + PG,
	      "brk growth: /proc/self/maps has one heap VMA up to the break");
}

static int uffd_on(unsigned long addr, unsigned long len)
{
	int fd = vmmt_uffd_on(addr, len);

	if (fd < 0) {
		CHECK(0, "userfaultfd register %#lx: %s", addr, strerror(errno));
		exit(1);
	}
	return fd;
}

/* Two userfaultfds on neighbouring pages: same flags, other context. */
static void s_uffd(void)
{
	struct uffdio_range r = { .start = A(1), .len = PG };
	int a, b;

	vmmt_map(A(0), 3 * PG, RW);
	before();
	a = uffd_on(A(0), PG);
	expect("userfaultfd on the first page", "none", "not_adjacent", "flags",
	       NULL, 0);
	expect_caller("userfaultfd on the first page", "userfaultfd");
	before();
	b = uffd_on(A(1), PG);
	expect("another userfaultfd on the next page", "none", "uffd", "flags",
	       NULL, 0);
	expect_caller("another userfaultfd on the next page", "userfaultfd");
	maps_count("two userfaultfds", A(0), A(3), 3);
	before();
	if (ioctl(b, UFFDIO_UNREGISTER, &r))
		CHECK(0, "UFFDIO_UNREGISTER: %s", strerror(errno));
	expect("unregistering the second", "next", "flags", "ok", NULL, 0);
	expect_caller("unregistering the second", "userfaultfd");
	maps_count("unregistering the second", A(0), A(3), 2);
	close(a);
	close(b);
}

/* A page mapped just below [vvar] (VM_IO | VM_PFNMAP): next is special. */
static void s_special(void)
{
	unsigned long vvar = 0;
	char *p, *line;

	if (vmmt_read("/proc/self/maps") >= 0)
		for (p = vmmt_buf; (line = strsep(&p, "\n")) && *line;)
			if (strstr(line, "[vvar]"))
				vvar = strtoul(line, NULL, 16);
	CHECK(vvar, "[vvar] found in /proc/self/maps");
	if (!vvar)
		return;
	before();
	vmmt_map(vvar - PG, PG, PROT_READ);
	expect("mmap just below [vvar]", "none", "not_adjacent", "special", NULL, 0);
	expect_caller("mmap just below [vvar]", "mmap");
	maps_vma("mmap just below [vvar]", vvar - PG, vvar - PG, vvar);
}

/*
 * SysV shm has a ->close hook: before 6.12 it blocks any merge; since,
 * only removing such a VMA, which restoring a middle part needs.
 */
static void s_close(void)
{
	int id = shmget(IPC_PRIVATE, 3 * PG, IPC_CREAT | 0600);

	if (id < 0 || shmat(id, (void *)A(0), 0) != (void *)A(0)) {
		CHECK(0, "shmat: %s", strerror(errno));
		return;
	}
	shmctl(id, IPC_RMID, NULL);
	before();
	mprotect((void *)A(1), PG, PROT_READ);
	expect("mprotect of a shm middle part", "none", "flags", "flags", NULL, 0);
	before();
	mprotect((void *)A(1), PG, RW);
	vmmt_stats_read(&sb);
	read_last_event("op=merge");
	CHECK(d("merge.attempts") == 1, "mprotect of it back: one attempt");
	CHECK(d("merge.result.none") == 1, "mprotect of it back: no merge");
	CHECK(d("merge.prev.close") + d("merge.next.close") >= 1,
	      "mprotect of it back: close blocks a side (prev +%lld, next +%lld)",
	      d("merge.prev.close"), d("merge.next.close"));
	CHECK(d("merge.model_mismatch") == 0, "mprotect of it back: no model mismatch");
	vmmt_say("# mprotect of it back: %s\n", last_event);
	maps_count("mprotect of it back", A(0), A(3), 3);
	shmdt((void *)A(0));
}

/*
 * prctl(PR_SET_VMA_ANON_NAME) is the one prctl that merges, and needs
 * CONFIG_ANON_VMA_NAME, which Debian's kernels lack: it fails, and no
 * attempt is counted.
 */
static void s_prctl(void)
{
	int r;

	vmmt_map(A(0), 3 * PG, RW);
	before();
	r = prctl(0x53564d41 /* PR_SET_VMA */, 0 /* ANON_NAME */, A(1), PG, "x");
	vmmt_stats_read(&sb);
	CHECK(r == -1 && errno == EINVAL,
	      "prctl(PR_SET_VMA_ANON_NAME): EINVAL without CONFIG_ANON_VMA_NAME");
	CHECK(d("merge.attempts") == 0 && d("merge.caller.prctl") == 0,
	      "prctl: nothing counted (%lld attempts)", d("merge.attempts"));
}

static const struct {
	const char *name;
	void (*fn)(void);
} scenarios[] = {
	{ "prev", s_prev },
	{ "next", s_next },
	{ "both", s_both },
	{ "flags", s_flags },
	{ "file", s_file },
	{ "pgoff", s_pgoff },
	{ "mprotect", s_mprotect },
	{ "mprotect_many", s_mprotect_many },
	{ "mlock", s_mlock },
	{ "mbind", s_mbind },
	{ "mremap_faulted", s_mremap_faulted },
	{ "mremap_unfaulted", s_mremap_unfaulted },
	{ "conflict", s_conflict },
	{ "boundary", s_boundary },
	{ "boundary_fork", s_boundary_fork },
	{ "fork_chain", s_fork_chain },
	{ "events_format", s_events_format },
	{ "madvise", s_madvise },
	{ "brk", s_brk },
	{ "uffd", s_uffd },
	{ "special", s_special },
	{ "close", s_close },
	{ "prctl", s_prctl },
};

int main(int argc, char **argv)
{
	struct utsname u;
	unsigned int i;

	uname(&u);
	sscanf(u.release, "%d.%d", &kmaj, &kmin);
	if (argc > 1 && !strcmp(argv[1], "--list")) {	/* for t_hook.sh */
		for (i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++)
			printf("%s\n", scenarios[i].name);
		return 0;
	}
	for (i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++) {
		if (argc > 1 && strcmp(argv[1], scenarios[i].name))
			continue;
		vmmt_filter_self();
		scenarios[i].fn();
		return vmmt_done();
	}
	vmmt_say("not ok - no scenario '%s'\n", argc > 1 ? argv[1] : "");
	return 1;
}
