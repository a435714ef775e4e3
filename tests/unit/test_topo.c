// SPDX-License-Identifier: GPL-2.0
/*
 * test_topo.c - the streamed topology read, module/topology.c and
 * module/topo_emit.c as they are, compiled against kmock/ (a user-space
 * stand-in for the kernel: VMAs, anon_vmas, chains and trees built here,
 * locks that count, seq_file's read loop).  What a guest cannot show
 * cheaply: the same document whatever the reader's buffer size (seq_file
 * retrying records that overflow it), each anon_vma listed exactly once
 * across chunks, depths and reuse marks, the tables' growth and a chunk
 * ending early when a VMA finds no room, errors mid-read that stick and
 * leave no end marker, nothing allocated under a lock, at most 64 VMAs a
 * hold, a read's memory bounded, and nothing leaked.
 */
#include "kmock.h"
#include "unit.h"

int kmock_locks, kmock_alloc_fail = -1, kmock_fatal;
int kmock_mmap_holds, kmock_max_vmas_per_hold, kmock_vmas_this_hold;
size_t kmock_live;
static int locked_allocs;

void kmock_locked_alloc(void)
{
	locked_allocs++;
}

#include "../../module/topology.c"
#include "../../module/topo_emit.c"

int seq_open(struct file *file, const struct seq_operations *op)
{
	struct seq_file *m = kzalloc(sizeof(*m), GFP_KERNEL);

	if (!m)
		return -ENOMEM;
	m->op = op;
	file->private_data = m;
	return 0;
}

int seq_release(struct inode *inode, struct file *file)
{
	struct seq_file *m = file->private_data;

	(void)inode;
	kvfree(m->buf);
	kfree(m);
	return 0;
}

/* fs/seq_file.c's seq_read_iter(), into a plain buffer. */
long kmock_seq_read(struct file *file, char *ubuf, size_t size, loff_t *ppos)
{
	struct seq_file *m = file->private_data;
	size_t copied = 0, n;
	long err = 0;
	void *p;

	if (!size)
		return 0;
	if (*ppos == 0) {
		m->index = 0;
		m->count = 0;
	}
	if (!m->buf) {
		m->buf = kvmalloc(m->size = PAGE_SIZE, GFP_KERNEL);
		if (!m->buf)
			return -ENOMEM;
	}
	if (m->count) {
		n = min(m->count, size);
		memcpy(ubuf, m->buf + m->from, n);
		m->count -= n;
		m->from += n;
		copied += n;
		if (m->count)
			goto done;
	}
	m->from = 0;
	p = m->op->start(m, &m->index);
	while (1) {
		err = PTR_ERR(p);
		if (!p || IS_ERR(p))
			break;
		err = m->op->show(m, p);
		if (err < 0)
			break;
		if (err)
			m->count = 0;
		if (!m->count) {
			p = m->op->next(m, p, &m->index);
			continue;
		}
		if (!seq_has_overflowed(m))
			goto fill;
		m->op->stop(m, p);
		kvfree(m->buf);
		m->count = 0;
		m->buf = kvmalloc(m->size <<= 1, GFP_KERNEL);
		if (!m->buf) {
			err = -ENOMEM;
			goto done;
		}
		p = m->op->start(m, &m->index);
	}
	m->op->stop(m, p);
	m->count = 0;
	goto done;
fill:
	while (1) {
		size_t offs = m->count;
		loff_t pos = m->index;

		p = m->op->next(m, p, &m->index);
		T(pos != m->index, "next() moves the position on");
		if (!p || IS_ERR(p))
			break;
		if (m->count >= size - copied)
			break;
		err = m->op->show(m, p);
		if (err > 0) {
			m->count = offs;
		} else if (err || seq_has_overflowed(m)) {
			m->count = offs;
			break;
		}
	}
	m->op->stop(m, p);
	n = min(m->count, size - copied);
	memcpy(ubuf + copied, m->buf, n);
	copied += n;
	m->count -= n;
	m->from = n;
done:
	if (!copied)
		return m->count ? -EFAULT : err;
	*ppos += copied;
	m->read_pos += copied;
	return copied;
}

/* ---- a world of processes ---- */

static struct task_struct *world[1024];	/* kept: not leaks */
static unsigned int nworld;

static struct mm_struct *mm_new(struct pid *pid, int tgid)
{
	struct task_struct *t = calloc(1, sizeof(*t));
	struct mm_struct *mm = calloc(1, sizeof(*mm));

	mm->mm_users = 1;
	mm->mm_count = 1;
	t->tgid = tgid;
	snprintf(t->comm, sizeof(t->comm), "p%d", tgid);
	t->mm = mm;
	pid->task = t;
	world[nworld++] = t;
	return mm;
}

