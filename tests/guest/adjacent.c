// SPDX-License-Identifier: GPL-2.0
/*
 * adjacent: map, mprotect and mremap anonymous ranges next to each other at
 * fixed addresses and check that merge.attempts and the result counters
 * move exactly as /proc/self/maps (the kernel's own view) says they should.
 */
#include "vmmt.h"

#define BASE 0x200000000000UL

static const char *const results[] = { "none", "prev", "next", "both" };

/* What /proc/self/maps says happened to [addr, addr+len). */
static int truth(unsigned long addr, unsigned long len)
{
	unsigned long s, e;

	if (!vmmt_vma_at(addr, &s, &e))
		return -1;
	return (s < addr) | (e > addr + len) << 1;
}

static void check_attempt(const char *what, struct vmmt_stats *a,
			  struct vmmt_stats *b, int got, const char *expect,
			  const char *caller)
{
	char name[64];
	long long sum = 0;
	int i;

	CHECK(got >= 0 && !strcmp(results[got], expect),
	      "%s: kernel merged %s (expected %s, per /proc/self/maps)",
	      what, got >= 0 ? results[got] : "?", expect);
	CHECK(vmmt_delta(a, b, "merge.attempts") == 1,
	      "%s: merge.attempts +%lld (expected +1)", what,
	      vmmt_delta(a, b, "merge.attempts"));
	for (i = 0; i < 4; i++) {
		snprintf(name, sizeof(name), "merge.result.%s", results[i]);
		sum += vmmt_delta(a, b, name);
	}
	sum += vmmt_delta(a, b, "merge.result.error");
	CHECK(sum == 1, "%s: results moved by %lld in all (expected 1)", what, sum);
	if (got >= 0) {
		snprintf(name, sizeof(name), "merge.result.%s", results[got]);
		CHECK(vmmt_delta(a, b, name) == 1, "%s: %s +%lld, as the kernel did",
		      what, name, vmmt_delta(a, b, name));
	}
	snprintf(name, sizeof(name), "merge.caller.%s", caller);
	CHECK(vmmt_delta(a, b, name) == 1, "%s: %s +1", what, name);
}

static void map_step(const char *what, unsigned long off, unsigned long pages,
		     int prot, const char *expect)
{
	struct vmmt_stats a, b;
	unsigned long addr = BASE + off * PG, len = pages * PG;

	vmmt_stats_read(&a);
	vmmt_map(addr, len, prot);
	vmmt_stats_read(&b);
	check_attempt(what, &a, &b, truth(addr, len), expect, "mmap");
}

static void mprotect_step(const char *what, unsigned long off,
			  unsigned long pages, int prot, const char *expect)
{
	struct vmmt_stats a, b;
	unsigned long addr = BASE + off * PG, len = pages * PG;

	vmmt_stats_read(&a);
	if (mprotect((void *)addr, len, prot))
		CHECK(0, "%s: mprotect: %s", what, strerror(errno));
	vmmt_stats_read(&b);
	check_attempt(what, &a, &b, truth(addr, len), expect, "mprotect");
}

static void mremap_step(const char *what, unsigned long from, unsigned long to,
			unsigned long pages, int fault)
{
	struct vmmt_stats a, b;
	unsigned long src = BASE + from * PG, dst = BASE + to * PG;
	unsigned long len = pages * PG;
	int got, merged;
	void *p;

	if (fault)
		memset((void *)src, 1, len);
	vmmt_stats_read(&a);
	p = mremap((void *)src, len, len, MREMAP_MAYMOVE | MREMAP_FIXED,
		   (void *)dst);
	vmmt_stats_read(&b);
	CHECK(p == (void *)dst, "%s: mremap", what);
	got = truth(dst, len);
	merged = got > 0;
	check_attempt(what, &a, &b, got, fault ? "none" : "prev", "mremap");
	CHECK(vmmt_delta(&a, &b, "copy_vma.calls") == 1, "%s: copy_vma.calls +1", what);
	CHECK(vmmt_delta(&a, &b, merged ? "copy_vma.merged" : "copy_vma.new") == 1,
	      "%s: copy_vma.%s +1, as /proc/self/maps says", what,
	      merged ? "merged" : "new");
	CHECK(vmmt_delta(&a, &b, fault ? "copy_vma.anon_faulted" :
			 "copy_vma.anon_unfaulted") == 1,
	      "%s: copy_vma.anon_%s +1", what, fault ? "faulted" : "unfaulted");
	CHECK(vmmt_delta(&a, &b, fault ? "copy_vma.pgoff_kept" :
			 "copy_vma.pgoff_updated") == 1,
	      "%s: copy_vma.pgoff_%s +1", what, fault ? "kept" : "updated");
}

int main(void)
{
	struct vmmt_stats a, b;
	const int rw = PROT_READ | PROT_WRITE;

	vmmt_filter_self();
	map_step("mmap into empty space", 0, 2, rw, "none");
	map_step("mmap after prev", 2, 2, rw, "prev");
	map_step("mmap with a gap", 6, 2, rw, "none");
	map_step("mmap before next", 5, 1, rw, "next");
	map_step("mmap filling the hole", 4, 1, rw, "both");
	map_step("mmap with other protections", 8, 1, PROT_READ, "none");
	CHECK(vmmt_vmas_in(BASE, BASE + 9 * PG) == 2,
	      "/proc/self/maps shows 2 VMAs in the area");

	mprotect_step("mprotect of a middle part", 1, 2, PROT_READ, "none");
	mprotect_step("mprotect of it back", 1, 2, rw, "both");

	vmmt_stats_read(&a);
	munmap((void *)BASE, 9 * PG);
	vmmt_stats_read(&b);
	CHECK(vmmt_delta(&a, &b, "merge.attempts") == 0, "munmap: no attempt");

	vmmt_map(BASE, 2 * PG, rw);
	vmmt_map(BASE + 10 * PG, 2 * PG, rw);
	mremap_step("mremap unfaulted next to prev", 10, 2, 2, 0);
	vmmt_map(BASE + 10 * PG, 2 * PG, rw);
	mremap_step("mremap faulted after a gap-free prev", 10, 4, 2, 1);
	CHECK(vmmt_vmas_in(BASE, BASE + 6 * PG) == 2,
	      "/proc/self/maps: the faulted copy stayed its own VMA");

	vmmt_stats_read(&b);
	CHECK(vmmt_stat(&b, "merge.attempts") ==
	      vmmt_stat(&b, "merge.result.none") + vmmt_stat(&b, "merge.result.prev") +
	      vmmt_stat(&b, "merge.result.next") + vmmt_stat(&b, "merge.result.both") +
	      vmmt_stat(&b, "merge.result.error"),
	      "merge.attempts equals the sum of merge.result.*");
	return vmmt_done();
}
