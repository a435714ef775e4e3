// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of vmm_judge_pair() (module/classify.c), what the audit
 * file says of two neighbouring VMAs.  The expectations are worked out by
 * hand from the kernels' merge rules (an mprotect of the upper VMA to its
 * own protections, with the lower one as prev), not from the classifier.
 */
#include "unit.h"
#include "classify.h"

#define SPECIAL 0x1000UL	/* stands for VM_SPECIAL */
#define SOFTDIRTY 0x8000UL
#define RW 0x3UL
#define EXEC 0x4UL
#define BIT(r) (1U << (r))

static struct vmm_rules v510, v612, v72;

/* a = [0x10000, 0x12000) pgoff 0x10, b = [0x12000, 0x14000) pgoff 0x12. */
static struct vmm_vma_snap a_of(void)
{
	struct vmm_vma_snap a = {
		.present = true, .start = 0x10000, .end = 0x12000,
		.pgoff = 0x10, .flags = RW,
	};
	return a;
}

static struct vmm_vma_snap b_of(void)
{
	struct vmm_vma_snap b = {
		.present = true, .start = 0x12000, .end = 0x14000,
		.pgoff = 0x12, .flags = RW,
	};
	return b;
}

static struct vmm_pair_verdict judge(const struct vmm_rules *r,
				     struct vmm_vma_snap a,
				     struct vmm_vma_snap b, bool fork_child)
{
	struct vmm_pair_verdict pv;

	vmm_judge_pair(r, &a, &b, fork_child, &pv);
	return pv;
}