/* Append a VMA (callers go in address order). */
static struct vm_area_struct *vma_new(struct mm_struct *mm, unsigned long start,
				      unsigned long pages)
{
	struct vm_area_struct *v = calloc(1, sizeof(*v)), **pp;

	v->vm_start = start;
	v->vm_end = start + pages * PAGE_SIZE;
	v->vm_flags = 0x73;
	v->vm_pgoff = start >> PAGE_SHIFT;
	v->vm_mm = mm;
	INIT_LIST_HEAD(&v->anon_vma_chain);
	for (pp = &mm->mmap; *pp; pp = &(*pp)->vm_next)
		;
	*pp = v;
	mm->map_count++;
	return v;
}

static struct anon_vma **avs;		/* kept: not leaks */
static size_t navs;

static struct anon_vma *av_new(struct anon_vma *parent)
{
	struct anon_vma *a = calloc(1, sizeof(*a));

	if (!(navs & (navs + 1)))
		avs = realloc(avs, 2 * (navs + 1) * sizeof(*avs));
	avs[navs++] = a;

	a->parent = parent ? parent : a;
	a->root = parent ? parent->root : a;
	a->refcount.counter = 1;
	a->num_children = 1;
	if (parent)
		parent->num_children++;
	return a;
}

/* Link @v to @a: its chain, and @a's tree. */
static void link_av(struct vm_area_struct *v, struct anon_vma *a)
{
	struct anon_vma_chain *c = calloc(1, sizeof(*c));

	c->vma = v;
	c->anon_vma = a;
	list_add_tail(&c->same_vma, &v->anon_vma_chain);
	if (a->rb_root.last)
		a->rb_root.last->next = &c->rb;
	else
		a->rb_root.first = &c->rb;
	a->rb_root.last = &c->rb;
	a->num_active_vmas += !v->anon_vma || v->anon_vma == a;
}

/* Fault/fork: @v's own anon_vma is @own, its chain @n anon_vmas. */
static void chain(struct vm_area_struct *v, struct anon_vma *own, int n, ...)
{
	va_list ap;
	int i;

	v->anon_vma = own;
	va_start(ap, n);
	for (i = 0; i < n; i++)
		link_av(v, va_arg(ap, struct anon_vma *));
	va_end(ap);
}

/* munmap: @v leaves its mm and its anon_vmas' trees, and is freed. */
static void vma_unmap(struct vm_area_struct *v)
{
	struct vm_area_struct **pp;
	struct list_head *l, *n;

	for (pp = &v->vm_mm->mmap; *pp != v; pp = &(*pp)->vm_next)
		;
	*pp = v->vm_next;
	v->vm_mm->map_count--;
	for (l = v->anon_vma_chain.next; l != &v->anon_vma_chain; l = n) {
		struct anon_vma_chain *c = list_entry(l, struct anon_vma_chain, same_vma);
		struct rb_root_cached *t = &c->anon_vma->rb_root;
		struct rb_node **rp, *prev = NULL;

		n = l->next;
		for (rp = &t->first; *rp != &c->rb; rp = &(*rp)->next)
			prev = *rp;
		*rp = c->rb.next;
		if (t->last == &c->rb)
			t->last = prev;
		free(c);
	}
	free(v);
}

/* ---- reading ---- */

struct doc {
	char *p;
	size_t len;
	long err;	/* 0, or the read's error */
};

static void doc_free(struct doc *d)
{
	free(d->p);
	memset(d, 0, sizeof(*d));
}

/*
 * Read a topology file in reads of @rsize bytes; after the first, call
 * @midway.  Checks what must hold of every read.
 */
static struct doc read_doc(struct pid *pid, const struct vmm_topo_visitor *vis,
			   size_t rsize, void (*midway)(void *), void *arg)
{
	struct doc d = { NULL, 0, 0 };
	struct file f = { NULL };
	struct inode ino = { NULL };
	size_t live = kmock_live, cap = 1 << 16;
	struct mm_struct *mm = pid->task->mm;
	int count = mm->mm_count, users = mm->mm_users, reads = 0;
	loff_t pos = 0;
	long n;

	d.p = malloc(cap);
	d.err = vmm_topo_open(&f, pid, vis);
	if (d.err) {
		T(kmock_live == live, "a failed open leaves nothing allocated");
		T(mm->mm_count == count, "a failed open lets go of the mm");
		return d;
	}
	T(mm->mm_users == users, "an open file pins no address space");
	for (;;) {
		if (d.len + rsize + 1 > cap) {
			cap = 2 * (d.len + rsize + 1);
			d.p = realloc(d.p, cap);
		}
		n = kmock_seq_read(&f, d.p + d.len, rsize, &pos);
		if (n <= 0) {
			d.err = n;
			break;
		}
		d.len += n;
		if (!reads++ && midway)
			midway(arg);
	}
	if (d.err)	/* sticks */
		T(kmock_seq_read(&f, d.p + d.len, rsize, &pos) == d.err,
		  "after an error the next read fails the same way");
	else
		T(kmock_seq_read(&f, d.p + d.len, rsize, &pos) == 0,
		  "after the end, EOF again");
	d.p[d.len] = 0;
	vmm_topo_release(&ino, &f);
	T(kmock_live == live, "a closed file leaves nothing allocated");
	T(mm->mm_count == count, "a closed file lets go of the mm");
	T(!kmock_locks, "no lock held between reads");
	return d;
}

