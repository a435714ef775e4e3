/* SPDX-License-Identifier: GPL-2.0 */
/*
 * outcome.h - what the kernel did, read from the VMAs it left behind.
 * Pure: no kernel header.
 */
#ifndef VMM_OUTCOME_H
#define VMM_OUTCOME_H

#include "vmm_defs.h"

enum vmm_result vmm_result_from_extents(unsigned long start, unsigned long end,
					unsigned long got_start,
					unsigned long got_end);

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
