// SPDX-License-Identifier: GPL-2.0
/*
 * topo_emit.c - the topology files: a seq_file whose iterator walks the
 * target chunk by chunk (topology.c) and whose records are printed by one
 * of three emitters, text, JSON and Graphviz DOT, each a struct
 * vmm_topo_visitor.  They run with no lock held, one record at a time: a
 * line, or an anon_vma's head or one of its members, so that seq_file's
 * buffer stays at a page.
 *
 * Identities are vmm_id() values: 16 hex digits, unique within a read and
 * stable within a boot; no raw kernel pointer is ever printed.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/utsname.h>
#include "compat_anon.h"
#include "compat_slab.h"
#include "topo_emit.h"

/**
 * vmm_json_str() - print a string as JSON and DOT want it
 * @b: the seq_file
 * @s: the string: quotes, backslashes and controls are escaped
 *
 * The topology files' emitters and audit.json print their strings so.
 */
void vmm_json_str(struct seq_file *b, const char *s)
{
	seq_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			seq_printf(b, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			seq_printf(b, "\\u%04x", *s);
		else
			seq_putc(b, *s);
	}
	seq_putc(b, '"');
}

/* ---- text ---- */

static void text_head(struct seq_file *out, const struct vmm_topo *t)
{
	seq_printf(out, "vmamerge topology v%d\n", VMM_TOPO_SCHEMA);
	seq_printf(out, "process %d %s kernel %s\n", t->tgid, t->comm,
		   init_utsname()->release);
}

static void text_vma(struct seq_file *out, const struct vmm_topo *t,
		     const struct vmm_tvma *v, bool first)
{
	unsigned int i;

	seq_printf(out, "vma %016llx %lx-%lx flags %lx pgoff %lx %s%s%s", vmm_id(v->id),
		   v->start, v->end, v->flags, v->pgoff,
		   v->file ? "file " : "anon", v->name[0] && !v->file ? " " : "",
		   v->name);
	if (v->av)
		seq_printf(out, " anon_vma %016llx chain", vmm_id(v->av));
	else
		seq_puts(out, " anon_vma - chain -");
	for (i = 0; i < v->chain_len; i++)
		seq_printf(out, "%c%016llx", i ? ',' : ' ',
			   vmm_id(t->chain[v->chain_off + i]));
	seq_printf(out, "%s%s\n", v->reused ? " reused" : "",
		   v->shared ? " shared" : "");
}

static void text_av(struct seq_file *out, const struct vmm_topo *t,
		    const struct vmm_tav *a, bool first)
{
	seq_printf(out, "anon_vma %016llx root %016llx parent %016llx num_children %lu %s %lu refcount %d depth %u%s%s members %u%s\n",
		   vmm_id(a->id), vmm_id(a->root), vmm_id(a->parent), a->children, VMM_ANON_ACTIVE_NAME,
		   a->active, a->refcount, a->depth, a->reused ? " reused" : "",
		   a->shared ? " shared" : "", a->mem_total,
		   a->mem_more ? "+" : "");
}

static void text_member(struct seq_file *out, const struct vmm_topo *t,
			const struct vmm_tav *a, const struct vmm_tmem *m,
			bool first)
{
	seq_printf(out, "  vma %016llx %lx-%lx pid %d comm %s%s\n", vmm_id(m->vma),
		   m->start, m->end, m->tgid, m->comm,
		   m->other ? " other" : "");
}

static void text_av_end(struct seq_file *out, const struct vmm_topo *t,
			const struct vmm_tav *a)
{
	if (a->mem_total > a->mem_len)
		seq_printf(out, "  ... %u more\n", a->mem_total - a->mem_len);
}

/* The last line, and only a walk that finished prints it. */
static void text_tail(struct seq_file *out, const struct vmm_topo *t)
{
	seq_printf(out, "totals map_count %d max_map_count %d vmas %u anonymous_vmas %u anon_vma_vmas %u anon_vmas %u deepest_parent_chain %u vmas_sharing_with_other_processes %u\n",
		   t->map_count, t->max_map_count, t->nr_vmas, t->anonymous,
		   t->anon_vmas, t->nr_avs, t->deepest, t->sharing);
}