static int count_lines(const char *p, const char *prefix)
{
	int n = 0;
	size_t l = strlen(prefix);

	for (; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p)
		n += !strncmp(p, prefix, l);
	return n;
}

/* The text line that starts with @prefix, or NULL. */
static const char *line_of(const char *p, const char *prefix)
{
	size_t l = strlen(prefix);

	for (; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p)
		if (!strncmp(p, prefix, l))
			return p;
	return NULL;
}

static const char *last_line(const struct doc *d)
{
	const char *p = d->p + d->len;

	if (d->len < 2)
		return d->p;
	for (p -= 2; p > d->p && p[-1] != '\n'; p--)
		;
	return p;
}

static bool json_parses(const struct doc *d)
{
	FILE *py = popen("python3 -c 'import json,sys; json.load(sys.stdin)'", "w");

	if (!py)
		return false;
	fwrite(d->p, 1, d->len, py);
	return pclose(py) == 0;
}

/* Every anon_vma named on a vma line has exactly one anon_vma line. */
static bool avs_listed_once(const char *p)
{
	char id[17];
	const char *q, *r;
	char key[40];
	bool first;

	for (q = p; q && *q; q = strchr(q, '\n'), q = q ? q + 1 : q) {
		if (strncmp(q, "vma ", 4))
			continue;
		r = strstr(q, " chain ");
		if (!r || r[7] == '-')
			continue;
		for (r += 6, first = true; first || *r == ','; r += 17, first = false) {
			memcpy(id, r + 1, 16);
			id[16] = 0;
			snprintf(key, sizeof(key), "anon_vma %s ", id);
			if (count_lines(p, key) != 1)
				return false;
		}
	}
	return true;
}

static const size_t rsizes[] = { 1, 7, 100, 4096, 1 << 20 };

/* Read @vis's document at every read size: the same bytes each time. */
static struct doc read_same(struct pid *pid, const struct vmm_topo_visitor *vis,
			    const char *what)
{
	struct doc d = read_doc(pid, vis, 1 << 20, NULL, NULL), e;
	unsigned int i;

	T(!d.err, what);
	for (i = 0; i < ARRAY_SIZE(rsizes); i++) {
		e = read_doc(pid, vis, rsizes[i], NULL, NULL);
		T(!e.err && e.len == d.len && !memcmp(e.p, d.p, d.len),
		  "the same document whatever the read size");
		doc_free(&e);
	}
	return d;
}

/* ---- scenarios ---- */

#define BASE 0x400000000000UL

/*
 * topo.c's fork chain: a parent's three VMAs share anon_vma A; a child's
 * have their own, children of A; a grandchild's theirs, children of the
 * child's.  The grandchild is read, with unfaulted VMAs around.
 */
