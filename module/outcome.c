// SPDX-License-Identifier: GPL-2.0
/*
 * outcome.c - decode a merge's outcome and the user's parameter writes.
 * Pure: no kernel header; unit-tested on the host (tests/unit).
 */
#include "outcome.h"

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
