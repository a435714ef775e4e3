// SPDX-License-Identifier: GPL-2.0
/*
 * fragment [shapes | big NVMAS]: the audit file against fragmentation made
 * on purpose, then acted on.
 *
 * shapes (default): the process names itself the target, reads `audit`
 * (the baseline), then builds, each in an area of its own with unmapped
 * pages around it:
 *   - G: 64 blocks of 4 faulted rw pages whose last page is a guard
 *     (PROT_NONE): 128 VMAs, 127 pairs kept apart by flags alone;
 *   - 8 x P: two faulted pages, the first moved with mremap to just after
 *     the second: same anon_vma, pgoff not contiguous: pgoff alone, a
 *     pgoff_only pair each;
 *   - S: two faulted pages with anon_vmas of their own (the upper one
 *     faulted alone and moved into place), the upper one's forked to a
 *     child that writes to it: anon_vma alone, anon_vma_shared;
 *   - 4 x U: the same without the fork, after it: anon_vma_unshared;
 * and checks that the audit's counts moved by exactly that (its own
 * expectations, from the rules in doc/INTERFACE.md, not from the module):
 * 154 more VMAs and pairs, 14 more not_adjacent (one per area), 127 flags,
 * 8 pgoff, 5 anon_vma, no ok, and the worst region is G.  Then it acts on
 * the verdicts: S's pages still do not merge while the child lives (an
 * mprotect there and back), and once the child is gone the pair counts
 * as anon_vma_unshared; G's guards made rw again merge G into one VMA
 * (/proc/self/maps) and the flags pairs are gone from the audit.  Last, an
 * `ok` pair (ok_pair(): a userfaultfd's state cleared in a fork child, on
 * every kernel) merges once the kernel is made to try.
 *
 * big NVMAS: NVMAS one-page VMAs of alternating protections (as topoids);
 * the audit, read as a stream, counts them all in chunks of at most 64
 * VMAs per mmap_lock hold, and its output stays small (the walk keeps
 * counters, not the map).  The longest hold is printed with `status`'s
 * audit_max_lock_hold_ns.  The processes file and the metrics name this
 * process first.
 */
#include "vmmt.h"
#include <signal.h>
#include <sys/wait.h>

#define AREA(i) (0x500000000000UL + (unsigned long)(i) * 0x100000UL)
#define NREASONS 11

static const char *const reasons[NREASONS] = {
	"not_adjacent", "special", "flags", "file", "close", "uffd",
	"anon_name", "policy", "pgoff", "anon_vma", "anon_vma_chain",
};

struct audit {
	long pairs[NREASONS], alone[NREASONS];
	long ok, pgoff_only, unshared, shared;
	long vmas, npairs, adjacent, map_count, max_map_count, chunks, hold;
	long len;
	char region0[4096];
};