static void test_fork_chain(void)
{
	struct pid pp, pc, pg;
	struct mm_struct *p = mm_new(&pp, 100), *c = mm_new(&pc, 101),
		*g = mm_new(&pg, 102);
	struct anon_vma *a = av_new(NULL), *ca[3], *ga[3];
	struct doc d;
	char key[64];
	int i;

	vma_new(g, BASE - 0x10000, 1);
	for (i = 0; i < 3; i++) {
		struct vm_area_struct *pv = vma_new(p, BASE + i * PAGE_SIZE, 1);
		struct vm_area_struct *cv = vma_new(c, BASE + i * PAGE_SIZE, 1);
		struct vm_area_struct *gv = vma_new(g, BASE + i * PAGE_SIZE, 1);

		ca[i] = av_new(a);
		ga[i] = av_new(ca[i]);
		chain(pv, a, 1, a);
		chain(cv, ca[i], 2, a, ca[i]);
		chain(gv, ga[i], 3, a, ca[i], ga[i]);
	}
	vma_new(g, BASE + 0x100000, 4);

	d = read_same(&pg, &vmm_topo_text, "the grandchild's text reads");
	T(!strncmp(d.p, "vmamerge topology v1\nprocess 102 p102 kernel ", 45),
	  "text: its head");
	T(count_lines(d.p, "vma ") == 5, "text: one line per VMA");
	T(count_lines(d.p, "anon_vma ") == 7, "text: A, the child's three, its own three");
	T(avs_listed_once(d.p), "text: every anon_vma on a chain has one line");
	snprintf(key, sizeof(key), "anon_vma %016llx ", vmm_id(a));
	T(line_of(d.p, key) && strstr(line_of(d.p, key), " depth 0 "), "A: depth 0");
	snprintf(key, sizeof(key), "anon_vma %016llx ", vmm_id(ca[1]));
	T(line_of(d.p, key) && strstr(line_of(d.p, key), " depth 1 "), "the child's: depth 1");
	snprintf(key, sizeof(key), "anon_vma %016llx ", vmm_id(ga[2]));
	T(line_of(d.p, key) && strstr(line_of(d.p, key), " depth 2 "), "its own: depth 2");
	T(line_of(d.p, key) && strstr(line_of(d.p, key), " members 1\n"), "its own: one member");
	snprintf(key, sizeof(key), "anon_vma %016llx ", vmm_id(a));
	T(line_of(d.p, key) && strstr(line_of(d.p, key), " shared members 9\n"),
	  "A: shared, 9 members");
	T(count_lines(d.p, "  vma ") == 9 + 3 * 2 + 3, "every member listed");
	T(!strstr(d.p, "reused"), "nothing reused");
	T(!strncmp(last_line(&d), "totals map_count 5 max_map_count -1 vmas 5 anonymous_vmas 5 anon_vma_vmas 3 anon_vmas 7 deepest_parent_chain 2 vmas_sharing_with_other_processes 3\n", 200),
	  "text: ends with its totals");
	doc_free(&d);

	d = read_same(&pg, &vmm_topo_json, "the grandchild's JSON reads");
	T(json_parses(&d), "JSON: parses");
	T(d.len > 3 && !strcmp(d.p + d.len - 3, "}}\n"), "JSON: closes");
	doc_free(&d);
	d = read_same(&pg, &vmm_topo_dot, "the grandchild's DOT reads");
	T(!strcmp(last_line(&d), "}\n"), "DOT: closes");
	T(strstr(d.p, "[color=blue, label=\"parent\"]") != NULL, "DOT: parent edges");
	doc_free(&d);
	d = read_same(&pp, &vmm_topo_json, "the parent's JSON reads");
	T(json_parses(&d), "the parent's JSON parses");
	doc_free(&d);
}

/*
 * anon_vma_clone()'s reuse: a VMA whose own anon_vma X is older than Y,
 * a child of X on its chain.
 */
static void test_reuse(void)
{
	struct pid pr, po;
	struct mm_struct *r = mm_new(&pr, 200), *o = mm_new(&po, 201);
	struct anon_vma *a = av_new(NULL), *x = av_new(a), *y = av_new(x);
	struct vm_area_struct *v = vma_new(r, BASE, 2), *w = vma_new(o, BASE, 2);
	struct doc d;
	char key[64];

	chain(w, y, 3, a, x, y);
	chain(v, x, 3, a, x, y);
	d = read_same(&pr, &vmm_topo_text, "reuse: reads");
	T(line_of(d.p, "vma ") && strstr(line_of(d.p, "vma "), " reused shared\n"),
	  "the VMA is marked reused (and shared)");
	snprintf(key, sizeof(key), "anon_vma %016llx ", vmm_id(x));
	T(line_of(d.p, key) && strstr(line_of(d.p, key), " depth 1 reused shared "),
	  "X is marked reused");
	snprintf(key, sizeof(key), "anon_vma %016llx ", vmm_id(y));
	T(line_of(d.p, key) && !strstr(line_of(d.p, key), "reused"), "Y is not");
	doc_free(&d);
}

/*
 * One anon_vma linked to 3,000 VMAs of the target (a faulted range split
 * by mprotect) and, with @fork, as many of a child's: too large to scan,
 * listed once, its count a lower bound; a read holds one chunk.
 */
