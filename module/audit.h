/* SPDX-License-Identifier: GPL-2.0 */
/*
 * audit.h - the target's neighbouring VMAs judged by the merge rules
 * (audit, audit.json), and the processes nearest vm.max_map_count
 * (processes, metrics).  Fixed-size results: the walks keep counters and
 * small top-K tables, never a copy of the map.
 */
#ifndef VMM_AUDIT_H
#define VMM_AUDIT_H

#include <linux/sched.h>
#include <linux/types.h>
#include "vmm_defs.h"

#define VMM_AUDIT_SCHEMA 1
#define VMM_AUDIT_REGIONS 8		/* the worst regions kept */
#define VMM_TOP_PROCS 20		/* processes and metrics' top N */

enum vmm_region_kind { VMM_RK_ANON, VMM_RK_HEAP, VMM_RK_STACK, VMM_RK_FILE };

/* A run of adjacent VMAs that map the same thing (one file, or anon). */
struct vmm_region {
	unsigned long start, end, key;	/* key: the inode, for a file */
	unsigned long vmas;
	enum vmm_region_kind kind;
	char name[48];			/* the file's name */
	unsigned long reasons[VMM_NR_REASONS];	/* its pairs, by reason */
	unsigned long perms[16];	/* its VMAs by r, w, x, shared */
};

struct vmm_audit {
	int tgid;
	char comm[TASK_COMM_LEN];
	int map_count, max_map_count;
	unsigned long pos;		/* where the next chunk resumes */
	unsigned long vmas, pairs;
	unsigned long first[VMM_NR_REASONS];	/* pairs by their reason */
	unsigned long alone[VMM_NR_REASONS];	/* pairs it alone blocks */
	unsigned long missed[VMM_NR_MISSED];
	unsigned long chunks, lost;	/* walk: chunks, VMAs with no left neighbour */
	u64 max_hold_ns;
	struct vmm_region cur;		/* the region being walked */
	struct vmm_region top[VMM_AUDIT_REGIONS];	/* most VMAs first */
	unsigned int nr_top;
};

struct vmm_proc_count {
	int tgid, map_count;
	char comm[TASK_COMM_LEN];
};

struct vmm_procs {
	int max_map_count;
	unsigned int scanned, nr;
	struct vmm_proc_count top[VMM_TOP_PROCS];	/* most maps first */
};

extern u64 vmm_audit_max_hold_ns;

int vmm_audit_run(struct pid *pid, struct vmm_audit *au);
void vmm_procs_scan(struct vmm_procs *ps);

struct seq_file;
void vmm_audit_text(struct seq_file *m, const struct vmm_audit *au);
void vmm_audit_json(struct seq_file *m, const struct vmm_audit *au);
void vmm_procs_text(struct seq_file *m, const struct vmm_procs *ps);

#endif /* VMM_AUDIT_H */
