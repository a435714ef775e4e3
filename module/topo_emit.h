/* SPDX-License-Identifier: GPL-2.0 */
/*
 * topo_emit.h - the output buffer the topology emitters write into.
 */
#ifndef VMM_TOPO_EMIT_H
#define VMM_TOPO_EMIT_H

#include "topology.h"

#define VMM_OBUF_MAX (256UL << 20)

struct vmm_obuf {
	char *p;
	size_t len, cap;
	int err;
};

int vmm_obuf_grow(struct vmm_obuf *b, size_t need);

#endif /* VMM_TOPO_EMIT_H */