static void test_big(int fork)
{
	struct pid pt, pc;
	struct mm_struct *t = mm_new(&pt, 300 + fork), *c = mm_new(&pc, 310 + fork);
	struct anon_vma *b = av_new(NULL);
	struct doc d;
	char key[64];
	int i, holds;

	for (i = 0; i < 3000; i++) {
		chain(vma_new(t, BASE + 2 * i * PAGE_SIZE, 1), b, 1, b);
		if (fork)
			chain(vma_new(c, BASE + 2 * i * PAGE_SIZE, 1), b, 1, b);
	}
	kmock_max_vmas_per_hold = 0;
	WRITE_ONCE(vmm_topo_peak_bytes, 0);
	holds = kmock_mmap_holds;
	d = read_doc(&pt, &vmm_topo_text, 4096, NULL, NULL);
	holds = kmock_mmap_holds - holds;
	T(!d.err, "big: reads");
	T(count_lines(d.p, "vma ") == 3000, "big: 3,000 VMAs");
	T(count_lines(d.p, "anon_vma ") == 1, "big: the anon_vma listed once");
	snprintf(key, sizeof(key), "anon_vma %016llx ", vmm_id(b));
	T(line_of(d.p, key) && strstr(line_of(d.p, key), " members 1024+\n"),
	  "big: its count a lower bound");
	T(count_lines(d.p, "  vma ") == 256, "big: 256 members listed");
	T(line_of(d.p, "  ... 768 more\n") != NULL, "big: and 768 more");
	T(fork == (strstr(line_of(d.p, "vma "), " shared\n") != NULL),
	  "big: VMAs shared only with a child");
	T(kmock_max_vmas_per_hold <= 64, "big: at most 64 VMAs a hold");
	T(holds < 200, "big: its tree scanned once a pass, not once a chunk");
	T(vmm_topo_peak_bytes < (256 << 10), "big: a read holds under 256 KiB");
	T(avs_listed_once(d.p), "big: every anon_vma on a chain has one line");
	doc_free(&d);
	d = read_same(&pt, &vmm_topo_json, "big: JSON reads");
	T(json_parses(&d), "big: JSON parses");
	doc_free(&d);
}

/*
 * One anon_vma linked to 200 of the target's VMAs: small enough to scan,
 * met by four chunks, listed by the first (its lowest VMA) only.
 */
static void test_across_chunks(void)
{
	struct pid pt;
	struct mm_struct *t = mm_new(&pt, 350);
	struct anon_vma *m = av_new(NULL);
	struct doc d;
	int i;

	for (i = 0; i < 200; i++)
		chain(vma_new(t, BASE + 2 * i * PAGE_SIZE, 1), m, 1, m);
	d = read_same(&pt, &vmm_topo_text, "across chunks: reads");
	T(count_lines(d.p, "anon_vma ") == 1, "across chunks: listed once");
	T(count_lines(d.p, "  vma ") == 200, "across chunks: its 200 members");
	T(line_of(d.p, "anon_vma ") && strstr(line_of(d.p, "anon_vma "), " members 200\n"),
	  "across chunks: counted 200");
	T(!strncmp(last_line(&d), "totals map_count 200 max_map_count -1 vmas 200 anonymous_vmas 200 anon_vma_vmas 200 anon_vmas 1 ", 90),
	  "across chunks: totals");
	doc_free(&d);
}

/*
 * Chunks that end early: 64 VMAs whose chains hold 5 anon_vmas of their
 * own (more than a chunk's 256), then VMAs whose own anon_vmas have 300
 * members each (more than a chunk's members), then one VMA whose chain of
 * 600 outgrows everything (the tables grow; its line outgrows a page).
 */
static void test_room(void)
{
	struct pid pt, po;
	struct mm_struct *t = mm_new(&pt, 400), *o = mm_new(&po, 401);
	struct anon_vma *root = av_new(NULL), *prev;
	struct vm_area_struct *v;
	struct doc d;
	int i, j;

	for (i = 0; i < 64; i++) {
		v = vma_new(t, BASE + 2 * i * PAGE_SIZE, 1);
		prev = root;
		link_av(v, root);
		for (j = 0; j < 4; j++) {
			prev = av_new(prev);
			link_av(v, prev);
		}
		v->anon_vma = prev;
	}
	for (i = 0; i < 12; i++) {
		struct anon_vma *a = av_new(NULL);

		chain(vma_new(t, BASE + 0x10000000 + 2 * i * PAGE_SIZE, 1), a, 1, a);
		for (j = 0; j < 299; j++)
			chain(vma_new(o, BASE + 0x10000000 + (i * 300 + j) * PAGE_SIZE, 1),
			      a, 1, a);
	}
	v = vma_new(t, BASE + 0x20000000, 1);
	prev = NULL;
	for (j = 0; j < 600; j++) {
		prev = av_new(prev);
		link_av(v, prev);
	}
	v->anon_vma = prev;
	d = read_same(&pt, &vmm_topo_text, "room: reads");
	T(count_lines(d.p, "vma ") == 64 + 12 + 1, "room: every VMA");
	T(count_lines(d.p, "anon_vma ") == 1 + 64 * 4 + 12 + 600, "room: every anon_vma");
	T(avs_listed_once(d.p), "room: each listed once");
	T(count_lines(d.p, "  vma ") == 64 + 64 * 4 + 12 * 256 + 600, "room: every member");
	T(strstr(d.p, " depth 599 ") != NULL, "room: a 600-long parent chain");
	doc_free(&d);
	d = read_same(&pt, &vmm_topo_json, "room: JSON reads");
	T(json_parses(&d), "room: JSON parses");
	doc_free(&d);

	/* The tables cannot grow: the read fails, and says so. */
	d = read_doc(&pt, &vmm_topo_text, 4096, NULL, NULL);
	doc_free(&d);
	{
		struct file f = { NULL };
		struct inode ino = { NULL };
		loff_t pos = 0;
		char *buf = malloc(1 << 20);
		long n, len = 0;
		size_t live = kmock_live;

		T(!vmm_topo_open(&f, &pt, &vmm_topo_text), "room: opens");
		kmock_alloc_fail = 0;
		while ((n = kmock_seq_read(&f, buf + len, 4096, &pos)) > 0)
			len += n;
		kmock_alloc_fail = -1;
		buf[len] = 0;
		T(n == -ENOMEM, "room: a table that cannot grow: ENOMEM");
		T(!strstr(buf, "\ntotals "), "room: and no totals line");
		vmm_topo_release(&ino, &f);
		T(kmock_live == live, "room: nothing leaked");
		free(buf);
	}
}

