/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmock.h - just enough of the kernel, in user space, to compile
 * module/topology.c and module/topo_emit.c on the host (tests/unit/
 * test_topo.c), as tools/testing/vma does for mm/vma.c: the mm, VMAs,
 * anon_vmas and their chains and trees as plain structs the test builds,
 * the locks as counters the test checks (nothing allocated under one, how
 * many VMAs one mmap_lock hold covers), seq_file with fs/seq_file.c's
 * seq_read_iter() logic, and allocations that can be made to fail.
 * Every linux/... header the two files include is this one.
 */
#ifndef VMM_KMOCK_H
#define VMM_KMOCK_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef unsigned long long u64;
typedef uint32_t u32;
typedef uint8_t u8;
typedef unsigned int gfp_t;
typedef struct { int counter; } atomic_t;

#define GFP_KERNEL 0u
#define GFP_KERNEL_ACCOUNT 0u
#define __GFP_NOWARN 0u
#define PAGE_SIZE 4096UL
#define PAGE_SHIFT 12
#define TASK_COMM_LEN 16
#define ULONG_MAX (~0UL)
#define KBUILD_MODNAME "vmamerge"
#define THIS_MODULE NULL
#define VM_SOFTDIRTY 0

#undef static_assert
#define static_assert(e, ...) _Static_assert(e, #e)
#define READ_ONCE(x) (x)
#define WRITE_ONCE(x, v) ((x) = (v))
#define likely(x) (x)
#define unlikely(x) (x)
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define min(a, b) ((a) < (b) ? (a) : (b))
#define container_of(p, type, member) \
	((type *)((char *)(p) - offsetof(type, member)))

static inline void *ERR_PTR(long e) { return (void *)e; }
static inline long PTR_ERR(const void *p) { return (long)p; }
static inline bool IS_ERR(const void *p)
{
	return (unsigned long)p >= (unsigned long)-4095;
}

static inline int atomic_read(const atomic_t *a) { return a->counter; }

static inline unsigned int ilog2(unsigned long n)
{
	return 63 - __builtin_clzl(n);
}

static inline unsigned long roundup_pow_of_two(unsigned long n)
{
	return n <= 1 ? 1 : 1UL << (64 - __builtin_clzl(n - 1));
}

static inline u32 hash_ptr(const void *p, unsigned int bits)
{
	return (u32)(((uintptr_t)p * 0x61C8864680B583EBull) >> (64 - bits));
}

/* ---- what the test sets and checks ---- */

extern int kmock_locks;		/* locks held now */
extern int kmock_alloc_fail;	/* fail the allocation after this many (-1: never) */
extern int kmock_fatal;		/* fatal_signal_pending() */
extern int kmock_mmap_holds, kmock_max_vmas_per_hold;
extern int kmock_vmas_this_hold;
extern size_t kmock_live;		/* bytes allocated, not freed */
void kmock_locked_alloc(void);

static inline void *kmock_alloc(size_t n, bool zero)
{
	size_t *p;

	if (kmock_locks)
		kmock_locked_alloc();
	if (kmock_alloc_fail == 0)
		return NULL;
	if (kmock_alloc_fail > 0)
		kmock_alloc_fail--;
	p = zero ? calloc(1, n + sizeof(size_t)) : malloc(n + sizeof(size_t));
	if (!p)
		return NULL;
	*p = n;
	kmock_live += n;
	return p + 1;
}

static inline void kvfree(const void *p)
{
	size_t *s = (size_t *)p;

	if (!p)
		return;
	kmock_live -= s[-1];
	free(s - 1);
}

#define kfree kvfree
#define kvmalloc(n, gfp) kmock_alloc(n, false)
#define kzalloc(n, gfp) kmock_alloc(n, true)
#define kvmalloc_array(n, sz, gfp) kmock_alloc((size_t)(n) * (sz), false)
#define kvcalloc(n, sz, gfp) kmock_alloc((size_t)(n) * (sz), true)

/* ---- lists, the "rbtree" (a list in the tree's order) ---- */

struct list_head {
	struct list_head *next, *prev;
};

