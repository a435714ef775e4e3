// SPDX-License-Identifier: GPL-2.0
/*
 * topology.c - one walk over a process's VMAs, their anon_vma chains and
 * the anon_vmas' interval trees, into a snapshot the emitters replay.
 *
 * Notes on locking
 * ----------------
 * Locks are taken in the kernel's rmap order, mm->mmap_lock then
 * anon_vma->root->rwsem, only ever for read, only in process context:
 *
 * - The target's mm is pinned with get_task_mm() (mm_users: no exit_mmap
 *   under us) and dropped with mmput() at the end.
 * - Its mmap_lock is taken for read, killably, for one chunk of at most
 *   VMM_TOPO_CHUNK VMAs or about VMM_TOPO_BUDGET VMAs and tree nodes (an
 *   anon_vma's tree is scanned for at most VMM_TOPO_SCAN nodes; past that
 *   its member count is a lower bound, marked so), then released (and the CPU offered with
 *   cond_resched()) before the next chunk, which starts again at the end of
 *   the last VMA seen: the target's own mmap, mprotect or munmap wait for
 *   one chunk at most.  The longest hold is measured (vmm_topo_max_hold_ns,
 *   shown in `status`).  Under it the VMAs, their anon_vma_chain lists and
 *   the anon_vmas on those lists are stable: they change only under the
 *   mmap_lock held for write, but for a fault that gives an unfaulted VMA
 *   its anon_vma and first chain entry, which it does under
 *   mm->page_table_lock: the anon_vma and the chain are read under that
 *   spinlock (vmm_read_chain), copied into room made beforehand.
 * - For each anon_vma seen for the first time, its root's rwsem is taken
 *   for read to walk its interval tree (anon_vma_interval_tree_iter_* are
 *   not exported: the rb_root_cached is walked in order with
 *   rb_first_cached()/rb_next()) and to read num_children,
 *   num_active_vmas and parent.  Other processes' VMAs in the tree are safe
 *   to read under it, as for any rmap walk: they are unlinked under the
 *   root rwsem held for write before they are freed.  Their owner task is
 *   read under rcu_read_lock().  No other process's mmap_lock is ever taken.
 * - Nothing is allocated while the rwsem is held (reclaim may walk rmap and
 *   want the same rwsem): room for VMM_TOPO_MEMBERS members is made before
 *   it is taken, and members beyond that are counted, not listed.
 * - ->parent and ->root are recorded as values; only anon_vmas found on a
 *   live VMA's chain are dereferenced.
 *
 * The snapshot is bounded (VMM_TOPO_MAX_BYTES); past that the read fails
 * with -E2BIG rather than show part of the topology as if it were whole.
 * The emitters then format it with no lock held.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/hash.h>
#include <linux/mm.h>
#include <linux/pid.h>
#include <linux/random.h>
#include <linux/rbtree.h>
#include <linux/rmap.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/siphash.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "compat_anon.h"
#include "compat_vma.h"
#include "topology.h"

#define VMM_TOPO_CHUNK 64		/* VMAs per mmap_lock hold, at most */
#define VMM_TOPO_BUDGET 1024		/* VMAs + tree nodes per hold, about */
#define VMM_TOPO_MEMBERS 256		/* members listed per anon_vma */
#define VMM_TOPO_SCAN 1024		/* tree nodes counted per anon_vma */
#define VMM_TOPO_MAX_BYTES (256UL << 20)

u64 vmm_topo_max_hold_ns;
size_t vmm_topo_peak_bytes;

static siphash_key_t vmm_id_key;

/**
 * vmm_ids_init() - the key of vmm_id(), the same for every load in a boot
 *
 * Taken from the kernel's hashed %p of fixed values, which are keyed by the
 * boot's secret pointer key: ids then stay stable across module reloads
 * without exposing anything %p does not.  Where %p is not hashed
 * (no_hash_pointers) the key is not secret, and neither are pointers.
 */
void vmm_ids_init(void)
{
	u64 k[4] = { 0 };
	char buf[32];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(k); i++) {
		snprintf(buf, sizeof(buf), "%p",
			 (void *)(0xffff888000000000UL | (i + 1UL) << 20));
		if (kstrtou64(buf, 16, &k[i]))
			get_random_bytes(&k[i], sizeof(k[i]));
	}
	vmm_id_key.key[0] = k[0] << 32 | (u32)k[1];
	vmm_id_key.key[1] = k[2] << 32 | (u32)k[3];
}