static void exits(void *mm)
{
	((struct mm_struct *)mm)->mm_users = 0;
}

static void killed(void *unused)
{
	(void)unused;
	kmock_fatal = 1;
}

/* A walk that cannot finish: an error, and no end marker. */
static void test_cut(void)
{
	static const struct vmm_topo_visitor *const vis[] = {
		&vmm_topo_text, &vmm_topo_json, &vmm_topo_dot,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vis); i++) {
		struct pid pt;
		struct mm_struct *t = mm_new(&pt, 500 + i);
		struct doc d;
		int j;

		for (j = 0; j < 1000; j++)
			chain(vma_new(t, BASE + 2 * j * PAGE_SIZE, 1), NULL, 0);
		d = read_doc(&pt, vis[i], 4096, exits, t);
		T(d.err == -ESRCH, "the target exits mid-read: ESRCH");
		T(d.len > 0 && !strstr(d.p, "\ntotals ") &&
		  strcmp(last_line(&d), "}\n") && !strstr(d.p, "}}"),
		  "and what was read has no end");
		doc_free(&d);
		t->mm_users = 1;
		d = read_doc(&pt, vis[i], 4096, killed, NULL);
		kmock_fatal = 0;
		T(d.err == -EINTR, "the reader is killed mid-read: EINTR");
		T(!strstr(d.p, "\ntotals ") && strcmp(last_line(&d), "}\n"),
		  "and what was read has no end");
		doc_free(&d);
		t->mm_users = 0;
		d = read_doc(&pt, vis[i], 4096, NULL, NULL);
		T(d.err == -ESRCH, "an exited target: open fails with ESRCH");
		doc_free(&d);
	}
}

/*
 * The target unmaps and maps between two reads: the walk goes on from
 * where it was (the process is not one instant), the freed VMAs are never
 * touched again (ASan would say), and the document is still whole.
 */
static struct mm_struct *churn_mm;

static void churn(void *unused)
{
	struct vm_area_struct *v = churn_mm->mmap, *next;
	int i;

	for (i = 0; v; v = next, i++) {
		next = v->vm_next;
		if (i >= 100 && i < 1100)
			vma_unmap(v);
	}
}

static void test_churn(void)
{
	static const struct vmm_topo_visitor *const vis[] = {
		&vmm_topo_text, &vmm_topo_json, &vmm_topo_dot,
	};
	unsigned int f;

	for (f = 0; f < ARRAY_SIZE(vis); f++) {
		struct pid pt, pc;
		struct mm_struct *t = mm_new(&pt, 700 + f), *c = mm_new(&pc, 710 + f);
		struct anon_vma *root = av_new(NULL);
		struct doc d;
		int i, n;

		for (i = 0; i < 2000; i++) {
			struct anon_vma *own = av_new(root);
			struct vm_area_struct *v = vma_new(t, BASE + 2 * i * PAGE_SIZE, 1);

			chain(vma_new(c, BASE + 2 * i * PAGE_SIZE, 1), root, 1, root);
			chain(v, own, 2, root, own);
		}
		churn_mm = t;
		d = read_doc(&pt, vis[f], 4096, churn, NULL);
		T(!d.err, "churn: the read goes on");
		n = count_lines(d.p, f == 0 ? "vma " : f == 1 ?
				"  {\"id\": \"vma_" : "  proc -> ");
		T(n >= 1000 && n < 2000, "churn: the VMAs walked before and after");
		if (f == 0)
			T(!strncmp(last_line(&d), "totals ", 7), "churn: text ends with totals");
		if (f == 1)
			T(json_parses(&d), "churn: JSON parses");
		if (f == 2)
			T(!strcmp(last_line(&d), "}\n"), "churn: DOT closes");
		doc_free(&d);
	}
}

