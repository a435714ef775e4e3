// SPDX-License-Identifier: GPL-2.0
/*
 * insnprof.c - a QEMU TCG plugin (plugin API 1, Debian 12's QEMU 7.2):
 * how many times the guest executed each kernel instruction.
 * scripts/profile.sh builds and loads it (-plugin insnprof.so,arg=out=FILE).
 *
 * Each translated block of kernel code gets a counter that the block
 * itself increments when it runs (an inline add, no callback); at exit the
 * plugin writes "VADDR COUNT" for every instruction of every block that
 * ran, blocks translated more than once summed per address.  The counts
 * are exact for blocks run to their end; an exception in mid-block counts
 * the block whole.  A `rep` string instruction counts once per iteration.
 *
 * The API is declared here, not included: Debian packages no plugin
 * header, and these calls have not changed since plugin API 1.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
typedef void (*insnprof_tb_cb)(qemu_plugin_id_t, struct qemu_plugin_tb *);
typedef void (*insnprof_exit_cb)(qemu_plugin_id_t, void *);
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, insnprof_tb_cb cb);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, int op,
					      void *ptr, uint64_t imm);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb,
						 size_t idx);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, insnprof_exit_cb cb,
				    void *userdata);

#define INSNPROF_INLINE_ADD_U64 0
#define INSNPROF_KERNEL 0xffff800000000000ULL

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

struct block {
	uint64_t count;		/* incremented by the block's own code */
	size_t n;
	uint64_t va[];		/* its instructions' addresses */
};

static struct block **blocks;
static size_t nblocks, capblocks;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static const char *outpath = "insnprof.out";

static void translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb), i;
	struct block *b;

	if (!n || qemu_plugin_insn_vaddr(qemu_plugin_tb_get_insn(tb, 0)) < INSNPROF_KERNEL)
		return;
	b = calloc(1, sizeof(*b) + n * sizeof(b->va[0]));
	if (!b)
		abort();
	b->n = n;
	for (i = 0; i < n; i++)
		b->va[i] = qemu_plugin_insn_vaddr(qemu_plugin_tb_get_insn(tb, i));
	pthread_mutex_lock(&lock);
	if (nblocks == capblocks) {
		capblocks = capblocks ? 2 * capblocks : 65536;
		blocks = realloc(blocks, capblocks * sizeof(*blocks));
		if (!blocks)
			abort();
	}
	blocks[nblocks++] = b;
	pthread_mutex_unlock(&lock);
	qemu_plugin_register_vcpu_tb_exec_inline(tb, INSNPROF_INLINE_ADD_U64, &b->count, 1);
}

static int by_vaddr(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void write_out(qemu_plugin_id_t id, void *unused)
{
	size_t i, j, k = 0, m = 0;
	uint64_t *pairs;
	FILE *f;

	for (i = 0; i < nblocks; i++)
		if (blocks[i]->count)
			m += blocks[i]->n;
	pairs = malloc(2 * (m + 1) * sizeof(*pairs));
	f = fopen(outpath, "w");
	if (!pairs || !f) {
		fprintf(stderr, "insnprof: cannot write %s\n", outpath);
		exit(1);
	}
	for (i = 0; i < nblocks; i++)
		for (j = 0; blocks[i]->count && j < blocks[i]->n; j++, k++) {
			pairs[2 * k] = blocks[i]->va[j];
			pairs[2 * k + 1] = blocks[i]->count;
		}
	qsort(pairs, k, 2 * sizeof(*pairs), by_vaddr);
	for (i = 0; i < k;) {
		uint64_t va = pairs[2 * i], c = 0;

		for (; i < k && pairs[2 * i] == va; i++)
			c += pairs[2 * i + 1];
		fprintf(f, "%llx %llu\n", (unsigned long long)va, (unsigned long long)c);
	}
	fclose(f);
}

__attribute__((visibility("default")))
int qemu_plugin_install(qemu_plugin_id_t id, const void *info, int argc, char **argv)
{
	if (argc > 0 && !strncmp(argv[0], "out=", 4))
		outpath = strdup(argv[0] + 4);
	qemu_plugin_register_vcpu_tb_trans_cb(id, translate);
	qemu_plugin_register_atexit_cb(id, write_out, NULL);
	return 0;
}
