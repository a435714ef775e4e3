// SPDX-License-Identifier: GPL-2.0
/*
 * outcome.c - decode a merge's outcome and the user's parameter writes.
 * Pure: no kernel header; unit-tested on the host (tests/unit).
 */
#include "outcome.h"

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
enum vmm_result vmm_result_from_extents(unsigned long start, unsigned long end,
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

/**
 * vmm_copy_kind() - what copy_vma is moving
 * @has_vm_ops: the source VMA has vm_ops (file, shmem or special mapping)
 * @has_anon_vma: the source VMA has an anon_vma (was faulted)
 *
 * Return: VMM_COPY_ANON_file if the VMA is not anonymous (vma_is_anonymous() is
 * "no vm_ops"), else whether it was faulted.
 */
enum vmm_copy_anon vmm_copy_kind(bool has_vm_ops, bool has_anon_vma)
{
	if (has_vm_ops)
		return VMM_COPY_ANON_file;
	return has_anon_vma ? VMM_COPY_ANON_faulted : VMM_COPY_ANON_unfaulted;
}

/* Accept exactly "DIGITS" or "DIGITS\n"; no sign, no spaces, no base prefix. */
static int vmm_parse_u31(const char *buf, int *val)
{
	const char *p = buf;
	long v = 0;

	if (!*p || *p == '\n')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (*p - '0');
		if (v > 0x7fffffff)
			return -EINVAL;
	}
	if (*p == '\n')
		p++;
	if (*p)
		return -EINVAL;
	*val = (int)v;
	return 0;
}

/**
 * vmm_parse_tgid() - parse a write to filter_pid or target
 * @buf: the NUL-terminated string written
 * @tgid: where to store the value
 *
 * Return: 0, or -EINVAL if @buf is not a decimal number that fits a pid
 * (a sign, spaces, a base prefix or trailing junk count as not a number).
 */
int vmm_parse_tgid(const char *buf, int *tgid)
{
	return vmm_parse_u31(buf, tgid);
}

/**
 * vmm_parse_reset() - parse a write to reset
 * @buf: the NUL-terminated string written
 *
 * Return: 0 if @buf is "1", -EINVAL for anything else.
 */
int vmm_parse_reset(const char *buf)
{
	int v;

	if (vmm_parse_u31(buf, &v) || v != 1)
		return -EINVAL;
	return 0;
}