#define list_entry(p, type, member) container_of(p, type, member)
#define list_for_each_entry(pos, head, member)				\
	for (pos = list_entry((head)->next, typeof(*pos), member);	\
	     &pos->member != (head);					\
	     pos = list_entry(pos->member.next, typeof(*pos), member))

static inline void INIT_LIST_HEAD(struct list_head *h)
{
	h->next = h->prev = h;
}

static inline void list_add_tail(struct list_head *n, struct list_head *h)
{
	n->prev = h->prev;
	n->next = h;
	h->prev->next = n;
	h->prev = n;
}

struct rb_node {
	struct rb_node *next;
};

struct rb_root_cached {
	struct rb_node *first, *last;
};

static inline struct rb_node *rb_first_cached(struct rb_root_cached *r)
{
	return r->first;
}

static inline struct rb_node *rb_next(struct rb_node *n)
{
	return n->next;
}

#define rb_entry(p, type, member) container_of(p, type, member)

/* ---- locks ---- */

typedef struct { int held; } spinlock_t;
struct rw_semaphore {
	int readers;
};

static inline void spin_lock(spinlock_t *l)
{
	l->held++;
	kmock_locks++;
	kmock_vmas_this_hold++;	/* vmm_read_chain: once a VMA */
	if (kmock_vmas_this_hold > kmock_max_vmas_per_hold)
		kmock_max_vmas_per_hold = kmock_vmas_this_hold;
}

static inline void spin_unlock(spinlock_t *l)
{
	l->held--;
	kmock_locks--;
}

static inline void down_read(struct rw_semaphore *s)
{
	s->readers++;
	kmock_locks++;
}

static inline void up_read(struct rw_semaphore *s)
{
	s->readers--;
	kmock_locks--;
}

static inline void rcu_read_lock(void) { kmock_locks++; }
static inline void rcu_read_unlock(void) { kmock_locks--; }
#define rcu_dereference(p) (p)

/* ---- the mm ---- */

struct file;
struct mm_struct;
struct anon_vma;

struct vm_area_struct {
	unsigned long vm_start, vm_end, vm_flags, vm_pgoff;
	struct file *vm_file;
	struct mm_struct *vm_mm;
	struct anon_vma *anon_vma;
	struct list_head anon_vma_chain;
	struct vm_area_struct *vm_next;
};

struct anon_vma {
	struct anon_vma *root, *parent;
	struct rw_semaphore rwsem;
	atomic_t refcount;
	unsigned long num_children, num_active_vmas;
	struct rb_root_cached rb_root;
};

struct anon_vma_chain {
	struct vm_area_struct *vma;
	struct anon_vma *anon_vma;
	struct list_head same_vma;
	struct rb_node rb;
};

struct mm_struct {
	struct vm_area_struct *mmap;
	int map_count;
	unsigned long brk, start_brk, start_stack;
	spinlock_t page_table_lock;
	int mm_users, mm_count, mmap_lock;
};

struct task_struct {
	int tgid;
	char comm[TASK_COMM_LEN];
	struct mm_struct *mm;
};

struct pid {
	struct task_struct *task;
};

enum pid_type { PIDTYPE_PID, PIDTYPE_TGID };

static inline struct vm_area_struct *find_vma(struct mm_struct *mm,
					      unsigned long addr)
{
	struct vm_area_struct *v;

	for (v = mm->mmap; v; v = v->vm_next)
		if (v->vm_end > addr)
			return v;
	return NULL;
}

static inline int mmap_read_lock_killable(struct mm_struct *mm)
{
	if (kmock_fatal)
		return -EINTR;
	mm->mmap_lock++;
	kmock_locks++;
	kmock_mmap_holds++;
	kmock_vmas_this_hold = 0;
	return 0;
}

static inline void mmap_read_unlock(struct mm_struct *mm)
{
	mm->mmap_lock--;
	kmock_locks--;
}

static inline bool mmget_not_zero(struct mm_struct *mm)
{
	if (!mm->mm_users)
		return false;
	mm->mm_users++;
	return true;
}

