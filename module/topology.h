/* SPDX-License-Identifier: GPL-2.0 */
/*
 * topology.h - a snapshot of one process's anon_vma topology, and the
 * visitor the emitters (text, JSON, DOT) implement to print it.
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
	bool mem_more;			/* more than mem_total: scan capped */
	bool reused, shared;
};

struct vmm_tmem {			/* a VMA linked to an anon_vma */
	const void *vma;
	unsigned long start, end;
	int tgid;
	char comm[TASK_COMM_LEN];
	bool other;			/* in another process than the target */
};

struct vmm_topo {
	int tgid;
	char comm[TASK_COMM_LEN];
	int map_count, max_map_count;
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
	unsigned int anonymous, anon_vmas, deepest, sharing;	/* totals */
	size_t bytes, peak;		/* memory this snapshot holds */
	u64 max_hold_ns;		/* longest mmap_lock hold of this walk */
	unsigned int work;		/* VMAs and tree nodes in this chunk */
};

struct vmm_topo_visitor {
	void (*head)(void *out, const struct vmm_topo *t);
	void (*vma)(void *out, const struct vmm_topo *t, const struct vmm_tvma *v);
	/* optional: between the last VMA and the first anon_vma */
	void (*vmas_end)(void *out, const struct vmm_topo *t);
	void (*anon_vma)(void *out, const struct vmm_topo *t,
			 const struct vmm_tav *a);
	void (*tail)(void *out, const struct vmm_topo *t);
};

extern u64 vmm_topo_max_hold_ns;
extern size_t vmm_topo_peak_bytes;

void vmm_ids_init(void);
u64 vmm_id(const void *p);
int vmm_topo_snapshot(struct pid *pid, struct vmm_topo *t);
void vmm_topo_free(struct vmm_topo *t);
int vmm_read_max_map_count(int *v);
struct mm_struct *vmm_pid_mm(struct pid *pid, int *tgid, char *comm);
int vmm_between_chunks(void);
void vmm_topo_visit(const struct vmm_topo *t,
		    const struct vmm_topo_visitor *vis, void *out);

extern const struct vmm_topo_visitor vmm_topo_text, vmm_topo_json,
	vmm_topo_dot;

#endif /* VMM_TOPOLOGY_H */