#define VMM_ID_HALF 28			/* bits per Feistel half */
#define VMM_ID_MASK ((1U << VMM_ID_HALF) - 1)

/**
 * vmm_id() - the identity of a kernel object, as the topology files show it
 * @p: its address
 *
 * A keyed permutation (a three-round Feistel network over siphash) of the
 * low 56 bits of @p; a kernel address has its top 8 bits set with 4- and
 * 5-level paging alike, so distinct objects always get distinct ids, unlike
 * the 32 bits of a hashed %p, which collide in a process with 100,000 VMAs.
 * The result is below 2^56: printed as 16 hex digits it starts with 00, and
 * is never mistaken for a raw kernel pointer.
 *
 * Return: the id.
 */
u64 vmm_id(const void *p)
{
	u64 v = (unsigned long)p;
	u32 l = (v >> VMM_ID_HALF) & VMM_ID_MASK, r = v & VMM_ID_MASK, f;
	unsigned int i;

	for (i = 0; i < 3; i++) {
		f = (u32)siphash_2u32(r, i, &vmm_id_key) & VMM_ID_MASK;
		f ^= l;
		l = r;
		r = f;
	}
	return (u64)l << VMM_ID_HALF | r;
}

/* Make room for @need more elements of @elem bytes in *@arr. */
static int vmm_grow(struct vmm_topo *t, void **arr, unsigned int *cap,
		    unsigned int nr, unsigned int need, size_t elem)
{
	unsigned int ncap = *cap ? *cap : 64;
	void *n;

	if (nr + need <= *cap)
		return 0;
	while (ncap < nr + need)
		ncap *= 2;
	if (t->bytes + (size_t)(ncap - *cap) * elem > VMM_TOPO_MAX_BYTES)
		return -E2BIG;
	/* Sized by the target: a failure is the reader's ENOMEM, not a log splat. */
	n = kvmalloc_array(ncap, elem, GFP_KERNEL | __GFP_NOWARN);
	if (!n)
		return -ENOMEM;
	if (*arr)
		memcpy(n, *arr, (size_t)nr * elem);
	kvfree(*arr);
	*arr = n;
	t->bytes += (size_t)(ncap - *cap) * elem;
	t->peak = max(t->peak, t->bytes);
	*cap = ncap;
	return 0;
}

#define VMM_GROW(t, name, need)						\
	vmm_grow(t, (void **)&(t)->name, &(t)->cap_##name, (t)->nr_##name, \
		 need, sizeof(*(t)->name))

/* The index + 1 of anon_vma @id in the hash, or the free slot's negative. */
static long vmm_av_slot(const struct vmm_topo *t, const void *id)
{
	unsigned int i;

	if (!t->hash_cap)
		return -1;
	for (i = hash_ptr(id, ilog2(t->hash_cap));; i = (i + 1) & (t->hash_cap - 1)) {
		unsigned int v = t->hash[i];

		if (!v)
			return -(long)i - 1;
		if (t->av[v - 1].id == id)
			return i;
	}
}

static const struct vmm_tav *vmm_av_find(const struct vmm_topo *t,
					 const void *id)
{
	long s = vmm_av_slot(t, id);

	return s < 0 ? NULL : &t->av[t->hash[s] - 1];
}

/* Keep the hash at most half full with @more anon_vmas added. */
static int vmm_hash_grow(struct vmm_topo *t, unsigned int more)
{
	unsigned int cap = t->hash_cap ? t->hash_cap : 256, i;
	unsigned int *old = t->hash, oldcap = t->hash_cap;

	if ((t->nr_av + more) * 2 <= t->hash_cap)
		return 0;
	while ((t->nr_av + more) * 2 > cap)
		cap *= 2;
	t->hash = kvcalloc(cap, sizeof(*t->hash), GFP_KERNEL | __GFP_NOWARN);
	if (!t->hash) {
		t->hash = old;
		return -ENOMEM;
	}
	t->hash_cap = cap;
	t->bytes += (size_t)(cap - oldcap) * sizeof(*t->hash);
	t->peak = max(t->peak, t->bytes);
	for (i = 0; i < t->nr_av; i++)
		t->hash[-vmm_av_slot(t, t->av[i].id) - 1] = i + 1;
	kvfree(old);
	return 0;
}

