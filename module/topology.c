// SPDX-License-Identifier: GPL-2.0
/*
 * topology.c - a process's VMAs, their anon_vma chains and the anon_vmas'
 * interval trees, walked one chunk at a time for a streamed read: each
 * chunk's snapshot is printed (topo_emit.c) before the next is taken.
 *
 * Notes on locking
 * ----------------
 * Locks are taken in the kernel's rmap order, mm->mmap_lock then
 * anon_vma->root->rwsem, only ever for read, only in process context:
 *
 * - The target's mm_struct is held with mmgrab() from open to release (the
 *   struct only: a reader that keeps the file open pins no memory of the
 *   process).  Each chunk pins its address space with mmget_not_zero()
 *   (mm_users: no exit_mmap under us) and drops it with mmput() after; if
 *   the process has exited (or exec'd away from it) meanwhile, the read
 *   fails with -ESRCH.
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
 * - For each anon_vma seen for the first time in a chunk, its root's
 *   rwsem is taken for read to walk its interval tree
 *   (anon_vma_interval_tree_iter_* are not exported: the rb_root_cached is
 *   walked in order with rb_first_cached()/rb_next()) and to read
 *   num_children, num_active_vmas and parent.  Other processes' VMAs in
 *   the tree are safe to read under it, as for any rmap walk: they are
 *   unlinked under the root rwsem held for write before they are freed.
 *   Their owner task is read under rcu_read_lock().  The target's own VMAs
 *   in the tree that have an anon_vma have a chain that changes only under
 *   the mmap_lock held for write: it is read (vmm_reuses) under both.  No
 *   other process's mmap_lock is ever taken.
 * - Nothing is allocated while a lock is held (reclaim may walk rmap and
 *   want the same rwsem): a chunk's arrays are made at open and emptied
 *   before each chunk.  A VMA that finds no room (a long chain, many
 *   members) ends the chunk before it; if it is the chunk's first VMA, the
 *   arrays it was short of are doubled with no lock held, up to
 *   VMM_TOPO_MAX_BYTES (then -E2BIG), and the chunk is walked again.
 * - ->parent and ->root are recorded as values; only anon_vmas found on a
 *   live VMA's chain are dereferenced.
 *
 * Streaming
 * ---------
 * The formats list every VMA first, then every anon_vma, then the totals,
 * so a read walks the process twice, chunk by chunk: the first pass prints
 * the VMAs, the second the anon_vmas.  Each anon_vma is printed once, with
 * the chunk of the lowest-addressed VMA of the target linked to it: when
 * a chunk meets it first, a VMA of the target below the one being walked
 * in its tree means it was printed already.  A VMA's `reused` and `shared`
 * and an anon_vma's depth are read from the anon_vmas on the chunk's
 * chains, which hold every ancestor of each (anon_vma_clone() copies a
 * whole chain); an anon_vma's `reused` mark from the target's VMAs in its
 * scanned tree whose own anon_vma it is.
 *
 * Kept across chunks, and why it is bounded: where the next chunk starts,
 * the running totals, and the identities of anon_vmas whose trees hold
 * more than VMM_TOPO_SCAN VMAs, in the first pass those not shared with
 * another process (so that their trees are scanned once a read, not once
 * a chunk), in the second those already printed (the scan cannot see
 * whether a lower VMA of the target is among them): 16 bytes each (an
 * 8-byte slot of a table kept at most half full), for objects each of
 * which pins more than VMM_TOPO_SCAN anon_vma_chains (64 bytes each) in
 * the kernel: less than 1/4096 of the memory of the trees it stands for,
 * and none at all for a process with no such anon_vma.  Everything else a
 * chunk holds is emptied before the next one, so a read holds one chunk's
 * snapshot (about 110 KiB, `status`'s topology_peak_bytes) and seq_file's
 * page of text, whatever the size of the process.
 *
 * A walk that cannot finish (the target exits, the reader is killed, a
 * limit is hit) fails the read with that error after what it printed: the
 * text's last line (`totals`), the JSON's and the DOT's closing brace come
 * only from a walk that finished, so nothing partial passes for whole.
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
#define VMM_TOPO_AVS 256		/* anon_vmas a chunk holds, at first */
#define VMM_TOPO_MAX_BYTES (64UL << 20)	/* what one read may hold */