const struct vmm_topo_visitor vmm_topo_text = {
	.head = text_head, .vma = text_vma, .anon_vma = text_av,
	.member = text_member, .anon_vma_end = text_av_end, .tail = text_tail,
};

/* ---- JSON ---- */

static void json_head(struct seq_file *out, const struct vmm_topo *t)
{
	seq_printf(out, "{\"schema\": %d, \"kernel\": ", VMM_TOPO_SCHEMA);
	vmm_json_str(out, init_utsname()->release);
	seq_printf(out, ",\n \"process\": {\"tgid\": %d, \"comm\": ", t->tgid);
	vmm_json_str(out, t->comm);
	seq_puts(out, "},\n \"vmas\": [");
}

static void json_vma(struct seq_file *out, const struct vmm_topo *t,
		     const struct vmm_tvma *v, bool first)
{
	unsigned int i;

	seq_printf(out, "%s\n  {\"id\": \"vma_%016llx\", \"start\": \"0x%lx\", \"end\": \"0x%lx\", \"flags\": \"0x%lx\", \"pgoff\": %lu, \"file\": %s, \"name\": ",
		   first ? "" : ",", vmm_id(v->id), v->start, v->end, v->flags,
		   v->pgoff, v->file ? "true" : "false");
	vmm_json_str(out, v->name);
	if (v->av)
		seq_printf(out, ", \"anon_vma\": \"av_%016llx\"", vmm_id(v->av));
	else
		seq_puts(out, ", \"anon_vma\": null");
	seq_puts(out, ", \"chain\": [");
	for (i = 0; i < v->chain_len; i++)
		seq_printf(out, "%s\"av_%016llx\"", i ? ", " : "",
			   vmm_id(t->chain[v->chain_off + i]));
	seq_printf(out, "], \"anon_vma_reused\": %s, \"shares_with_other_process\": %s}",
		   v->reused ? "true" : "false", v->shared ? "true" : "false");
}

static void json_vmas_end(struct seq_file *out, const struct vmm_topo *t)
{
	seq_puts(out, "],\n \"anon_vmas\": [");
}

static void json_av(struct seq_file *out, const struct vmm_topo *t,
		    const struct vmm_tav *a, bool first)
{
	seq_printf(out, "%s\n  {\"id\": \"av_%016llx\", \"root\": \"av_%016llx\", \"parent\": \"av_%016llx\", \"num_children\": %lu, \"%s\": %lu, \"refcount\": %d, \"depth\": %u, \"reused\": %s, \"shared\": %s, \"members_total\": %u, \"members_total_is_lower_bound\": %s, \"members\": [",
		   first ? "" : ",", vmm_id(a->id),
		   vmm_id(a->root), vmm_id(a->parent), a->children, VMM_ANON_ACTIVE_NAME, a->active,
		   a->refcount, a->depth, a->reused ? "true" : "false",
		   a->shared ? "true" : "false", a->mem_total,
		   a->mem_more ? "true" : "false");
}

static void json_member(struct seq_file *out, const struct vmm_topo *t,
			const struct vmm_tav *a, const struct vmm_tmem *m,
			bool first)
{
	seq_printf(out, "%s{\"vma\": \"vma_%016llx\", \"start\": \"0x%lx\", \"end\": \"0x%lx\", \"tgid\": %d, \"comm\": ",
		   first ? "" : ", ", vmm_id(m->vma), m->start, m->end, m->tgid);
	vmm_json_str(out, m->comm);
	seq_printf(out, ", \"other_process\": %s}",
		   m->other ? "true" : "false");
}

static void json_av_end(struct seq_file *out, const struct vmm_topo *t,
			const struct vmm_tav *a)
{
	seq_puts(out, "]}");
}