/*
 * Random worlds against a reference: the whole target in memory at once,
 * as the module read it before it streamed (VMAs in order, anon_vmas in
 * the order the walk first meets them, depths through every anon_vma met,
 * an anon_vma's reuse mark from every VMA of the target): the streamed
 * text must be the same bytes.  Trees stay under the scan cap, where the
 * two agree by definition.
 */
static unsigned int rnd_state = 12345;

static unsigned int rnd(unsigned int n)
{
	rnd_state = rnd_state * 1103515245 + 12345;
	return (rnd_state >> 8) % n;
}

struct ref_av {
	struct anon_vma *a;
	bool reused;
};

static void ref_text(struct task_struct *task, char *out, size_t cap)
{
	struct mm_struct *mm = task->mm;
	struct ref_av *avs = calloc(100000, sizeof(*avs));
	unsigned int nav = 0, i, j, vmas = 0, anon_vma_vmas = 0, sharing = 0;
	unsigned int deepest = 0;
	struct vm_area_struct *v;
	struct anon_vma_chain *c;
	size_t n = 0;

#define OUT(...) (n += snprintf(out + n, cap - n, __VA_ARGS__))
	OUT("vmamerge topology v1\nprocess %d %s kernel %s\n", task->tgid,
	    task->comm, init_utsname()->release);
	for (v = mm->mmap; v; v = v->vm_next) {
		bool reused = false, shared = false;

		vmas++;
		anon_vma_vmas += !!v->anon_vma;
		OUT("vma %016llx %lx-%lx flags %lx pgoff %lx anon", vmm_id(v),
		    v->vm_start, v->vm_end, v->vm_flags, v->vm_pgoff);
		if (v->anon_vma)
			OUT(" anon_vma %016llx chain", vmm_id(v->anon_vma));
		else
			OUT(" anon_vma - chain -");
		i = 0;
		list_for_each_entry(c, &v->anon_vma_chain, same_vma) {
			struct anon_vma *a = c->anon_vma;
			struct rb_node *rb;

			OUT("%c%016llx", i++ ? ',' : ' ', vmm_id(a));
			for (j = 0; j < nav && avs[j].a != a; j++)
				;
			if (j == nav)
				avs[nav++].a = a;
			if (a != v->anon_vma && a->parent == v->anon_vma)
				reused = true;
			for (rb = a->rb_root.first; rb; rb = rb->next)
				if (rb_entry(rb, struct anon_vma_chain, rb)->vma->vm_mm != mm)
					shared = true;
		}
		if (reused)
			for (j = 0; j < nav; j++)
				if (avs[j].a == v->anon_vma)
					avs[j].reused = true;
		sharing += shared;
		OUT("%s%s\n", reused ? " reused" : "", shared ? " shared" : "");
	}
	for (i = 0; i < nav; i++) {
		struct anon_vma *a = avs[i].a, *p = a;
		unsigned int d = 0, total = 0, k;
		bool shared = false;
		struct rb_node *rb;

		while (p && p->parent != p && d < nav) {
			for (k = 0; k < nav && avs[k].a != p->parent; k++)
				;
			p = k < nav ? avs[k].a : NULL;
			d++;
		}
		deepest = max(deepest, d);
		for (rb = a->rb_root.first; rb; rb = rb->next) {
			total++;
			shared |= rb_entry(rb, struct anon_vma_chain, rb)->vma->vm_mm != mm;
		}
		OUT("anon_vma %016llx root %016llx parent %016llx num_children %lu num_active_vmas %lu refcount %d depth %u%s%s members %u\n",
		    vmm_id(a), vmm_id(a->root), vmm_id(a->parent), a->num_children,
		    a->num_active_vmas, a->refcount.counter, d,
		    avs[i].reused ? " reused" : "", shared ? " shared" : "", total);
		for (rb = a->rb_root.first; rb; rb = rb->next) {
			struct vm_area_struct *w = rb_entry(rb, struct anon_vma_chain, rb)->vma;

			OUT("  vma %016llx %lx-%lx pid 0 comm ?%s\n", vmm_id(w), w->vm_start,
			    w->vm_end, w->vm_mm != mm ? " other" : "");
		}
	}
	OUT("totals map_count %d max_map_count -1 vmas %u anonymous_vmas %u anon_vma_vmas %u anon_vmas %u deepest_parent_chain %u vmas_sharing_with_other_processes %u\n",
	    mm->map_count, vmas, vmas, anon_vma_vmas, nav, deepest, sharing);
#undef OUT
	free(avs);
}

