// SPDX-License-Identifier: GPL-2.0
/*
 * topo_emit.c - the three emitters of a topology snapshot: text, JSON and
 * Graphviz DOT, each a struct vmm_topo_visitor writing into a growable
 * buffer (struct vmm_obuf).  They run with no lock held.
 *
 * Identities are vmm_id() values: 16 hex digits, unique within a read and
 * stable within a boot; no raw kernel pointer is ever printed.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/utsname.h>
#include "compat_anon.h"
#include "topo_emit.h"

/* Append formatted text; on failure remember the error and stop writing. */
static __printf(2, 3) void ob_printf(struct vmm_obuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->err)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (b->len + n < b->cap) {
			b->len += n;
			return;
		}
		b->err = vmm_obuf_grow(b, b->len + n + 1);
		if (b->err)
			return;
	}
}

/**
 * vmm_obuf_grow() - make an output buffer hold at least @need bytes
 * @b: the buffer
 * @need: bytes needed
 *
 * Return: 0, -ENOMEM, or -E2BIG past VMM_OBUF_MAX.
 */
int vmm_obuf_grow(struct vmm_obuf *b, size_t need)
{
	size_t cap = b->cap ? b->cap : 16384;
	char *n;

	while (cap < need)
		cap *= 2;
	if (cap > VMM_OBUF_MAX)
		return -E2BIG;
	/* Sized by the target: a failure is the reader's ENOMEM, not a log splat. */
	n = kvmalloc(cap, GFP_KERNEL | __GFP_NOWARN);
	if (!n)
		return -ENOMEM;
	if (b->p)
		memcpy(n, b->p, b->len);
	kvfree(b->p);
	b->p = n;
	b->cap = cap;
	return 0;
}

/* A string as JSON or DOT wants it: quotes, backslashes, controls escaped. */
static void ob_str(struct vmm_obuf *b, const char *s)
{
	ob_printf(b, "\"");
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			ob_printf(b, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			ob_printf(b, "\\u%04x", *s);
		else
			ob_printf(b, "%c", *s);
	}
	ob_printf(b, "\"");
}

/* ---- text ---- */

static void text_head(void *out, const struct vmm_topo *t)
{
	ob_printf(out, "vmamerge topology v%d\n", VMM_TOPO_SCHEMA);
	ob_printf(out, "process %d %s kernel %s\n", t->tgid, t->comm,
		  init_utsname()->release);
}

static void text_vma(void *out, const struct vmm_topo *t,
		     const struct vmm_tvma *v)
{
	unsigned int i;

	ob_printf(out, "vma %016llx %lx-%lx flags %lx pgoff %lx %s%s%s", vmm_id(v->id),
		  v->start, v->end, v->flags, v->pgoff,
		  v->file ? "file " : "anon", v->name[0] && !v->file ? " " : "",
		  v->name);
	if (v->av)
		ob_printf(out, " anon_vma %016llx chain", vmm_id(v->av));
	else
		ob_printf(out, " anon_vma - chain -");
	for (i = 0; i < v->chain_len; i++)
		ob_printf(out, "%c%016llx", i ? ',' : ' ',
			  vmm_id(t->chain[v->chain_off + i]));
	ob_printf(out, "%s%s\n", v->reused ? " reused" : "",
		  v->shared ? " shared" : "");
}

static void text_av(void *out, const struct vmm_topo *t,
		    const struct vmm_tav *a)
{
	unsigned int i;

	ob_printf(out, "anon_vma %016llx root %016llx parent %016llx num_children %lu %s %lu refcount %d depth %u%s%s members %u%s\n",
		  vmm_id(a->id), vmm_id(a->root), vmm_id(a->parent), a->children, VMM_ANON_ACTIVE_NAME,
		  a->active, a->refcount, a->depth, a->reused ? " reused" : "",
		  a->shared ? " shared" : "", a->mem_total,
		  a->mem_more ? "+" : "");
	for (i = 0; i < a->mem_len; i++) {
		const struct vmm_tmem *m = &t->mem[a->mem_off + i];

		ob_printf(out, "  vma %016llx %lx-%lx pid %d comm %s%s\n", vmm_id(m->vma),
			  m->start, m->end, m->tgid, m->comm,
			  m->other ? " other" : "");
	}
	if (a->mem_total > a->mem_len)
		ob_printf(out, "  ... %u more\n", a->mem_total - a->mem_len);
}