static inline void mmput(struct mm_struct *mm) { mm->mm_users--; }
static inline void mmgrab(struct mm_struct *mm) { mm->mm_count++; }
static inline void mmdrop(struct mm_struct *mm) { mm->mm_count--; }

static inline struct task_struct *get_pid_task(struct pid *p, enum pid_type t)
{
	(void)t;
	return p->task;
}

static inline void put_task_struct(struct task_struct *t) { (void)t; }

static inline struct mm_struct *get_task_mm(struct task_struct *t)
{
	return t->mm && mmget_not_zero(t->mm) ? t->mm : NULL;
}

static inline void cond_resched(void) { }
#define current NULL
static inline bool fatal_signal_pending(void *t)
{
	(void)t;
	return kmock_fatal;
}

static inline u64 ktime_get_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* ---- odds and ends ---- */

typedef struct { u64 key[2]; } siphash_key_t;

static inline u64 siphash_2u32(u32 a, u32 b, const siphash_key_t *k)
{
	u64 x = ((u64)a << 32 | b) ^ k->key[0];

	x *= 0x9E3779B97F4A7C15ull;
	return x ^ (x >> 29) ^ k->key[1];
}

static inline void get_random_bytes(void *p, size_t n) { memset(p, 7, n); }

static inline int kstrtou64(const char *s, unsigned int base, u64 *v)
{
	char *e;

	*v = strtoull(s, &e, base);
	return *e ? -EINVAL : 0;
}

static inline int kstrtoint(const char *s, unsigned int base, int *v)
{
	char *e;

	*v = strtol(s, &e, base);
	return *e ? -EINVAL : 0;
}

static inline char *strim(char *s) { return s; }

static inline size_t strscpy(char *d, const char *s, size_t n)
{
	snprintf(d, n, "%s", s);
	return strlen(d);
}

#define O_RDONLY 0
struct file {
	void *private_data;
};
struct inode {
	void *i_private;
};

static inline struct file *filp_open(const char *p, int f, int m)
{
	(void)p; (void)f; (void)m;
	return ERR_PTR(-ENOENT);	/* max_map_count -1 */
}

static inline long kernel_read(struct file *f, void *b, size_t n, loff_t *p)
{
	(void)f; (void)b; (void)n; (void)p;
	return -EIO;
}

static inline void filp_close(struct file *f, void *o) { (void)f; (void)o; }

struct new_utsname {
	char release[65];
};

static inline struct new_utsname *init_utsname(void)
{
	static struct new_utsname u = { "6.99.0-kmock" };

	return &u;
}

/* ---- seq_file ---- */

struct seq_file;
struct seq_operations {
	void *(*start)(struct seq_file *m, loff_t *pos);
	void (*stop)(struct seq_file *m, void *v);
	void *(*next)(struct seq_file *m, void *v, loff_t *pos);
	int (*show)(struct seq_file *m, void *v);
};

struct seq_file {
	char *buf;
	size_t size, from, count;
	loff_t index, read_pos;
	const struct seq_operations *op;
	void *private;
};

static inline bool seq_has_overflowed(struct seq_file *m)
{
	return m->count == m->size;
}

static inline __printf(2, 3) void seq_printf(struct seq_file *m,
					     const char *f, ...)
{
	va_list ap;
	int n;

	if (m->count < m->size) {
		va_start(ap, f);
		n = vsnprintf(m->buf + m->count, m->size - m->count, f, ap);
		va_end(ap);
		if (m->count + n < m->size) {
			m->count += n;
			return;
		}
	}
	m->count = m->size;
}

static inline void seq_puts(struct seq_file *m, const char *s)
{
	seq_printf(m, "%s", s);
}

static inline void seq_putc(struct seq_file *m, char c)
{
	seq_printf(m, "%c", c);
}

int seq_open(struct file *file, const struct seq_operations *op);
int seq_release(struct inode *inode, struct file *file);
long kmock_seq_read(struct file *file, char *ubuf, size_t len, loff_t *ppos);

#endif /* VMM_KMOCK_H */