static void vmm_owner(struct mm_struct *mm, struct vmm_tmem *m)
{
	struct task_struct *p;

	rcu_read_lock();
	p = vmm_mm_owner(mm);
	if (p) {
		m->tgid = p->tgid;
		memcpy(m->comm, p->comm, sizeof(m->comm));
	} else {
		m->tgid = 0;
		strscpy(m->comm, "?", sizeof(m->comm));
	}
	rcu_read_unlock();
}

/* Record anon_vma @av and the VMAs in its interval tree (first sight). */
static int vmm_walk_av(struct vmm_topo *t, struct mm_struct *mm,
		       struct anon_vma *av)
{
	struct anon_vma *root = READ_ONCE(av->root);
	struct vmm_tav *a;
	struct rb_node *rb;
	long slot;
	int err;

	err = vmm_hash_grow(t, 1);
	err = err ?: VMM_GROW(t, av, 1);
	err = err ?: VMM_GROW(t, mem, VMM_TOPO_MEMBERS);
	if (err)
		return err;
	slot = vmm_av_slot(t, av);
	if (slot >= 0)
		return 0;	/* seen already */
	a = &t->av[t->nr_av];
	memset(a, 0, sizeof(*a));
	a->id = av;
	a->root = root;
	a->mem_off = t->nr_mem;

	down_read(&root->rwsem);
	a->parent = READ_ONCE(av->parent);
	a->children = vmm_anon_children(av);
	a->active = vmm_anon_active(av);
	a->refcount = atomic_read(&av->refcount);
	for (rb = rb_first_cached(&av->rb_root); rb; rb = rb_next(rb)) {
		struct anon_vma_chain *avc =
			rb_entry(rb, struct anon_vma_chain, rb);
		struct vm_area_struct *v = avc->vma;
		struct vmm_tmem *m;

		if (a->mem_total == VMM_TOPO_SCAN) {
			a->mem_more = true;
			break;
		}
		a->mem_total++;
		if (v->vm_mm != mm)
			a->shared = true;
		if (a->mem_len == VMM_TOPO_MEMBERS)
			continue;
		m = &t->mem[t->nr_mem + a->mem_len++];
		m->vma = v;
		m->start = v->vm_start;
		m->end = v->vm_end;
		m->other = v->vm_mm != mm;
		vmm_owner(v->vm_mm, m);
	}
	up_read(&root->rwsem);

	t->nr_mem += a->mem_len;
	t->hash[-slot - 1] = ++t->nr_av;
	t->work += a->mem_total;
	return 0;
}

/*
 * @vma's anon_vma and its chain's anon_vmas (into t->chain past nr_chain,
 * as far as there is room), read as __anon_vma_prepare() writes them: a
 * fault sets vma->anon_vma and links the first chain entry under
 * mm->page_table_lock, with mmap_lock held only for read as here, so
 * without that lock the anon_vma could be seen before its chain entry.
 * Under it: a list walk, nothing else.  Return: the chain's length.
 */
static unsigned int vmm_read_chain(struct vmm_topo *t, struct mm_struct *mm,
				   struct vm_area_struct *vma,
				   struct anon_vma **av)
{
	unsigned int n = 0, room = t->cap_chain - t->nr_chain;
	struct anon_vma_chain *avc;

	spin_lock(&mm->page_table_lock);
	*av = vma->anon_vma;
	if (*av)
		list_for_each_entry(avc, &vma->anon_vma_chain, same_vma) {
			if (n < room)
				t->chain[t->nr_chain + n] = avc->anon_vma;
			n++;
		}
	spin_unlock(&mm->page_table_lock);
	return n;
}

static int vmm_walk_vma(struct vmm_topo *t, struct mm_struct *mm,
			struct vm_area_struct *vma)
{
	struct anon_vma *av;
	struct vmm_tvma *v;
	unsigned int i, n;
	int err;

	err = VMM_GROW(t, vma, 1);
	if (err)
		return err;
	/* A longer chain than there is room for: grow, read again. */
	while ((n = vmm_read_chain(t, mm, vma, &av)) > t->cap_chain - t->nr_chain) {
		err = VMM_GROW(t, chain, n);
		if (err)
			return err;
	}
	v = &t->vma[t->nr_vma];
	memset(v, 0, sizeof(*v));
	v->id = vma;
	v->av = av;
	v->start = vma->vm_start;
	v->end = vma->vm_end;
	v->flags = vma->vm_flags;
	v->pgoff = vma->vm_pgoff;
	v->file = !!vma->vm_file;
	if (vma->vm_file)
		snprintf(v->name, sizeof(v->name), "%pD", vma->vm_file);
	else if (vma->vm_start <= mm->brk && vma->vm_end >= mm->start_brk)
		strscpy(v->name, "[heap]", sizeof(v->name));
	else if (vma->vm_start <= mm->start_stack &&
		 vma->vm_end >= mm->start_stack)
		strscpy(v->name, "[stack]", sizeof(v->name));
	v->chain_off = t->nr_chain;
	v->chain_len = n;
	t->nr_vma++;
	t->nr_chain += n;
	t->work++;
	/*
	 * The anon_vmas on a chain stay linked while mmap_lock is held for
	 * read: only a write-locked split, merge or unmap unlinks them.
	 */
	for (i = 0; i < n; i++) {
		err = vmm_walk_av(t, mm, (void *)t->chain[v->chain_off + i]);
		if (err)
			return err;
	}
	return 0;
}