/* The document closes only when the walk finished. */
static void json_tail(struct seq_file *out, const struct vmm_topo *t)
{
	seq_printf(out, "],\n \"totals\": {\"map_count\": %d, \"max_map_count\": %d, \"vmas\": %u, \"anonymous_vmas\": %u, \"anon_vma_vmas\": %u, \"anon_vmas\": %u, \"deepest_parent_chain\": %u, \"vmas_sharing_with_other_processes\": %u}}\n",
		   t->map_count,
		   t->max_map_count, t->nr_vmas, t->anonymous, t->anon_vmas,
		   t->nr_avs, t->deepest, t->sharing);
}

const struct vmm_topo_visitor vmm_topo_json = {
	.head = json_head, .vma = json_vma, .vmas_end = json_vmas_end,
	.anon_vma = json_av, .member = json_member,
	.anon_vma_end = json_av_end, .tail = json_tail,
};

/* ---- Graphviz DOT ---- */

static void dot_head(struct seq_file *out, const struct vmm_topo *t)
{
	char label[64];

	snprintf(label, sizeof(label), "%d %s", t->tgid, t->comm);
	seq_puts(out, "digraph vmamerge {\n  rankdir=LR;\n  node [fontname=\"monospace\", fontsize=10];\n  proc [shape=house, label=");
	vmm_json_str(out, label);
	seq_puts(out, "];\n");
}

static void dot_vma(struct seq_file *out, const struct vmm_topo *t,
		    const struct vmm_tvma *v, bool first)
{
	unsigned int i;

	seq_printf(out, "  \"vma_%016llx\" [shape=box, label=\"%lx-%lx\\n%s\"];\n  proc -> \"vma_%016llx\";\n",
		   vmm_id(v->id), v->start, v->end,
		   v->file ? "file" : v->name[0] ? v->name : "anon", vmm_id(v->id));
	for (i = 0; i < v->chain_len; i++) {
		const void *av = t->chain[v->chain_off + i];

		seq_printf(out, "  \"vma_%016llx\" -> \"av_%016llx\" [%s];\n",
			   vmm_id(v->id), vmm_id(av),
			   av == v->av ? "style=bold, label=\"anon_vma\"" :
					 "style=dashed, label=\"avc\"");
	}
}

static void dot_av(struct seq_file *out, const struct vmm_topo *t,
		   const struct vmm_tav *a, bool first)
{
	seq_printf(out, "  \"av_%016llx\" [shape=ellipse%s, label=\"anon_vma %016llx\\nchildren %lu active %lu ref %d%s\"];\n",
		   vmm_id(a->id), a->reused ? ", color=red" : "", vmm_id(a->id), a->children,
		   a->active, a->refcount, a->reused ? "\\nreused" : "");
	if (a->parent != a->id)
		seq_printf(out, "  \"av_%016llx\" -> \"av_%016llx\" [color=blue, label=\"parent\"];\n",
			   vmm_id(a->id), vmm_id(a->parent));
}

static void dot_member(struct seq_file *out, const struct vmm_topo *t,
		       const struct vmm_tav *a, const struct vmm_tmem *m,
		       bool first)
{
	if (!m->other)
		return;
	seq_printf(out, "  \"m_%016llx\" [shape=box, style=dotted, label=\"%lx-%lx\\npid %d\"];\n  \"m_%016llx\" -> \"av_%016llx\" [style=dotted, label=\"avc\"];\n",
		   vmm_id(m->vma), m->start, m->end, m->tgid, vmm_id(m->vma),
		   vmm_id(a->id));
}

/* The graph closes only when the walk finished. */
static void dot_tail(struct seq_file *out, const struct vmm_topo *t)
{
	seq_puts(out, "}\n");
}

const struct vmm_topo_visitor vmm_topo_dot = {
	.head = dot_head, .vma = dot_vma, .anon_vma = dot_av,
	.member = dot_member, .tail = dot_tail,
};

/* ---- the file: a seq_file, one record and one chunk at a time ---- */

