/* SPDX-License-Identifier: GPL-2.0 */
/*
 * outcome.h - what the kernel did, read from the VMAs it left behind.
 * Pure: no kernel header.  The decoders the return handlers run are inline.
 */
#ifndef VMM_OUTCOME_H
#define VMM_OUTCOME_H

#include "vmm_defs.h"

/**
 * vmm_result_from_extents() - which sides a merge took, from the merged VMA
 * @start: first byte of the range the kernel tried to merge
 * @end: end of that range (exclusive)
 * @got_start: vm_start of the VMA the merge entry point returned
 * @got_end: vm_end of that VMA
 *
 * The kernel's merge entry points return the VMA that now covers the range
 * (or nothing).  Whatever shape the merge took (the eight cases of 5.10's
 * vma_merge, 6.1's vma_expand, the five of 6.12's vma_merge_existing_range)
 * the surviving VMA extends below @start only if prev was absorbed into it or
 * it is prev, and above @end only if the same holds for next.
 *
 * Return: VMM_RESULT_prev, _next or _both; _none if the VMA is exactly the
 * range (a split or a new VMA, not a merge).
 */
static inline enum vmm_result vmm_result_from_extents(unsigned long start,
						      unsigned long end,
						      unsigned long got_start,
						      unsigned long got_end)
{
	bool left = got_start < start;
	bool right = got_end > end;

	if (left && right)
		return VMM_RESULT_both;
	if (left)
		return VMM_RESULT_prev;
	if (right)
		return VMM_RESULT_next;
	return VMM_RESULT_none;
}

enum vmm_copy_anon vmm_copy_kind(bool has_vm_ops, bool has_anon_vma);

/* copy_vma re-bases pgoff on the new address only for unfaulted anon VMAs. */
static inline bool vmm_copy_pgoff_updated(enum vmm_copy_anon kind)
{
	return kind == VMM_COPY_ANON_unfaulted;
}

/*
 * comm as events lines and trace events print it: spaces replaced by '_',
 * in place, up to @n bytes or the first NUL.
 */
static inline void vmm_comm_fix(char *comm, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n && comm[i]; i++)
		if (comm[i] == ' ')
			comm[i] = '_';
}

int vmm_parse_tgid(const char *buf, int *tgid);
int vmm_parse_reset(const char *buf);

#endif /* VMM_OUTCOME_H */