static void text_tail(void *out, const struct vmm_topo *t)
{
	ob_printf(out, "totals map_count %d max_map_count %d vmas %u anonymous_vmas %u anon_vma_vmas %u anon_vmas %u deepest_parent_chain %u vmas_sharing_with_other_processes %u\n",
		  t->map_count, t->max_map_count, t->nr_vma, t->anonymous,
		  t->anon_vmas, t->nr_av, t->deepest, t->sharing);
}

const struct vmm_topo_visitor vmm_topo_text = {
	.head = text_head, .vma = text_vma, .anon_vma = text_av,
	.tail = text_tail,
};

/* ---- JSON ---- */

static void json_head(void *out, const struct vmm_topo *t)
{
	ob_printf(out, "{\"schema\": %d, \"kernel\": ", VMM_TOPO_SCHEMA);
	ob_str(out, init_utsname()->release);
	ob_printf(out, ",\n \"process\": {\"tgid\": %d, \"comm\": ", t->tgid);
	ob_str(out, t->comm);
	ob_printf(out, "},\n \"vmas\": [");
}

static void json_vma(void *out, const struct vmm_topo *t,
		     const struct vmm_tvma *v)
{
	unsigned int i;

	ob_printf(out, "%s\n  {\"id\": \"vma_%016llx\", \"start\": \"0x%lx\", \"end\": \"0x%lx\", \"flags\": \"0x%lx\", \"pgoff\": %lu, \"file\": %s, \"name\": ",
		  v == t->vma ? "" : ",", vmm_id(v->id), v->start, v->end, v->flags,
		  v->pgoff, v->file ? "true" : "false");
	ob_str(out, v->name);
	if (v->av)
		ob_printf(out, ", \"anon_vma\": \"av_%016llx\"", vmm_id(v->av));
	else
		ob_printf(out, ", \"anon_vma\": null");
	ob_printf(out, ", \"chain\": [");
	for (i = 0; i < v->chain_len; i++)
		ob_printf(out, "%s\"av_%016llx\"", i ? ", " : "",
			  vmm_id(t->chain[v->chain_off + i]));
	ob_printf(out, "], \"anon_vma_reused\": %s, \"shares_with_other_process\": %s}",
		  v->reused ? "true" : "false", v->shared ? "true" : "false");
}

static void json_vmas_end(void *out, const struct vmm_topo *t)
{
	ob_printf(out, "],\n \"anon_vmas\": [");
}

static void json_av(void *out, const struct vmm_topo *t,
		    const struct vmm_tav *a)
{
	unsigned int i;

	ob_printf(out, "%s\n  {\"id\": \"av_%016llx\", \"root\": \"av_%016llx\", \"parent\": \"av_%016llx\", \"num_children\": %lu, \"%s\": %lu, \"refcount\": %d, \"depth\": %u, \"reused\": %s, \"shared\": %s, \"members_total\": %u, \"members_total_is_lower_bound\": %s, \"members\": [",
		  a == t->av ? "" : ",", vmm_id(a->id),
		  vmm_id(a->root), vmm_id(a->parent), a->children, VMM_ANON_ACTIVE_NAME, a->active,
		  a->refcount, a->depth, a->reused ? "true" : "false",
		  a->shared ? "true" : "false", a->mem_total,
		  a->mem_more ? "true" : "false");
	for (i = 0; i < a->mem_len; i++) {
		const struct vmm_tmem *m = &t->mem[a->mem_off + i];

		ob_printf(out, "%s{\"vma\": \"vma_%016llx\", \"start\": \"0x%lx\", \"end\": \"0x%lx\", \"tgid\": %d, \"comm\": ",
			  i ? ", " : "", vmm_id(m->vma), m->start, m->end, m->tgid);
		ob_str(out, m->comm);
		ob_printf(out, ", \"other_process\": %s}",
			  m->other ? "true" : "false");
	}
	ob_printf(out, "]}");
}