enum vmm_rec {
	VMM_REC_HEAD, VMM_REC_VMA, VMM_REC_VMAS_END, VMM_REC_AV,
	VMM_REC_MEMBER, VMM_REC_AV_END, VMM_REC_TAIL, VMM_REC_EOF,
};

/* An open topology file. */
struct vmm_topo_iter {
	const struct vmm_topo_visitor *vis;
	struct seq_file *m;
	struct vmm_topo t;		/* the walk, and its current chunk */
	enum vmm_rec rec;		/* the record to show next */
	unsigned int i, j;		/* its VMA or anon_vma, and member */
	loff_t pos;			/* its number */
	int err;			/* the walk failed: every read fails */
};

/* What this read holds: the chunk, what it keeps, seq_file's buffer. */
static void vmm_it_account(struct vmm_topo_iter *it)
{
	size_t peak = it->t.peak + it->m->size;

	if (peak > READ_ONCE(vmm_topo_peak_bytes))
		WRITE_ONCE(vmm_topo_peak_bytes, peak);
}

/* The VMA record @i of the chunk, or of the next chunks, or the end. */
static int vmm_it_vma(struct vmm_topo_iter *it, unsigned int i)
{
	struct vmm_topo *t = &it->t;
	int err;

	while (i >= t->nr_vma) {
		if (t->done) {
			it->rec = VMM_REC_VMAS_END;
			return 0;
		}
		err = vmm_topo_next_chunk(t);
		vmm_it_account(it);
		if (err)
			return err;
		i = 0;
	}
	it->rec = VMM_REC_VMA;
	it->i = i;
	return 0;
}

/* The first anon_vma from @i on shown with its chunk, or the next's. */
static int vmm_it_av(struct vmm_topo_iter *it, unsigned int i)
{
	struct vmm_topo *t = &it->t;
	int err;

	for (;;) {
		while (i < t->nr_av && !t->av[i].own)
			i++;
		if (i < t->nr_av)
			break;
		if (t->done) {
			it->rec = VMM_REC_TAIL;
			return 0;
		}
		err = vmm_topo_next_chunk(t);
		vmm_it_account(it);
		if (err)
			return err;
		i = 0;
	}
	it->rec = VMM_REC_AV;
	it->i = i;
	return 0;
}

static int vmm_it_advance(struct vmm_topo_iter *it)
{
	unsigned int members = 0;

	if (it->rec == VMM_REC_AV || it->rec == VMM_REC_MEMBER)
		members = it->t.av[it->i].mem_len;
	switch (it->rec) {
	case VMM_REC_HEAD:
		return vmm_it_vma(it, 0);
	case VMM_REC_VMA:
		return vmm_it_vma(it, it->i + 1);
	case VMM_REC_VMAS_END:
		vmm_topo_second_pass(&it->t);
		return vmm_it_av(it, 0);
	case VMM_REC_AV:
		it->j = 0;
		it->rec = members ? VMM_REC_MEMBER : VMM_REC_AV_END;
		return 0;
	case VMM_REC_MEMBER:
		if (++it->j == members)
			it->rec = VMM_REC_AV_END;
		return 0;
	case VMM_REC_AV_END:
		return vmm_it_av(it, it->i + 1);
	case VMM_REC_TAIL:
	case VMM_REC_EOF:
		it->rec = VMM_REC_EOF;
		return 0;
	}
	return 0;
}

/*
 * Records are shown in order only (the file is not seekable); seq_file
 * asks again for the record it could not fit, with the same *@pos.  After
 * an error every read fails with it: what was shown is not whole.
 */
static void *vmm_topo_start(struct seq_file *m, loff_t *pos)
{
	struct vmm_topo_iter *it = m->private;

	if (it->err)
		return ERR_PTR(it->err);
	if (*pos != it->pos)
		return ERR_PTR(-ESPIPE);
	return it->rec == VMM_REC_EOF ? NULL : it;
}

