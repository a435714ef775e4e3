/* SPDX-License-Identifier: GPL-2.0 */
/*
 * topology.h - one chunk of a process's anon_vma topology at a time, what
 * a streamed read keeps between chunks, and the visitor the emitters
 * (text, JSON, DOT) implement to print it record by record.
 */
#ifndef VMM_TOPOLOGY_H
#define VMM_TOPOLOGY_H

#include <linux/types.h>
#include <linux/sched.h>

#define VMM_TOPO_SCHEMA 1

struct vmm_tvma {
	const void *id, *av;		/* the VMA, its anon_vma */
	unsigned long start, end, flags, pgoff;
	unsigned int chain_off, chain_len;	/* into vmm_topo.chain */
	bool file, reused, shared;
	char name[48];			/* file name, or [heap]/[stack]/"" */
};

struct vmm_tav {
	const void *id, *root, *parent;
	unsigned long children, active;	/* num_children/num_active_vmas or degree */
	int refcount;
	unsigned int depth;		/* parent hops to the root */
	unsigned int mem_off, mem_len, mem_total;	/* into vmm_topo.mem */
	unsigned int seq;		/* shown: its place among the anon_vmas */
	bool mem_more;			/* more than mem_total: scan capped */
	bool reused, shared;
	bool own;			/* shown with this chunk (second pass) */
	bool scanned;			/* its tree was scanned (else: shown already) */
};

struct vmm_tmem {			/* a VMA linked to an anon_vma */
	const void *vma;
	unsigned long start, end;
	int tgid;
	char comm[TASK_COMM_LEN];
	bool other;			/* in another process than the target */
};

/*
 * A streamed read: one chunk's snapshot (the arrays, emptied before each
 * chunk) and what is kept from one chunk to the next (below them).
 */
struct vmm_topo {
	int tgid;
	char comm[TASK_COMM_LEN];
	int map_count, max_map_count;
	struct mm_struct *mm;		/* mmgrab()bed at open: the struct only */
	bool avs;			/* second pass: the anon_vmas */

	/* This chunk. */
	struct vmm_tvma *vma;
	unsigned int nr_vma, cap_vma;
	const void **chain;
	unsigned int nr_chain, cap_chain;
	struct vmm_tav *av;
	unsigned int nr_av, cap_av;
	struct vmm_tmem *mem;
	unsigned int nr_mem, cap_mem;
	unsigned int *hash;		/* anon_vma id -> index + 1 */
	unsigned int hash_cap;
	unsigned int work;		/* VMAs and tree nodes in this chunk */
	unsigned int short_of;		/* what a VMA found no room in */

	/* Kept across chunks. */
	unsigned long addr;		/* where the next chunk starts */
	bool done;			/* the pass has walked the last VMA */
	const void **big;		/* shown anon_vmas of more than VMM_TOPO_SCAN VMAs */
	unsigned int nr_big, cap_big;
	unsigned int vma_base, av_base;	/* shown before this chunk */
	unsigned int nr_vmas, nr_avs;	/* totals: vma and anon_vma lines */
	unsigned int anonymous, anon_vmas, deepest, sharing;	/* totals */
	unsigned int chunks;		/* walked, both passes */
	size_t bytes, peak;		/* memory this read holds */
	u64 max_hold_ns;		/* longest mmap_lock hold of this read */
};

struct seq_file;

/*
 * The emitters: each callback prints one record (a seq_file record: at
 * most a line or two) from what the current chunk holds, and may be called
 * again for the same record (seq_file retries a record that overflowed its
 * buffer), so it only reads.  @first: no record of its kind came before.
 */
struct vmm_topo_visitor {
	void (*head)(struct seq_file *m, const struct vmm_topo *t);
	void (*vma)(struct seq_file *m, const struct vmm_topo *t,
		    const struct vmm_tvma *v, bool first);
	/* optional: between the last VMA and the first anon_vma */
	void (*vmas_end)(struct seq_file *m, const struct vmm_topo *t);
	void (*anon_vma)(struct seq_file *m, const struct vmm_topo *t,
			 const struct vmm_tav *a, bool first);
	void (*member)(struct seq_file *m, const struct vmm_topo *t,
		       const struct vmm_tav *a, const struct vmm_tmem *mem,
		       bool first);
	void (*anon_vma_end)(struct seq_file *m, const struct vmm_topo *t,
			     const struct vmm_tav *a);
	void (*tail)(struct seq_file *m, const struct vmm_topo *t);
};

extern u64 vmm_topo_max_hold_ns;
extern size_t vmm_topo_peak_bytes;

void vmm_ids_init(void);
u64 vmm_id(const void *p);
int vmm_topo_begin(struct pid *pid, struct vmm_topo *t);
int vmm_topo_next_chunk(struct vmm_topo *t);
void vmm_topo_second_pass(struct vmm_topo *t);
void vmm_topo_end(struct vmm_topo *t);
int vmm_read_max_map_count(int *v);
struct mm_struct *vmm_pid_mm(struct pid *pid, int *tgid, char *comm);
int vmm_between_chunks(void);

extern const struct vmm_topo_visitor vmm_topo_text, vmm_topo_json,
	vmm_topo_dot;

#endif /* VMM_TOPOLOGY_H */