int main(void)
{
	struct vmm_vma_snap a, b;
	struct vmm_pair_verdict pv;

	v510 = vmm_rules_of(VMM_ENTRY_VMA_MERGE, SPECIAL, SOFTDIRTY,
			    VMM_ANON_FORK_CHILD);
	v612 = vmm_rules_of(VMM_ENTRY_VMG, SPECIAL, SOFTDIRTY,
			    VMM_ANON_SINGULAR);
	v72 = vmm_rules_of(VMM_ENTRY_VMG, SPECIAL, SOFTDIRTY,
			   VMM_ANON_FORK_CHILD);

	/* Two unfaulted anonymous neighbours, contiguous: mergeable now. */
	pv = judge(&v72, a_of(), b_of(), false);
	T(pv.reason == VMM_REASON_ok && !pv.blockers && !pv.missed, "ok");
	pv = judge(&v510, a_of(), b_of(), false);
	T(pv.reason == VMM_REASON_ok, "ok 5.10");

	/* A gap between them. */
	b = b_of();
	b.start = 0x13000;
	pv = judge(&v72, a_of(), b, false);
	T(pv.reason == VMM_REASON_not_adjacent, "not_adjacent");

	/* A guard page: PROT_NONE next to rw-. */
	b = b_of();
	b.flags = 0;
	pv = judge(&v72, a_of(), b, false);
	T(pv.reason == VMM_REASON_flags && pv.blockers == BIT(VMM_REASON_flags) &&
	  !pv.missed, "flags alone");
	/* Soft-dirty alone is ignored. */
	b.flags = RW | SOFTDIRTY;
	pv = judge(&v72, a_of(), b, false);
	T(pv.reason == VMM_REASON_ok, "softdirty ignored");

	/* VM_SPECIAL comes before flags. */
	b.flags = RW | EXEC | SPECIAL;
	pv = judge(&v612, a_of(), b, false);
	T(pv.reason == VMM_REASON_special &&
	  pv.blockers == (BIT(VMM_REASON_special) | BIT(VMM_REASON_flags)),
	  "special first");

	/* A file next to anonymous memory; two files, pgoff contiguous. */
	b = b_of();
	b.file = 0xf1;
	pv = judge(&v72, a_of(), b, false);
	T(pv.reason == VMM_REASON_file, "file");
	a = a_of();
	a.file = 0xf1;
	pv = judge(&v72, a, b, false);
	T(pv.reason == VMM_REASON_ok, "same file, contiguous");
	b.pgoff = 0x40;
	pv = judge(&v72, a, b, false);
	T(pv.reason == VMM_REASON_pgoff && !pv.missed,
	  "file pgoff gap: no counterfactual");

	/* ->close: 5.10 refuses any on prev; 6.12+ only removing one. */
	a = a_of();
	a.has_close = true;
	pv = judge(&v510, a, b_of(), false);
	T(pv.reason == VMM_REASON_close, "close on prev, 5.10");
	pv = judge(&v72, a, b_of(), false);
	T(pv.reason == VMM_REASON_ok, "close on prev, 7.2");
	b = b_of();
	b.has_close = true;
	pv = judge(&v72, a_of(), b, false);
	T(pv.reason == VMM_REASON_close, "close on the VMA removed, 7.2");

	/* uffd, policy. */
	b = b_of();
	b.uffd = 0x99;
	T(judge(&v72, a_of(), b, false).reason == VMM_REASON_uffd, "uffd");
	a = a_of();
	a.policy_differs = true;
	T(judge(&v72, a, b_of(), false).reason == VMM_REASON_policy, "policy");

	/* A faulted range moved by mremap: same anon_vma, pgoff gap. */
	a = a_of();
	b = b_of();
	a.anon_vma = b.anon_vma = 0xa1;
	a.chain_singular = b.chain_singular = true;
	a.anon_unshared = b.anon_unshared = true;
	b.pgoff = 0x7000;
	pv = judge(&v72, a, b, false);
	T(pv.reason == VMM_REASON_pgoff &&
	  pv.missed == BIT(VMM_MISSED_pgoff_only), "pgoff_only");

	/* Two faulted VMAs with their own anon_vmas, pgoff contiguous. */
	b = b_of();
	b.anon_vma = 0xa2;
	b.chain_singular = b.anon_unshared = true;
	pv = judge(&v612, a, b, false);
	T(pv.reason == VMM_REASON_anon_vma &&
	  pv.missed == BIT(VMM_MISSED_anon_vma_unshared), "anon_vma_unshared");
	/* b's anon_vma has a child (a fork's): shared. */
	b.anon_unshared = false;
	pv = judge(&v612, a, b, false);
	T(pv.reason == VMM_REASON_anon_vma &&
	  pv.missed == BIT(VMM_MISSED_anon_vma_shared), "anon_vma_shared");
	/* ... and a pgoff gap as well: two blockers, no counterfactual. */
	b.pgoff = 0x7000;
	pv = judge(&v612, a, b, false);
	T(pv.reason == VMM_REASON_pgoff && !pv.missed &&
	  pv.blockers == (BIT(VMM_REASON_pgoff) | BIT(VMM_REASON_anon_vma)),
	  "pgoff and anon_vma");

	/* An unfaulted a next to a faulted fork child b. */
	b = b_of();
	b.anon_vma = 0xa3;	/* chain of two: its own and the parent's */
	pv = judge(&v72, a_of(), b, true);
	T(pv.reason == VMM_REASON_anon_vma_chain &&
	  pv.missed == BIT(VMM_MISSED_anon_vma_shared), "fork child, 7.2");
	/* 7.2: a faulted b that is no fork child merges into unfaulted a. */
	b.chain_singular = true;
	pv = judge(&v72, a_of(), b, false);
	T(pv.reason == VMM_REASON_ok, "faulted into unfaulted, 7.2");
	/* <= 6.12: a's empty chain refuses it; b forked nothing: unshared. */
	pv = judge(&v612, a_of(), b, false);
	T(pv.reason == VMM_REASON_anon_vma_chain &&
	  pv.missed == BIT(VMM_MISSED_anon_vma_unshared),
	  "faulted into unfaulted, 6.12");
	pv = judge(&v510, a_of(), b, false);
	T(pv.reason == VMM_REASON_anon_vma_chain, "faulted into unfaulted, 5.10");

	printf("test_pair: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