/* A random family tree of anon_vmas, VMAs of the target and of others. */
static void test_random(unsigned int round)
{
	struct pid pt, po;
	struct mm_struct *t = mm_new(&pt, 800), *o = mm_new(&po, 801);
	struct anon_vma *fam[64];
	unsigned int nfam = 0, nv = 1 + rnd(400), i, k;
	unsigned long addr = BASE, oaddr = BASE;
	size_t cap = 64 << 20;
	char *want = malloc(cap);
	struct doc d;

	for (i = 0; i < nv; i++) {
		struct vm_area_struct *v = vma_new(t, addr, 1 + rnd(3));
		struct anon_vma *x, *p, *line[64];
		unsigned int nl = 0;

		addr = v->vm_end + PAGE_SIZE * rnd(2);
		if (rnd(5) == 0)
			continue;			/* unfaulted */
		if (!nfam || rnd(4) == 0 || nfam == ARRAY_SIZE(fam)) {
			x = av_new(NULL);		/* a new family, or a child */
			if (nfam && rnd(2))
				x = av_new(fam[rnd(nfam)]);
			if (nfam < ARRAY_SIZE(fam))
				fam[nfam++] = x;
		} else {
			x = fam[rnd(nfam)];		/* shared with earlier VMAs */
		}
		for (p = x; nl < ARRAY_SIZE(line); p = p->parent) {
			line[nl++] = p;			/* x and its ancestors */
			if (p->parent == p)
				break;
		}
		while (nl)
			link_av(v, line[--nl]);
		/* anon_vma_clone()'s reuse: own an ancestor whose child is on the chain. */
		v->anon_vma = x->parent != x && rnd(6) == 0 ? x->parent : x;
		for (k = rnd(3) ? 0 : 1 + rnd(4); k; k--) {
			struct vm_area_struct *w = vma_new(o, oaddr, 1);

			oaddr = w->vm_end;
			chain(w, x, 1, x);
		}
	}
	ref_text(pt.task, want, cap);
	d = read_doc(&pt, &vmm_topo_text, 1 + rnd(8192), NULL, NULL);
	T(!d.err && !strcmp(d.p, want), "random: the streamed text is the whole-read text");
	if (d.err || strcmp(d.p, want)) {
		size_t j = 0;

		while (d.p[j] && d.p[j] == want[j])
			j++;
		printf("round %u differs at %zu:\n--- got\n%.300s\n--- want\n%.300s\n",
		       round, j, d.p + (j > 100 ? j - 100 : 0), want + (j > 100 ? j - 100 : 0));
	}
	doc_free(&d);
	free(want);
	t->mm_users = 0;
	o->mm_users = 0;
}

/* failslab's sweep: each allocation of an open fails in turn. */
static void test_open_fails(void)
{
	struct pid pt;
	struct mm_struct *t = mm_new(&pt, 600);
	struct anon_vma *a = av_new(NULL);
	struct doc d;
	int k, nomem = 0, whole = 0;

	for (k = 0; k < 40; k++)
		chain(vma_new(t, BASE + 2 * k * PAGE_SIZE, 1), a, 1, a);
	for (k = 0; k < 12; k++) {
		struct file f = { NULL };
		struct inode ino = { NULL };
		loff_t pos = 0;
		char buf[65536];
		long n, len = 0;
		int err;

		kmock_alloc_fail = k;
		err = vmm_topo_open(&f, &pt, &vmm_topo_json);
		kmock_alloc_fail = -1;
		if (err) {
			nomem += err == -ENOMEM;
			continue;
		}
		while ((n = kmock_seq_read(&f, buf + len, 4096, &pos)) > 0)
			len += n;
		whole += !n && len > 3 && !memcmp(buf + len - 3, "}}\n", 3);
		vmm_topo_release(&ino, &f);
	}
	T(nomem > 3 && whole > 0 && nomem + whole == 12,
	  "an open that cannot allocate fails with ENOMEM; one that opens reads whole");
	d = read_doc(&pt, &vmm_topo_json, 4096, NULL, NULL);
	T(!d.err, "and then reads");
	doc_free(&d);
}

int main(void)
{
	unsigned int i;

	vmm_ids_init();
	test_fork_chain();
	test_reuse();
	test_big(0);
	test_big(1);
	test_across_chunks();
	test_room();
	test_cut();
	test_churn();
	test_open_fails();
	for (i = 0; i < 200; i++)
		test_random(i);
	T(!locked_allocs, "nothing allocated under a lock");
	T(!kmock_locks, "every lock released");
	printf("test_topo: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