/*
 * Room for a whole chunk, made before mmap_lock is taken: growing an array
 * copies it, and the snapshot of a large process is tens of megabytes.
 * A chunk that needs more (a chain longer than 8) grows under the lock.
 */
static int vmm_topo_reserve(struct vmm_topo *t)
{
	return VMM_GROW(t, vma, VMM_TOPO_CHUNK) ?:
	       VMM_GROW(t, chain, VMM_TOPO_CHUNK * 8) ?:
	       VMM_GROW(t, av, VMM_TOPO_CHUNK * 8) ?:
	       VMM_GROW(t, mem, VMM_TOPO_BUDGET + 2 * VMM_TOPO_MEMBERS) ?:
	       vmm_hash_grow(t, VMM_TOPO_CHUNK * 8);
}

/* Walk the VMAs from @addr on, one chunk under mmap_lock; next start in *@addr. */
static int vmm_walk_chunk(struct vmm_topo *t, struct mm_struct *mm,
			  unsigned long *addr, bool *done)
{
	struct vm_area_struct *vma;
	unsigned int n = 0;
	u64 t0, held;
	int err = vmm_topo_reserve(t);

	if (err)
		return err;
	if (mmap_read_lock_killable(mm))
		return -EINTR;
	t0 = ktime_get_ns();
	t->work = 0;
	for (vma = find_vma(mm, *addr);
	     vma && n < VMM_TOPO_CHUNK && t->work < VMM_TOPO_BUDGET;
	     vma = vmm_vma_after(mm, vma), n++) {
		err = vmm_walk_vma(t, mm, vma);
		if (err)
			break;
		*addr = vma->vm_end;
	}
	*done = !vma;
	t->map_count = mm->map_count;
	held = ktime_get_ns() - t0;
	mmap_read_unlock(mm);
	t->max_hold_ns = max(t->max_hold_ns, held);
	return err;
}

/**
 * vmm_read_max_map_count() - read vm.max_map_count
 * @v: where to put it: -1 if the reader's root has no /proc to read it from
 *
 * sysctl_max_map_count is not exported: the file is read.
 *
 * Return: 0, or -ENOMEM when opening or reading the file could not allocate
 * (the whole read fails then, rather than show a value it could have read).
 */
int vmm_read_max_map_count(int *v)
{
	struct file *f = filp_open("/proc/sys/vm/max_map_count", O_RDONLY, 0);
	char buf[24] = "";
	loff_t pos = 0;
	ssize_t n;

	*v = -1;
	if (IS_ERR(f))
		return PTR_ERR(f) == -ENOMEM ? -ENOMEM : 0;
	n = kernel_read(f, buf, sizeof(buf) - 1, &pos);
	filp_close(f, NULL);
	if (n == -ENOMEM)
		return -ENOMEM;
	if (n <= 0 || kstrtoint(strim(buf), 10, v))
		*v = -1;
	return 0;
}

/*
 * The passes over a whole snapshot (up to VMM_TOPO_MAX_BYTES) run with no
 * lock held: offer the CPU every 1024 items.
 */
static inline void vmm_topo_resched(unsigned int i)
{
	if (!(i & 1023))
		cond_resched();
}

