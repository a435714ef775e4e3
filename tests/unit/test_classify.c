// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of module/classify.c: every reason and their order, the
 * both-sides cases, the rules that differ between kernel generations, and
 * every counterfactual.  The expectations come from the kernels' merge code
 * (mm/mmap.c's vma_merge() on 5.10 and 6.1, mm/vma.c on 6.12 and 7.2),
 * not from the classifier.
 */
#include "unit.h"
#include <string.h>
#include "classify.h"


#define SPECIAL 0x1000UL	/* stands for VM_SPECIAL */
#define SOFTDIRTY 0x8000UL
#define RW 0x3UL

/*
 * The rules per entry point come from the module's own vmm_rules_of(): the
 * expectations below check that they are the kernels' rules.
 */
static struct vmm_rules old_rules, v612, v72, v61mmap;

static void rules_init(void)
{
	old_rules = vmm_rules_of(VMM_ENTRY_VMA_MERGE, SPECIAL, SOFTDIRTY,
				 VMM_ANON_FORK_CHILD);		/* 5.10 vma_merge */
	v612 = vmm_rules_of(VMM_ENTRY_VMG, SPECIAL, SOFTDIRTY,
			    VMM_ANON_SINGULAR);			/* 6.12 vmg */
	v72 = vmm_rules_of(VMM_ENTRY_VMG, SPECIAL, SOFTDIRTY,
			   VMM_ANON_FORK_CHILD);		/* 7.2 vmg */
	v61mmap = vmm_rules_of(VMM_ENTRY_MMAP, SPECIAL, SOFTDIRTY,
			       VMM_ANON_FORK_CHILD);		/* 6.1 mmap_region */
}

/* The range [0x10000, 0x12000), pgoff 0x10, anonymous, unfaulted. */
static struct vmm_range_snap range(void)
{
	struct vmm_range_snap r = {
		.start = 0x10000, .end = 0x12000, .pgoff = 0x10, .flags = RW,
	};
	return r;
}

/* A mergeable prev [0xe000, 0x10000) and next [0x12000, 0x14000). */
static struct vmm_vma_snap prev_of(void)
{
	struct vmm_vma_snap p = {
		.present = true, .start = 0xe000, .end = 0x10000, .pgoff = 0xe,
		.flags = RW,
	};
	return p;
}

static struct vmm_vma_snap next_of(void)
{
	struct vmm_vma_snap n = {
		.present = true, .start = 0x12000, .end = 0x14000, .pgoff = 0x12,
		.flags = RW,
	};
	return n;
}

static struct vmm_verdict run(const struct vmm_rules *rules,
			      const struct vmm_range_snap *r,
			      const struct vmm_vma_snap *p,
			      const struct vmm_vma_snap *n)
{
	struct vmm_verdict v;

	memset(&v, 0xaa, sizeof(v));
	vmm_classify(rules, r, p, n, &v);
	vmm_verdict_missed(r, p, n, v.predicted, &v);
	return v;
}

static void test_basic_results(void)
{
	struct vmm_range_snap r = range();
	struct vmm_vma_snap p = prev_of(), n = next_of(), none = { 0 };
	struct vmm_verdict v;

	v = run(&old_rules, &r, &p, &n);
	T(v.predicted == VMM_RESULT_both && v.reason[VMM_PREV] == VMM_REASON_ok &&
	  v.reason[VMM_NEXT] == VMM_REASON_ok && !v.both_conflict && !v.missed,
	  "fill a hole: both");
	v = run(&old_rules, &r, &p, &none);
	T(v.predicted == VMM_RESULT_prev && v.reason[VMM_NEXT] == VMM_REASON_absent,
	  "prev only, next absent");
	v = run(&old_rules, &r, &none, &n);
	T(v.predicted == VMM_RESULT_next && v.reason[VMM_PREV] == VMM_REASON_absent,
	  "next only, prev absent");
	v = run(&old_rules, &r, &none, &none);
	T(v.predicted == VMM_RESULT_none, "nothing around: none");
	p.end = 0xf000;
	n.start = 0x13000;
	v = run(&old_rules, &r, &p, &n);
	T(v.predicted == VMM_RESULT_none &&
	  v.reason[VMM_PREV] == VMM_REASON_not_adjacent &&
	  v.reason[VMM_NEXT] == VMM_REASON_not_adjacent, "gaps: not_adjacent");
}

/* One blocker at a time on prev: each gives its own reason. */
static void test_each_reason(void)
{
	struct vmm_range_snap r;
	struct vmm_vma_snap p, n = next_of();
	struct vmm_verdict v;

#define ONE(setup, rules, want)						\
	do {								\
		r = range();						\
		p = prev_of();						\
		setup;							\
		n.anon_vma = r.anon_vma; /* next always fits */	\
		n.chain_singular = true;				\
		v = run(rules, &r, &p, &n);				\
		T(v.reason[VMM_PREV] == (want) &&			\
		  v.predicted == VMM_RESULT_next, #want ": " #setup);	\
	} while (0)

	ONE(p.flags |= SPECIAL, &old_rules, VMM_REASON_special);
	ONE(p.flags = 0x1, &old_rules, VMM_REASON_flags);
	ONE(p.file = 0xf11e, &old_rules, VMM_REASON_file);
	ONE(p.has_close = true, &old_rules, VMM_REASON_close);
	ONE(p.uffd = 0xff, &old_rules, VMM_REASON_uffd);
	ONE(p.anon_name = 0xa, &old_rules, VMM_REASON_anon_name);
	ONE(p.policy_differs = true, &old_rules, VMM_REASON_policy);
	ONE(p.pgoff = 0x40, &old_rules, VMM_REASON_pgoff);
	ONE((p.anon_vma = 0xa1, r.anon_vma = 0xa2), &old_rules,
	    VMM_REASON_anon_vma);
	/* <= 6.12: faulted range next to unfaulted prev (empty chain) */
	ONE(r.anon_vma = 0xa2, &old_rules, VMM_REASON_anon_vma_chain);
	/* unfaulted range next to a forked prev (chain not singular) */
	ONE(p.anon_vma = 0xa1, &old_rules, VMM_REASON_anon_vma_chain);
#undef ONE

	/* SOFTDIRTY is ignored, as the kernel does. */
	r = range();
	p = prev_of();
	p.flags |= SOFTDIRTY;
	v = run(&old_rules, &r, &p, &n);
	T(v.reason[VMM_PREV] == VMM_REASON_ok, "softdirty ignored");
	/* A faulted, unforked prev takes an unfaulted range. */
	p = prev_of();
	p.anon_vma = 0xa1;
	p.chain_singular = true;
	v = run(&old_rules, &r, &p, &n);
	T(v.reason[VMM_PREV] == VMM_REASON_ok, "unfaulted into faulted: ok");
	/* Same anon_vma on both: ok. */
	r.anon_vma = 0xa1;
	v = run(&old_rules, &r, &p, &n);
	T(v.reason[VMM_PREV] == VMM_REASON_ok, "same anon_vma: ok");
}

static void test_order(void)
{
	struct vmm_range_snap r = range();
	struct vmm_vma_snap p = prev_of(), n = next_of();
	struct vmm_verdict v;

	p.flags = 0x1 | SPECIAL;
	p.file = 1;
	p.has_close = true;
	p.uffd = 1;
	p.policy_differs = true;
	p.pgoff = 0x99;
	p.anon_vma = 0xa1;
	r.anon_vma = 0xa2;
	v = run(&old_rules, &r, &p, &n);
	T(v.reason[VMM_PREV] == VMM_REASON_special, "special first");
	p.flags = 0x1;
	v = run(&old_rules, &r, &p, &n);
	T(v.reason[VMM_PREV] == VMM_REASON_flags, "then flags");
	p.flags = RW;
	v = run(&old_rules, &r, &p, &n);
	T(v.reason[VMM_PREV] == VMM_REASON_file, "then file");
	p.file = 0;
	v = run(&old_rules, &r, &p, &n);
	T(v.reason[VMM_PREV] == VMM_REASON_close, "then close");
	p.has_close = false;
	v = run(&old_rules, &r, &p, &n);
	T(v.reason[VMM_PREV] == VMM_REASON_uffd, "then uffd");
	p.uffd = 0;
	v = run(&old_rules, &r, &p, &n);
	T(v.reason[VMM_PREV] == VMM_REASON_policy, "then policy");
	p.policy_differs = false;
	v = run(&old_rules, &r, &p, &n);
	T(v.reason[VMM_PREV] == VMM_REASON_pgoff, "then pgoff");
	T(v.blockers[VMM_PREV] == ((1U << VMM_REASON_pgoff) |
				   (1U << VMM_REASON_anon_vma)),
	  "blockers keep every reason");
	p.pgoff = 0xe;
	v = run(&old_rules, &r, &p, &n);
	T(v.reason[VMM_PREV] == VMM_REASON_anon_vma, "then anon_vma");
	/* absent and not_adjacent stand alone */
	p.end = 0xf000;
	v = run(&old_rules, &r, &p, &n);
	T(v.reason[VMM_PREV] == VMM_REASON_not_adjacent &&
	  v.blockers[VMM_PREV] == 1U << VMM_REASON_not_adjacent,
	  "not_adjacent hides the rest");
}

static void test_both(void)
{
	struct vmm_range_snap r = range();
	struct vmm_vma_snap p = prev_of(), n = next_of();
	struct vmm_verdict v;

	/* Two faulted neighbours with their own anon_vmas, hole filled. */
	p.anon_vma = 0xa1;
	p.chain_singular = true;
	n.anon_vma = 0xa2;
	n.chain_singular = true;
	v = run(&old_rules, &r, &p, &n);
	T(v.predicted == VMM_RESULT_prev && v.both_conflict &&
	  v.reason[VMM_PREV] == VMM_REASON_ok && v.reason[VMM_NEXT] == VMM_REASON_ok,
	  "anon_vma conflict: prev wins (5.10, 6.12, 7.2)");
	v = run(&v61mmap, &r, &p, &n);
	T(v.predicted == VMM_RESULT_next && v.both_conflict,
	  "anon_vma conflict: next wins on 6.1 mmap");
	v = run(&v72, &r, &p, &n);
	T(v.predicted == VMM_RESULT_prev && v.both_conflict, "7.2: prev wins");
	/* One of them unfaulted: both merge. */
	n.anon_vma = 0;
	v = run(&old_rules, &r, &p, &n);
	T(v.predicted == VMM_RESULT_both && !v.both_conflict, "one unfaulted: both");
	/* 6.1 mmap: next faulted, prev unfaulted: prev must fit next's. */
	p = prev_of();
	n = next_of();
	n.anon_vma = 0xa2;
	n.chain_singular = true;
	v = run(&v61mmap, &r, &p, &n);
	T(v.predicted == VMM_RESULT_next && v.both_conflict,
	  "6.1 mmap: unfaulted prev cannot take next's anon_vma");
	v = run(&v612, &r, &p, &n);
	T(v.predicted == VMM_RESULT_both, "6.12: all three merge");
}

static void test_close(void)
{
	struct vmm_range_snap r = range();
	struct vmm_vma_snap p = prev_of(), n = next_of();
	struct vmm_verdict v;

	n.has_close = true;
	v = run(&old_rules, &r, &p, &n);
	T(v.predicted == VMM_RESULT_prev && v.reason[VMM_NEXT] == VMM_REASON_close,
	  "<= 6.1: close on next refuses next");
	v = run(&v612, &r, &p, &n);
	T(v.predicted == VMM_RESULT_prev && v.reason[VMM_NEXT] == VMM_REASON_close,
	  "6.12: both would remove next with close: prev only");
	p = prev_of();
	v = run(&v612, &r, (p.present = false, &p), &n);
	T(v.predicted == VMM_RESULT_next, "6.12: next with close can grow");
	/* Existing range, whole VMA, VMA has close: no merge at all. */
	p = prev_of();
	n = next_of();
	r.existing = true;
	r.full_span = true;
	r.middle_close = true;
	v = run(&v612, &r, &p, &n);
	T(v.predicted == VMM_RESULT_none && v.reason[VMM_PREV] == VMM_REASON_close &&
	  v.reason[VMM_NEXT] == VMM_REASON_close, "6.12: cannot remove middle");
	v = run(&old_rules, &r, &p, &n);
	T(v.predicted == VMM_RESULT_both, "<= 6.1: middle's close not checked");
}

/*
 * A split inside one VMA: the probe passes its one remainder snapshot as
 * both sides (vmm_attempt_judge()), and the classifier judges it once.
 * The verdict must be the one two copies of that snapshot get, whatever
 * the remainder differs by, on every generation's rules.
 */
static void test_split_once(void)
{
	const struct vmm_rules *rules[] = { &old_rules, &v61mmap, &v612, &v72 };
	struct vmm_range_snap r = range();
	struct vmm_vma_snap p = prev_of(), q;
	struct vmm_verdict once, twice;
	unsigned int i, k, bad = 0;

	r.existing = true;
	p.remainder = true;
	p.start = 0xc000;
	p.end = 0x16000;
	for (k = 0; k < 64; k++) {
		p.flags = k & 1 ? 0x1 : RW;
		p.file = k & 2 ? 0xf1 : 0;
		p.uffd = k & 4 ? 0x77 : 0;
		p.policy_differs = k & 8;
		p.anon_vma = k & 16 ? 0xa1 : 0;
		r.anon_vma = k & 32 ? 0xa2 : 0;
		q = p;
		for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
			once = run(rules[i], &r, &p, &p);
			twice = run(rules[i], &r, &p, &q);
			bad += memcmp(&once, &twice, sizeof(once)) != 0;
		}
	}
	T(!bad, "split: one remainder judged once as both sides, as two copies are");
}

static void test_remainder(void)
{
	struct vmm_range_snap r = range();
	struct vmm_vma_snap p = prev_of(), n = next_of();
	struct vmm_verdict v;

	/* mprotect of a middle part: both sides are the split VMA. */
	r.existing = true;
	p.remainder = true;
	p.start = 0xc000;
	p.flags = 0x1;		/* the old protections */
	n.remainder = true;
	n.start = 0x12000;
	n.end = 0x16000;
	n.flags = 0x1;
	v = run(&v612, &r, &p, &n);
	T(v.predicted == VMM_RESULT_none && v.reason[VMM_PREV] == VMM_REASON_flags &&
	  v.reason[VMM_NEXT] == VMM_REASON_flags && !v.missed,
	  "remainders: judged by the attribute that split them");
	p.flags = RW;
	n.flags = RW;
	n.policy_differs = true;
	v = run(&v612, &r, &p, &n);
	T(v.reason[VMM_PREV] == VMM_REASON_not_adjacent &&
	  v.reason[VMM_NEXT] == VMM_REASON_policy, "mbind: policy; no diff: same VMA");
	test_split_once();
}

static void test_generations(void)
{
	struct vmm_range_snap r = range();
	struct vmm_vma_snap p = prev_of(), n = next_of();
	struct vmm_verdict v;

	/* mlock/munlock: faulted middle between unfaulted neighbours. */
	r.anon_vma = 0xa1;
	r.existing = true;
	r.full_span = true;
	v = run(&v612, &r, &p, &n);
	T(v.predicted == VMM_RESULT_none &&
	  v.reason[VMM_PREV] == VMM_REASON_anon_vma_chain &&
	  v.reason[VMM_NEXT] == VMM_REASON_anon_vma_chain, "6.12: stays three");
	T(v.missed == 1U << VMM_MISSED_anon_vma_unshared,
	  "6.12: what 7.x recovers counts as anon_vma_unshared");
	v = run(&v72, &r, &p, &n);
	T(v.predicted == VMM_RESULT_both, "7.2: merges back into one");
	/* ... unless the faulted range is a fork child. */
	r.src_fork_child = true;
	v = run(&v72, &r, &p, &n);
	T(v.predicted == VMM_RESULT_none &&
	  v.reason[VMM_PREV] == VMM_REASON_anon_vma_chain &&
	  v.missed == 1U << VMM_MISSED_anon_vma_shared, "7.2: fork child refused");
	/* Unfaulted range next to a forked faulted VMA: refused everywhere. */
	r = range();
	n = next_of();
	p = prev_of();
	p.anon_vma = 0xa1;
	p.chain_singular = false;
	n.present = false;
	v = run(&v72, &r, &p, &n);
	T(v.predicted == VMM_RESULT_none &&
	  v.reason[VMM_PREV] == VMM_REASON_anon_vma_chain &&
	  v.missed == 1U << VMM_MISSED_anon_vma_shared, "7.2: forked prev");
	v = run(&old_rules, &r, &p, &n);
	T(v.predicted == VMM_RESULT_none &&
	  v.missed == 1U << VMM_MISSED_anon_vma_shared, "5.10: forked prev");
}

static void test_missed(void)
{
	struct vmm_range_snap r = range();
	struct vmm_vma_snap p = prev_of(), n = next_of();
	struct vmm_verdict v;

	n.present = false;
	/* A faulted range mremapped next to prev keeps its pgoff. */
	r.anon_vma = 0xa2;
	r.src_anon_unshared = true;
	p.anon_vma = 0xa1;
	p.chain_singular = true;
	p.pgoff = 0x900;
	v = run(&old_rules, &r, &p, &n);
	T(v.predicted == VMM_RESULT_none && v.missed == 0,
	  "pgoff and anon_vma: neither alone, nothing counted");
	p.pgoff = 0xe;
	v = run(&old_rules, &r, &p, &n);
	T(v.missed == 1U << VMM_MISSED_anon_vma_unshared, "anon_vma alone, unshared");
	r.src_anon_unshared = false;
	v = run(&old_rules, &r, &p, &n);
	T(v.missed == 1U << VMM_MISSED_anon_vma_shared, "anon_vma alone, shared");
	r = range();
	p = prev_of();
	p.pgoff = 0x900;
	v = run(&old_rules, &r, &p, &n);
	T(v.missed == 1U << VMM_MISSED_pgoff_only, "pgoff alone, anonymous");
	r.file = 0xf11e;
	p.file = 0xf11e;
	v = run(&old_rules, &r, &p, &n);
	T(v.missed == 0, "pgoff alone, file: not counted");
	/* Merged both: nothing missed. */
	r = range();
	p = prev_of();
	n = next_of();
	v = run(&old_rules, &r, &p, &n);
	T(v.missed == 0, "both merged: nothing missed");
	/* Error results count nothing. */
	p.pgoff = 0x900;
	vmm_classify(&old_rules, &r, &p, &n, &v);
	vmm_verdict_missed(&r, &p, &n, VMM_RESULT_error, &v);
	T(v.missed == 0, "error: nothing missed");
}

/*
 * The settled form the vmg probes keep from entry to return: each side's
 * bits, then what the kernel did, must give vmm_verdict_missed()'s.
 */
static void test_missed_of(void)
{
	static const enum vmm_result results[] = {
		VMM_RESULT_none, VMM_RESULT_prev, VMM_RESULT_next,
		VMM_RESULT_both, VMM_RESULT_error,
	};
	unsigned int side[VMM_NR_SIDES], i, bad = 0;
	struct vmm_range_snap r = range();
	struct vmm_vma_snap p = prev_of(), n = next_of();
	struct vmm_verdict v, w;

	/* pgoff alone on prev, anon_vma alone on next. */
	p.pgoff = 0x900;
	p.anon_vma = 0xa2;
	p.chain_singular = true;
	r.anon_vma = 0xa2;
	r.src_anon_unshared = true;
	n.anon_vma = 0xa3;
	n.chain_singular = true;
	vmm_classify(&old_rules, &r, &p, &n, &v);
	vmm_verdict_side_missed(&r, &p, &n, &v, side);
	T(side[VMM_PREV] == 1U << VMM_MISSED_pgoff_only &&
	  side[VMM_NEXT] == 1U << VMM_MISSED_anon_vma_unshared,
	  "side bits: pgoff alone on prev, anon_vma alone on next");
	for (i = 0; i < sizeof(results) / sizeof(results[0]); i++) {
		w = v;
		vmm_verdict_missed(&r, &p, &n, results[i], &w);
		bad += vmm_missed_of(side, results[i]) != w.missed;
	}
	T(!bad, "vmm_missed_of() agrees with vmm_verdict_missed() on every result");
	T(vmm_missed_of(side, VMM_RESULT_prev) == side[VMM_NEXT] &&
	  vmm_missed_of(side, VMM_RESULT_next) == side[VMM_PREV] &&
	  vmm_missed_of(side, VMM_RESULT_none) == (side[VMM_PREV] | side[VMM_NEXT]) &&
	  !vmm_missed_of(side, VMM_RESULT_both) &&
	  !vmm_missed_of(side, VMM_RESULT_error),
	  "a side that merged counts nothing; both or error count nothing");
	/* A remainder is never a missed merge. */
	p.remainder = true;
	vmm_verdict_side_missed(&r, &p, &n, &v, side);
	T(side[VMM_PREV] == 0, "remainder: no side bits");
}

/* What differs between entry points, beyond the cases below. */
static void test_rules(void)
{
	T(old_rules.anon == VMM_ANON_SINGULAR && v61mmap.anon == VMM_ANON_SINGULAR,
	  "vma_merge and mmap_region: the singular-chain rule, whatever vmg's is");
	T(v612.anon == VMM_ANON_SINGULAR && v72.anon == VMM_ANON_FORK_CHILD,
	  "vmg: the anon_vma rule it is given");
	T(v61mmap.prefer_next && !old_rules.prefer_next && !v72.prefer_next,
	  "only mmap_region looks at next first");
	T(old_rules.special == SPECIAL && v72.ignore == SOFTDIRTY,
	  "VM_SPECIAL and the ignored flags as given");
}

int main(void)
{
	rules_init();
	test_rules();
	test_basic_results();
	test_each_reason();
	test_order();
	test_both();
	test_close();
	test_remainder();
	test_generations();
	test_missed();
	test_missed_of();
	printf("classify: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
