/* SPDX-License-Identifier: GPL-2.0 */
/*
 * topo_emit.h - the topology files' seq_file: a streamed read, chunk by
 * chunk, printed by one of the emitters (text, JSON, DOT).
 */
#ifndef VMM_TOPO_EMIT_H
#define VMM_TOPO_EMIT_H

#include <linux/fs.h>
#include <linux/seq_file.h>
#include "topology.h"

int vmm_topo_open(struct file *file, struct pid *pid,
		  const struct vmm_topo_visitor *vis);
int vmm_topo_release(struct inode *inode, struct file *file);
void vmm_json_str(struct seq_file *b, const char *s);

#endif /* VMM_TOPO_EMIT_H */