/* Depths, reuse, sharing and totals, from the recorded values only. */
static void vmm_topo_finish(struct vmm_topo *t)
{
	unsigned int i, j;

	for (i = 0; i < t->nr_av; i++) {
		const struct vmm_tav *p = &t->av[i];
		unsigned int d = 0;

		vmm_topo_resched(i);
		while (p && p->parent != p->id && d < t->nr_av) {
			p = vmm_av_find(t, p->parent);
			d++;
		}
		t->av[i].depth = d;
		t->deepest = max(t->deepest, d);
	}
	for (i = 0; i < t->nr_vma; i++) {
		struct vmm_tvma *v = &t->vma[i];

		vmm_topo_resched(i);
		for (j = 0; j < v->chain_len; j++) {
			const struct vmm_tav *a = vmm_av_find(t, t->chain[v->chain_off + j]);

			/*
			 * anon_vma_clone() reused an older anon_vma for this VMA
			 * if a younger one on its own chain descends from it.
			 */
			if (a && a->id != v->av && a->parent == v->av)
				v->reused = true;
			if (a && a->shared)
				v->shared = true;
		}
		if (v->reused) {
			long s = vmm_av_slot(t, v->av);

			if (s >= 0)
				t->av[t->hash[s] - 1].reused = true;
		}
		t->anonymous += !v->file;
		t->anon_vmas += !!v->av;
		t->sharing += v->shared;
	}
}

/**
 * vmm_pid_mm() - pin the mm of a process, for a walk of its VMAs
 * @pid: the process (its thread-group leader's struct pid)
 * @tgid: where to put its tgid
 * @comm: where to put its comm (TASK_COMM_LEN bytes)
 *
 * Return: its mm, pinned with get_task_mm() (mmput() it), or NULL if there
 * is no such process or it has no mm any more.
 */
struct mm_struct *vmm_pid_mm(struct pid *pid, int *tgid, char *comm)
{
	struct task_struct *task = get_pid_task(pid, PIDTYPE_TGID);
	struct mm_struct *mm;

	if (!task)
		return NULL;
	*tgid = task->tgid;
	memcpy(comm, task->comm, TASK_COMM_LEN);
	mm = get_task_mm(task);
	put_task_struct(task);
	return mm;
}

/**
 * vmm_between_chunks() - what a walk does with no lock held between two
 * chunks: offer the CPU, and stop if the reader was killed
 *
 * Return: 0, or -EINTR.
 */
int vmm_between_chunks(void)
{
	cond_resched();
	return fatal_signal_pending(current) ? -EINTR : 0;
}

/**
 * vmm_topo_snapshot() - walk a process's anon_vma topology
 * @pid: the process (its thread-group leader's struct pid)
 * @t: the snapshot to fill (zeroed by the caller)
 *
 * Return: 0; -ESRCH if there is no such process or it has no mm any more;
 * -EINTR if the reader was killed; -ENOMEM or -E2BIG.  On error @t must
 * still be freed with vmm_topo_free().
 */
int vmm_topo_snapshot(struct pid *pid, struct vmm_topo *t)
{
	struct mm_struct *mm = vmm_pid_mm(pid, &t->tgid, t->comm);
	unsigned long addr = 0;
	bool done = false;
	int err = 0;

	if (!mm)
		return -ESRCH;
	while (!err && !done) {
		err = vmm_walk_chunk(t, mm, &addr, &done);
		if (!err && !done)
			err = vmm_between_chunks();
	}
	mmput(mm);
	if (!err)
		err = vmm_read_max_map_count(&t->max_map_count);
	if (err)
		return err;
	vmm_topo_finish(t);
	if (t->max_hold_ns > READ_ONCE(vmm_topo_max_hold_ns))
		WRITE_ONCE(vmm_topo_max_hold_ns, t->max_hold_ns);
	return 0;
}

/**
 * vmm_topo_free() - free a snapshot's memory
 * @t: the snapshot
 */
void vmm_topo_free(struct vmm_topo *t)
{
	kvfree(t->vma);
	kvfree(t->chain);
	kvfree(t->av);
	kvfree(t->mem);
	kvfree(t->hash);
	memset(t, 0, sizeof(*t));
}

/**
 * vmm_topo_visit() - replay a snapshot to a visitor (an emitter)
 * @t: the snapshot
 * @vis: the emitter
 * @out: the emitter's output
 */
void vmm_topo_visit(const struct vmm_topo *t,
		    const struct vmm_topo_visitor *vis, void *out)
{
	unsigned int i;

	vis->head(out, t);
	for (i = 0; i < t->nr_vma; i++) {
		vmm_topo_resched(i);
		vis->vma(out, t, &t->vma[i]);
	}
	if (vis->vmas_end)
		vis->vmas_end(out, t);
	for (i = 0; i < t->nr_av; i++) {
		vmm_topo_resched(i);
		vis->anon_vma(out, t, &t->av[i]);
	}
	vis->tail(out, t);
}