static long field(const char *line, const char *key)
{
	const char *p = strstr(line, key);

	return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

static void parse_line(struct audit *a, const char *l)
{
	int i;

	if (!strncmp(l, "reason ", 7)) {
		for (i = 0; i < NREASONS; i++)
			if (!strncmp(l + 7, reasons[i], strlen(reasons[i])) &&
			    l[7 + strlen(reasons[i])] == ' ') {
				a->pairs[i] = field(l, " pairs ");
				a->alone[i] = field(l, " alone ");
			}
	} else if (!strncmp(l, "recoverable ", 12)) {
		a->ok = field(l, " ok ");
		a->pgoff_only = field(l, " pgoff_only ");
		a->unshared = field(l, " anon_vma_unshared ");
		a->shared = field(l, " anon_vma_shared ");
	} else if (!strncmp(l, "vmas ", 5)) {
		a->vmas = field(l, "vmas ");
		a->npairs = field(l, " pairs ");
		a->adjacent = field(l, " adjacent_pairs ");
	} else if (!strncmp(l, "map_count ", 10)) {
		a->map_count = field(l, "map_count ");
		a->max_map_count = field(l, " max_map_count ");
	} else if (!strncmp(l, "walk ", 5)) {
		a->chunks = field(l, " chunks ");
		a->hold = field(l, " max_lock_hold_ns ");
	} else if (!strncmp(l, "region ", 7) && !a->region0[0]) {
		strcpy(a->region0, l);	/* l is shorter than part[] */
	}
}

static void parse_cb(const char *l, void *a)
{
	parse_line(a, l);
}

/* Read and parse `audit`, streaming. */
static int audit_read(struct audit *a)
{
	long r;

	memset(a, 0, sizeof(*a));
	r = vmmt_each_line(VMMT_DEBUGFS "audit", parse_cb, a);
	a->len = r;
	return r < 0 ? (int)r : 0;
}

static void touch(unsigned long addr, unsigned long len)
{
	unsigned long p;

	for (p = addr; p < addr + len; p += PG)
		*(volatile char *)p = 1;
}

static void *map_at(unsigned long addr, unsigned long len, int prot)
{
	return vmmt_map(addr, len, prot);
}

/* mremap one page from @from to @to, which must be free. */
static void move(unsigned long from, unsigned long to)
{
	if (mremap((void *)from, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED,
		   (void *)to) != (void *)to)
		CHECK(0, "mremap %#lx -> %#lx: %s", from, to, strerror(errno));
}

static long status_value(const char *key)
{
	char *p;

	if (vmmt_read(VMMT_DEBUGFS "status") < 0)
		return -1;
	p = strstr(vmmt_buf, key);
	return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

static int set_target_self(void)
{
	char s[32];

	snprintf(s, sizeof(s), "%d", getpid());
	return vmmt_param_write("target", s);
}

#define D(f) (after.f - before.f)

/*
 * K: an `ok` pair, two VMAs the kernel would merge but never tried to, on
 * every kernel: the second of two unfaulted pages is registered with a
 * userfaultfd (VM_UFFD_MISSING and the context split it off); a fork
 * child of a userfaultfd without UFFD_FEATURE_EVENT_FORK gets both VMAs
 * with the userfaultfd state cleared (dup_userfaultfd(), no merge
 * attempt), so in the child they are equal and apart.  The child audits
 * itself; acting on the verdict, an mprotect there and back makes the
 * kernel try, and they merge.  Return: the child's failures.
 */
static int ok_pair_child(unsigned long k)
{
	struct audit before, after;

	vmmt_failed = 0;
	CHECK(!set_target_self(), "fork child: target set to the child");
	CHECK(vmmt_vmas_in(k, k + 2 * PG) == 2,
	      "K in the child: 2 VMAs, userfaultfd cleared without a merge attempt");
	CHECK(!audit_read(&before) && before.ok >= 1,
	      "K in the child: the audit finds the ok pair (%ld ok)", before.ok);
	mprotect((void *)k, 2 * PG, PROT_READ);
	mprotect((void *)k, 2 * PG, PROT_READ | PROT_WRITE);
	CHECK(vmmt_vmas_in(k, k + 2 * PG) == 1,
	      "ok pair: merged after an mprotect there and back");
	CHECK(!audit_read(&after) && D(ok) == -1 && D(vmas) == -1,
	      "the audit has one ok pair (%ld) and one VMA (%ld) less",
	      D(ok), D(vmas));
	return vmmt_failed;
}

static void ok_pair(void)
{
	unsigned long k = AREA(50);
	int fd, st;
	pid_t c;

	map_at(k, 2 * PG, PROT_READ | PROT_WRITE);
	fd = vmmt_uffd_on(k + PG, PG);
	if (fd < 0) {
		CHECK(0, "userfaultfd register %#lx: %s", k + PG, strerror(errno));
		return;
	}
	CHECK(vmmt_vmas_in(k, k + 2 * PG) == 2, "K: 2 VMAs, a userfaultfd apart");
	c = fork();
	if (c == 0)
		_exit(ok_pair_child(k));
	CHECK(c > 0 && waitpid(c, &st, 0) == c && WIFEXITED(st) && !WEXITSTATUS(st),
	      "ok pair: the fork child's checks passed");
	CHECK(vmmt_vmas_in(k, k + 2 * PG) == 2,
	      "K in the parent: still 2 VMAs (its userfaultfd lives)");
	close(fd);
	set_target_self();
}

static int shapes(void)
{
	struct audit before, after;
	unsigned long g = AREA(0), s = AREA(20), a;
	int i, pfd[2], exp[NREASONS] = { 0 };
	char c, want[256];
	pid_t child;

	CHECK(!set_target_self(), "target set to this process");
	CHECK(!audit_read(&before), "audit read (baseline): %ld VMAs", before.vmas);
	CHECK(before.npairs == before.vmas - 1,
	      "baseline: pairs %ld = VMAs %ld - 1", before.npairs, before.vmas);

	/* G: 64 x (3 rw pages + a guard page), faulted first. */
	map_at(g, 256 * PG, PROT_READ | PROT_WRITE);
	touch(g, 256 * PG);
	for (i = 0; i < 64; i++)
		mprotect((void *)(g + (4 * i + 3) * PG), PG, PROT_NONE);
	CHECK(vmmt_vmas_in(g, g + 256 * PG) == 128, "G: 128 VMAs");

	/* P: [a, a+2) faulted; its first page moved to a+2. */
	for (i = 0; i < 8; i++) {
		a = AREA(2 + i);
		map_at(a, 2 * PG, PROT_READ | PROT_WRITE);
		touch(a, 2 * PG);
		move(a, a + 2 * PG);
	}
	CHECK(vmmt_vmas_in(AREA(2), AREA(10)) == 16, "P: 16 VMAs");

	/*
	 * S, then U.  A page faulted next to a compatible faulted neighbour
	 * would reuse its anon_vma (find_mergeable_anon_vma()), so the upper
	 * page is faulted alone, moved away, and moved back (its pgoff is
	 * kept) once the lower one is faulted: two anon_vmas, pgoff
	 * contiguous.  S's upper anon_vma gets a fork child in between; U is
	 * built after the fork, so its anon_vmas have none.
	 */
	map_at(s + PG, PG, PROT_READ | PROT_WRITE);
	touch(s + PG, PG);
	move(s + PG, AREA(40));
	map_at(s, PG, PROT_READ | PROT_WRITE);
	touch(s, PG);
	if (pipe(pfd))
		return 1;
	child = fork();
	if (!child) {
		touch(AREA(40), PG);
		c = 0;
		if (write(pfd[1], &c, 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	if (child < 0 || read(pfd[0], &c, 1) != 1)
		return 1;
	move(AREA(40), s + PG);
	CHECK(vmmt_vmas_in(s, s + 2 * PG) == 2, "S: 2 VMAs");
	for (i = 0; i < 4; i++) {
		a = AREA(12 + i);
		map_at(a + PG, PG, PROT_READ | PROT_WRITE);
		touch(a + PG, PG);
		move(a + PG, AREA(30 + i));
		map_at(a, PG, PROT_READ | PROT_WRITE);
		touch(a, PG);
		move(AREA(30 + i), a + PG);
	}
	CHECK(vmmt_vmas_in(AREA(12), AREA(16)) == 8, "U: 8 VMAs");

	CHECK(!audit_read(&after), "audit read: %ld VMAs", after.vmas);
	CHECK(D(vmas) == 154 && D(npairs) == 154,
	      "154 more VMAs (%ld) and pairs (%ld)", D(vmas), D(npairs));
	exp[0] = 14;
	exp[2] = 127;
	exp[8] = 8;
	exp[9] = 5;
	for (i = 0; i < NREASONS; i++)
		CHECK(D(pairs[i]) == exp[i] && D(alone[i]) == exp[i],
		      "reason %s: %d more pairs (%ld), alone (%ld)", reasons[i],
		      exp[i], D(pairs[i]), D(alone[i]));
	CHECK(D(adjacent) == 140, "140 more adjacent pairs (%ld)", D(adjacent));
	CHECK(D(ok) == 0, "no ok pair made (%ld)", D(ok));
	CHECK(D(pgoff_only) == 8, "8 more pgoff_only (%ld)", D(pgoff_only));
	CHECK(D(unshared) == 4, "4 more anon_vma_unshared (%ld)", D(unshared));
	CHECK(D(shared) == 1, "1 more anon_vma_shared (%ld)", D(shared));
	CHECK(after.map_count == vmmt_vmas_in(0, 0xffffffffff600000UL),
	      "map_count %ld is /proc/self/maps' count", after.map_count);
	snprintf(want, sizeof(want),
		 "region %lx-%lx vmas 128 reason flags 127 perms rw-p:64,---p:64 anon",
		 g, g + 256 * PG);
	CHECK(!strcmp(after.region0, want), "worst region is G: '%s'",
	      after.region0);

	/* S: no merge while the child lives, whatever the protections do. */
	mprotect((void *)s, 2 * PG, PROT_READ);
	mprotect((void *)s, 2 * PG, PROT_READ | PROT_WRITE);
	CHECK(vmmt_vmas_in(s, s + 2 * PG) == 2,
	      "anon_vma_shared pair: still 2 VMAs after mprotect there and back");
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	CHECK(!audit_read(&after), "audit read after the child exited");
	CHECK(D(shared) == 0 && D(unshared) == 5,
	      "child gone: the pair is anon_vma_unshared (shared %ld, unshared %ld)",
	      D(shared), D(unshared));

	/* G: the guards made rw again merge the whole area. */
	for (i = 0; i < 64; i++)
		mprotect((void *)(g + (4 * i + 3) * PG), PG,
			 PROT_READ | PROT_WRITE);
	CHECK(vmmt_vmas_in(g, g + 256 * PG) == 1,
	      "flags pairs: flags made equal, G is one VMA");
	CHECK(!audit_read(&after), "audit read after G merged");
	CHECK(D(pairs[2]) == 0 && D(vmas) == 27,
	      "flags pairs gone (%ld more), 27 more VMAs than the baseline (%ld)",
	      D(pairs[2]), D(vmas));
	ok_pair();
	vmmt_param_write("target", "0");
	return vmmt_done();
}

static int big(long n)
{
	struct audit a;
	char s[64], want[256];
	long i, hold, maps, len;
	long long t0, t1, t2;

	snprintf(s, sizeof(s), "%ld", n + 1000);
	if (vmmt_write("/proc/sys/vm/max_map_count", s, strlen(s)))
		return 1;
	if (mmap((void *)AREA(0), n * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
		 MAP_FIXED_NOREPLACE | MAP_NORESERVE, -1, 0) != (void *)AREA(0))
		return 1;
	for (i = 1; i < n; i += 2)
		if (mprotect((void *)(AREA(0) + i * PG), PG, PROT_NONE))
			return 1;
	CHECK(!vmmt_param_write("reset", "1"), "reset");
	CHECK(!set_target_self(), "target set to this process");
	t0 = vmmt_now_ns();
	CHECK(!audit_read(&a), "audit read, %ld bytes", a.len);
	t1 = vmmt_now_ns();
	maps = vmmt_read("/proc/self/maps");
	t2 = vmmt_now_ns();
	CHECK(a.vmas >= n && a.vmas == a.map_count,
	      "every VMA counted: %ld (map_count %ld)", a.vmas, a.map_count);
	CHECK(a.pairs[2] >= n - 1, "%ld flags pairs (>= %ld)", a.pairs[2], n - 1);
	CHECK(a.chunks >= (a.vmas + 63) / 64,
	      "mmap_lock held for 64 VMAs at most: %ld chunks for %ld VMAs",
	      a.chunks, a.vmas);
	CHECK(a.len < 8192, "output of fixed size, not the map: %ld bytes", a.len);
	snprintf(want, sizeof(want), "region %lx-%lx vmas %ld reason flags %ld perms ",
		 AREA(0), AREA(0) + n * PG, n, n - 1);
	CHECK(!strncmp(a.region0, want, strlen(want)),
	      "worst region is the area: '%s'", a.region0);
	hold = status_value("audit_max_lock_hold_ns: ");
	CHECK(hold > 0 && hold >= a.hold,
	      "status audit_max_lock_hold_ns %ld (this read %ld)", hold, a.hold);
	vmmt_say("# audit of %ld VMAs: %ld ms (/proc/self/maps, %ld bytes: %ld ms), longest mmap_lock hold %ld us\n",
		 a.vmas, (long)((t1 - t0) / 1000000), maps, (long)((t2 - t1) / 1000000), a.hold / 1000);
	vmmt_param_write("target", "0");

	/* processes and metrics: this process first. */
	CHECK(vmmt_read(VMMT_DEBUGFS "processes") > 0, "processes read");
	snprintf(s, sizeof(s), "\nprocess %d map_count %ld ", getpid(), a.map_count);
	CHECK(strstr(vmmt_buf, s) && strstr(vmmt_buf, "\nprocess ") == strstr(vmmt_buf, s),
	      "processes: this process first with its map_count");
	len = vmmt_read(VMMT_DEBUGFS "metrics");
	CHECK(len > 0, "metrics read");
	/* For check_audit.py: the alert rule on these, the limit as it is. */
	vmmt_say("VMMT-FILE audit metrics-near-limit\n");
	if (len > 0 && write(1, vmmt_buf, len) != len)
		CHECK(0, "metrics printed");
	vmmt_say("VMMT-EOF\n");
	snprintf(s, sizeof(s), "vmamerge_process_vmas{tgid=\"%d\",", getpid());
	CHECK(strstr(vmmt_buf, s) != NULL, "metrics: %s...", s);
	snprintf(s, sizeof(s), "\nvmamerge_map_count_limit %ld\n", n + 1000);
	CHECK(strstr(vmmt_buf, s) != NULL, "metrics: vmamerge_map_count_limit %ld", n + 1000);
	return vmmt_done();
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "big"))
		return big(argc > 2 ? atol(argv[2]) : 200000);
	return shapes();
}