/* What a VMA found no room for (vmm_topo.short_of). */
#define VMM_SHORT_VMA	1
#define VMM_SHORT_CHAIN	2
#define VMM_SHORT_AV	4
#define VMM_SHORT_MEM	8

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

/*
 * Replace the array *@arr by one of @ncap elements of @elem bytes: a
 * chunk's arrays are emptied before each chunk, so nothing is copied.
 * With no lock held.
 */
static int vmm_realloc(struct vmm_topo *t, void **arr, unsigned int *cap,
		       unsigned int ncap, size_t elem)
{
	size_t old = (size_t)*cap * elem, new = (size_t)ncap * elem;
	void *n;

	if (t->bytes - old + new > VMM_TOPO_MAX_BYTES)
		return -E2BIG;
	/* Sized by the target: a failure is the reader's ENOMEM, not a log splat. */
	n = kvmalloc_array(ncap, elem, GFP_KERNEL | __GFP_NOWARN);
	if (!n)
		return -ENOMEM;
	t->peak = max(t->peak, t->bytes + new);
	kvfree(*arr);
	*arr = n;
	*cap = ncap;
	t->bytes = t->bytes - old + new;
	return 0;
}

#define VMM_REALLOC(t, name, ncap)					\
	vmm_realloc(t, (void **)&(t)->name, &(t)->cap_##name, ncap,	\
		    sizeof(*(t)->name))

/* The chunk's anon_vma hash: twice the room of the anon_vma array. */
static int vmm_hash_alloc(struct vmm_topo *t)
{
	unsigned int cap = roundup_pow_of_two(2 * t->cap_av);

	return vmm_realloc(t, (void **)&t->hash, &t->hash_cap, cap,
			   sizeof(*t->hash));
}

