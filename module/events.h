/* SPDX-License-Identifier: GPL-2.0 */
/*
 * events.h - the per-CPU rings of recent merge and copy_vma events.
 */
#ifndef VMM_EVENTS_H
#define VMM_EVENTS_H

#include "vmm_defs.h"

struct seq_file;
struct file;
struct inode;

extern unsigned int vmm_events_capacity;

int vmm_events_init(void);
void vmm_events_exit(void);
void vmm_events_reset(void);
void vmm_event_copy(unsigned long start, unsigned long end,
		    enum vmm_copy_result res, int anon_kind);
u64 vmm_events_hold(unsigned int *events);
u64 vmm_events_ring_bytes(void);
int vmm_events_open(struct inode *inode, struct file *file);
int vmm_events_release(struct inode *inode, struct file *file);

#endif /* VMM_EVENTS_H */