/* May walk the next chunk: takes and drops the target's locks. */
static void *vmm_topo_next(struct seq_file *m, void *v, loff_t *pos)
{
	struct vmm_topo_iter *it = m->private;
	int err;

	it->pos = ++*pos;
	err = vmm_it_advance(it);
	if (err) {
		it->err = err;
		return ERR_PTR(err);
	}
	return it->rec == VMM_REC_EOF ? NULL : it;
}

/* No lock is held from one call to the next: nothing to undo. */
static void vmm_topo_stop(struct seq_file *m, void *v)
{
}

static int vmm_topo_show(struct seq_file *m, void *v)
{
	const struct vmm_topo_iter *it = v;
	const struct vmm_topo_visitor *vis = it->vis;
	const struct vmm_topo *t = &it->t;
	const struct vmm_tav *a = NULL;

	if (it->rec == VMM_REC_AV || it->rec == VMM_REC_MEMBER ||
	    it->rec == VMM_REC_AV_END)
		a = &t->av[it->i];
	switch (it->rec) {
	case VMM_REC_HEAD:
		vis->head(m, t);
		break;
	case VMM_REC_VMA:
		vis->vma(m, t, &t->vma[it->i], !t->vma_base && !it->i);
		break;
	case VMM_REC_VMAS_END:
		if (vis->vmas_end)
			vis->vmas_end(m, t);
		break;
	case VMM_REC_AV:
		vis->anon_vma(m, t, a, !a->seq);
		break;
	case VMM_REC_MEMBER:
		vis->member(m, t, a, &t->mem[a->mem_off + it->j], !it->j);
		break;
	case VMM_REC_AV_END:
		if (vis->anon_vma_end)
			vis->anon_vma_end(m, t, a);
		break;
	case VMM_REC_TAIL:
		vis->tail(m, t);
		break;
	case VMM_REC_EOF:
		break;
	}
	return 0;
}

static const struct seq_operations vmm_topo_seq_ops = {
	.start = vmm_topo_start,
	.next = vmm_topo_next,
	.stop = vmm_topo_stop,
	.show = vmm_topo_show,
};

/**
 * vmm_topo_open() - open a topology file: the read starts
 * @file: the file
 * @pid: the target
 * @vis: the emitter
 *
 * Pins the target's mm_struct (not its memory) and allocates all a read
 * needs: a chunk's arrays and seq_file's page.  The walk itself is done
 * by the reads, a chunk at a time.
 *
 * Return: 0, -ESRCH (no such process, or it has no mm), -ENOMEM.
 */
int vmm_topo_open(struct file *file, struct pid *pid,
		  const struct vmm_topo_visitor *vis)
{
	struct vmm_topo_iter *it = vmm_kzalloc_obj(it);
	struct seq_file *m;
	char *buf = NULL;
	int err;

	if (!it)
		return -ENOMEM;
	it->vis = vis;
	err = vmm_topo_begin(pid, &it->t);
	if (err)
		goto err_end;
	/* seq_file's buffer, made now rather than at the first read. */
	buf = kvmalloc(PAGE_SIZE, GFP_KERNEL_ACCOUNT);
	if (!buf) {
		err = -ENOMEM;
		goto err_end;
	}
	err = seq_open(file, &vmm_topo_seq_ops);
	if (err)
		goto err_end;
	m = file->private_data;
	m->private = it;
	m->buf = buf;
	m->size = PAGE_SIZE;
	it->m = m;
	vmm_it_account(it);
	return 0;

err_end:
	kvfree(buf);
	vmm_topo_end(&it->t);
	kfree(it);
	return err;
}

/**
 * vmm_topo_release() - close a topology file
 * @inode: its inode
 * @file: the file
 *
 * Return: 0.
 */
int vmm_topo_release(struct inode *inode, struct file *file)
{
	struct seq_file *m = file->private_data;
	struct vmm_topo_iter *it = m->private;

	vmm_it_account(it);
	vmm_topo_end(&it->t);
	kfree(it);
	return seq_release(inode, file);
}