/* The index + 1 of anon_vma @id in the hash, or the free slot's negative. */
static long vmm_av_slot(const struct vmm_topo *t, const void *id)
{
	unsigned int i;

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

/* Index the chunk's first @nr anon_vmas (after a VMA's were taken back). */
static void vmm_hash_fill(struct vmm_topo *t, unsigned int nr)
{
	unsigned int i;

	memset(t->hash, 0, t->hash_cap * sizeof(*t->hash));
	t->nr_av = nr;
	for (i = 0; i < nr; i++)
		t->hash[-vmm_av_slot(t, t->av[i].id) - 1] = i + 1;
}

/* The table of shown anon_vmas too large to scan: open addressing. */
static long vmm_big_slot(const void **big, unsigned int cap, const void *id)
{
	unsigned int i;

	for (i = hash_ptr(id, ilog2(cap));; i = (i + 1) & (cap - 1)) {
		if (!big[i])
			return -(long)i - 1;
		if (big[i] == id)
			return i;
	}
}

static bool vmm_big_has(const struct vmm_topo *t, const void *id)
{
	return t->cap_big && vmm_big_slot(t->big, t->cap_big, id) >= 0;
}

/* Remember a shown anon_vma too large to scan; with no lock held. */
static int vmm_big_add(struct vmm_topo *t, const void *id)
{
	unsigned int cap = t->cap_big ? t->cap_big * 2 : 64, i;
	size_t new = (size_t)cap * sizeof(*t->big);
	const void **n;

	if (vmm_big_has(t, id))
		return 0;
	if ((t->nr_big + 1) * 2 > t->cap_big) {
		if (t->bytes + new > VMM_TOPO_MAX_BYTES)
			return -E2BIG;
		n = kvcalloc(cap, sizeof(*n), GFP_KERNEL | __GFP_NOWARN);
		if (!n)
			return -ENOMEM;
		t->bytes += new;
		t->peak = max(t->peak, t->bytes);
		for (i = 0; i < t->cap_big; i++)
			if (t->big[i])
				n[-vmm_big_slot(n, cap, t->big[i]) - 1] = t->big[i];
		t->bytes -= (size_t)t->cap_big * sizeof(*t->big);
		kvfree(t->big);
		t->big = n;
		t->cap_big = cap;
	}
	t->big[-vmm_big_slot(t->big, t->cap_big, id) - 1] = id;
	t->nr_big++;
	return 0;
}

/*
 * @w, a VMA of the target whose own anon_vma is @av, was given @av by
 * anon_vma_clone() instead of a new one: a younger anon_vma on its chain
 * descends from it.  Under @av's root rwsem and the target's mmap_lock
 * (@w has an anon_vma: its chain changes only under mmap_lock for write).
 */
static bool vmm_reuses(struct vmm_topo *t, struct vm_area_struct *w,
		       const struct anon_vma *av)
{
	struct anon_vma_chain *avc;

	list_for_each_entry(avc, &w->anon_vma_chain, same_vma) {
		t->work++;
		if (avc->anon_vma != av && READ_ONCE(avc->anon_vma->parent) == av)
			return true;
	}
	return false;
}

/*
 * Record anon_vma @av, first met in this chunk on @vma's chain.  First
 * pass: is it shared with another process?  Second pass: is it shown with
 * this chunk (no VMA of the target below @vma links it), and if so its
 * members and its reused mark.  Its tree is not scanned if t->big has it:
 * first pass, too large and not shared; second pass, too large and shown.
 * Return: 0, or -ENOSPC if there is no room for it.
 */
static int vmm_walk_av(struct vmm_topo *t, struct mm_struct *mm,
		       struct vm_area_struct *vma, struct anon_vma *av)
{
	struct anon_vma *root = READ_ONCE(av->root);
	bool scan = !vmm_big_has(t, av), lower = false;
	struct vmm_tav *a;
	struct rb_node *rb;
	long slot;

	slot = vmm_av_slot(t, av);
	if (slot >= 0)
		return 0;	/* seen already */
	if (t->nr_av == t->cap_av) {
		t->short_of |= VMM_SHORT_AV;
		return -ENOSPC;
	}
	if (t->avs && scan && t->cap_mem - t->nr_mem < VMM_TOPO_MEMBERS) {
		t->short_of |= VMM_SHORT_MEM;
		return -ENOSPC;
	}
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
	for (rb = scan ? rb_first_cached(&av->rb_root) : NULL; rb; rb = rb_next(rb)) {
		struct anon_vma_chain *avc =
			rb_entry(rb, struct anon_vma_chain, rb);
		struct vm_area_struct *v = avc->vma;
		struct vmm_tmem *m;

		if (a->mem_total == VMM_TOPO_SCAN) {
			a->mem_more = true;
			break;
		}
		a->mem_total++;
		if (v->vm_mm != mm) {
			a->shared = true;
			if (!t->avs)
				break;	/* all the first pass asks */
		} else if (t->avs) {
			if (v->vm_start < vma->vm_start)
				lower = true;
			if (!a->reused && READ_ONCE(v->anon_vma) == av)
				a->reused = vmm_reuses(t, v, av);
		}
		if (!t->avs || a->mem_len == VMM_TOPO_MEMBERS)
			continue;
		m = &t->mem[t->nr_mem + a->mem_len++];
		m->vma = v;
		m->start = v->vm_start;
		m->end = v->vm_end;
		m->other = v->vm_mm != mm;
		vmm_owner(v->vm_mm, m);
	}
	up_read(&root->rwsem);

	t->work += a->mem_total;
	/*
	 * A tree too large to scan whole: shown the first time a chunk meets
	 * it (it is then remembered in t->big); else with the lowest VMA.
	 */
	a->scanned = scan;
	a->own = t->avs && scan && (a->mem_more || !lower);
	if (a->own)
		t->nr_mem += a->mem_len;
	else
		a->mem_len = 0;
	t->hash[-slot - 1] = ++t->nr_av;
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

/* Record @vma and the anon_vmas on its chain.  Return: 0 or -ENOSPC. */
static int vmm_walk_vma(struct vmm_topo *t, struct mm_struct *mm,
			struct vm_area_struct *vma)
{
	struct anon_vma *av;
	struct vmm_tvma *v;
	unsigned int i, n;
	int err;

	if (t->nr_vma == t->cap_vma) {
		t->short_of |= VMM_SHORT_VMA;
		return -ENOSPC;
	}
	n = vmm_read_chain(t, mm, vma, &av);
	if (n > t->cap_chain - t->nr_chain) {
		t->short_of |= VMM_SHORT_CHAIN;
		return -ENOSPC;
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
		err = vmm_walk_av(t, mm, vma, (void *)t->chain[v->chain_off + i]);
		if (err)
			return err;
	}
	return 0;
}

/* Walk the VMAs from t->addr on, one chunk under mmap_lock. */
static int vmm_walk_chunk(struct vmm_topo *t, struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	unsigned int n = 0;
	u64 t0, held;
	int err = 0;

	t->nr_vma = 0;
	t->nr_chain = 0;
	t->nr_mem = 0;
	t->work = 0;
	t->short_of = 0;
	vmm_hash_fill(t, 0);
	if (mmap_read_lock_killable(mm))
		return -EINTR;
	t0 = ktime_get_ns();
	for (vma = find_vma(mm, t->addr);
	     vma && n < VMM_TOPO_CHUNK && t->work < VMM_TOPO_BUDGET;
	     vma = vmm_vma_after(mm, vma), n++) {
		unsigned int nv = t->nr_vma, nc = t->nr_chain, na = t->nr_av;
		unsigned int nm = t->nr_mem;

		err = vmm_walk_vma(t, mm, vma);
		if (err == -ENOSPC && n) {
			/* No room for this VMA: the chunk ends before it. */
			t->nr_vma = nv;
			t->nr_chain = nc;
			t->nr_mem = nm;
			vmm_hash_fill(t, na);
			err = 0;
			break;
		}
		if (err)
			break;
		t->addr = vma->vm_end;
	}
	t->done = !vma;
	t->map_count = mm->map_count;
	held = ktime_get_ns() - t0;
	mmap_read_unlock(mm);
	t->max_hold_ns = max(t->max_hold_ns, held);
	return err;
}

/* Double what the chunk's first VMA found no room in; no lock held. */
static int vmm_topo_grow(struct vmm_topo *t)
{
	int err = 0;

	if (t->short_of & VMM_SHORT_VMA)
		err = VMM_REALLOC(t, vma, 2 * t->cap_vma);
	if (!err && (t->short_of & VMM_SHORT_CHAIN))
		err = VMM_REALLOC(t, chain, 2 * t->cap_chain);
	if (!err && (t->short_of & VMM_SHORT_AV))
		err = VMM_REALLOC(t, av, 2 * t->cap_av) ?: vmm_hash_alloc(t);
	if (!err && (t->short_of & VMM_SHORT_MEM))
		err = VMM_REALLOC(t, mem, 2 * t->cap_mem);
	t->nr_av = 0;
	if (!err)
		vmm_hash_fill(t, 0);
	return err;
}

/* A chunk's VMAs' reuse and sharing, or its anon_vmas' depths; totals. */
static int vmm_chunk_finish(struct vmm_topo *t)
{
	unsigned int i, j;
	int err;

	t->vma_base = t->nr_vmas;
	t->av_base = t->nr_avs;
	for (i = 0; i < t->nr_vma && !t->avs; i++) {
		struct vmm_tvma *v = &t->vma[i];

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
		t->nr_vmas++;
		t->anonymous += !v->file;
		t->anon_vmas += !!v->av;
		t->sharing += v->shared;
	}
	/* Too large to scan, and not shared: not scanned again this pass. */
	for (i = 0; i < t->nr_av && !t->avs; i++) {
		if (t->av[i].mem_more) {
			err = vmm_big_add(t, t->av[i].id);
			if (err)
				return err;
		}
	}
	for (i = 0; i < t->nr_av && t->avs; i++) {
		struct vmm_tav *a = &t->av[i];
		const struct vmm_tav *p = a;
		unsigned int d = 0;

		if (!a->own)
			continue;
		while (p && p->parent != p->id && d < t->nr_av) {
			p = vmm_av_find(t, p->parent);
			d++;
		}
		a->depth = d;
		a->seq = t->nr_avs++;
		t->deepest = max(t->deepest, d);
		if (a->mem_more) {
			err = vmm_big_add(t, a->id);
			if (err)
				return err;
		}
	}
	return 0;
}

/**
 * vmm_topo_next_chunk() - walk the next chunk of the current pass
 * @t: the read, from vmm_topo_begin()
 *
 * Replaces the chunk @t holds by the next one, which may be empty; once the
 * pass has walked the last VMA, t->done is set.
 *
 * Return: 0; -ESRCH if the target has exited; -EINTR if the reader was
 * killed; -ENOMEM or -E2BIG.  After an error @t holds nothing to show.
 */
int vmm_topo_next_chunk(struct vmm_topo *t)
{
	int err = 0;

	if (t->chunks)
		err = vmm_between_chunks();
	if (!err && !mmget_not_zero(t->mm))
		err = -ESRCH;
	if (err)
		goto out;
	for (;;) {
		err = vmm_walk_chunk(t, t->mm);
		if (err != -ENOSPC)
			break;
		err = vmm_topo_grow(t);
		if (err)
			break;
	}
	mmput(t->mm);
	if (t->max_hold_ns > READ_ONCE(vmm_topo_max_hold_ns))
		WRITE_ONCE(vmm_topo_max_hold_ns, t->max_hold_ns);
	t->chunks++;
	if (!err)
		err = vmm_chunk_finish(t);
out:
	if (err) {
		t->nr_vma = 0;
		t->nr_av = 0;
	}
	return err;
}

/**
 * vmm_topo_second_pass() - start the walk again, for the anon_vmas
 * @t: the read, whose first pass is done
 */
void vmm_topo_second_pass(struct vmm_topo *t)
{
	if (t->big)
		memset(t->big, 0, t->cap_big * sizeof(*t->big));
	t->nr_big = 0;
	t->avs = true;
	t->addr = 0;
	t->done = false;
	t->nr_vma = 0;
	t->nr_av = 0;
}

/**
 * vmm_topo_begin() - start a streamed read of a process's topology
 * @pid: the process (its thread-group leader's struct pid)
 * @t: the read to fill (zeroed by the caller)
 *
 * Everything a read needs is allocated here, so that a read whose walk
 * meets nothing unusual allocates nothing more; the target's mm_struct is
 * held, not its memory.
 *
 * Return: 0; -ESRCH if there is no such process or it has no mm any more;
 * -ENOMEM.  On error @t must still be freed with vmm_topo_end().
 */
int vmm_topo_begin(struct pid *pid, struct vmm_topo *t)
{
	struct mm_struct *mm = vmm_pid_mm(pid, &t->tgid, t->comm);

	if (!mm)
		return -ESRCH;
	mmgrab(mm);
	t->mm = mm;
	mmput(mm);
	return vmm_read_max_map_count(&t->max_map_count) ?:
	       VMM_REALLOC(t, vma, VMM_TOPO_CHUNK) ?:
	       VMM_REALLOC(t, chain, VMM_TOPO_CHUNK * 8) ?:
	       VMM_REALLOC(t, av, VMM_TOPO_AVS) ?:
	       VMM_REALLOC(t, mem, VMM_TOPO_BUDGET + 2 * VMM_TOPO_MEMBERS) ?:
	       vmm_hash_alloc(t);
}

/**
 * vmm_topo_end() - free a read's memory and let go of the target's mm
 * @t: the read
 */
void vmm_topo_end(struct vmm_topo *t)
{
	kvfree(t->vma);
	kvfree(t->chain);
	kvfree(t->av);
	kvfree(t->mem);
	kvfree(t->hash);
	kvfree(t->big);
	if (t->mm)
		mmdrop(t->mm);
	memset(t, 0, sizeof(*t));
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