static void json_tail(void *out, const struct vmm_topo *t)
{
	ob_printf(out, "],\n \"totals\": {\"map_count\": %d, \"max_map_count\": %d, \"vmas\": %u, \"anonymous_vmas\": %u, \"anon_vma_vmas\": %u, \"anon_vmas\": %u, \"deepest_parent_chain\": %u, \"vmas_sharing_with_other_processes\": %u}}\n",
		  t->map_count,
		  t->max_map_count, t->nr_vma, t->anonymous, t->anon_vmas,
		  t->nr_av, t->deepest, t->sharing);
}

const struct vmm_topo_visitor vmm_topo_json = {
	.head = json_head, .vma = json_vma, .vmas_end = json_vmas_end,
	.anon_vma = json_av, .tail = json_tail,
};

/* ---- Graphviz DOT ---- */

static void dot_head(void *out, const struct vmm_topo *t)
{
	char label[64];

	snprintf(label, sizeof(label), "%d %s", t->tgid, t->comm);
	ob_printf(out, "digraph vmamerge {\n  rankdir=LR;\n  node [fontname=\"monospace\", fontsize=10];\n  proc [shape=house, label=");
	ob_str(out, label);
	ob_printf(out, "];\n");
}

static void dot_vma(void *out, const struct vmm_topo *t,
		    const struct vmm_tvma *v)
{
	unsigned int i;

	ob_printf(out, "  \"vma_%016llx\" [shape=box, label=\"%lx-%lx\\n%s\"];\n  proc -> \"vma_%016llx\";\n",
		  vmm_id(v->id), v->start, v->end,
		  v->file ? "file" : v->name[0] ? v->name : "anon", vmm_id(v->id));
	for (i = 0; i < v->chain_len; i++) {
		const void *av = t->chain[v->chain_off + i];

		ob_printf(out, "  \"vma_%016llx\" -> \"av_%016llx\" [%s];\n",
			  vmm_id(v->id), vmm_id(av),
			  av == v->av ? "style=bold, label=\"anon_vma\"" :
					"style=dashed, label=\"avc\"");
	}
}

static void dot_av(void *out, const struct vmm_topo *t,
		   const struct vmm_tav *a)
{
	unsigned int i;

	ob_printf(out, "  \"av_%016llx\" [shape=ellipse%s, label=\"anon_vma %016llx\\nchildren %lu active %lu ref %d%s\"];\n",
		  vmm_id(a->id), a->reused ? ", color=red" : "", vmm_id(a->id), a->children,
		  a->active, a->refcount, a->reused ? "\\nreused" : "");
	if (a->parent != a->id)
		ob_printf(out, "  \"av_%016llx\" -> \"av_%016llx\" [color=blue, label=\"parent\"];\n",
			  vmm_id(a->id), vmm_id(a->parent));
	for (i = 0; i < a->mem_len; i++) {
		const struct vmm_tmem *m = &t->mem[a->mem_off + i];

		if (!m->other)
			continue;
		ob_printf(out, "  \"m_%016llx\" [shape=box, style=dotted, label=\"%lx-%lx\\npid %d\"];\n  \"m_%016llx\" -> \"av_%016llx\" [style=dotted, label=\"avc\"];\n",
			  vmm_id(m->vma), m->start, m->end, m->tgid, vmm_id(m->vma),
			  vmm_id(a->id));
	}
}

static void dot_tail(void *out, const struct vmm_topo *t)
{
	ob_printf(out, "}\n");
}

const struct vmm_topo_visitor vmm_topo_dot = {
	.head = dot_head, .vma = dot_vma, .anon_vma = dot_av,
	.tail = dot_tail,
};
