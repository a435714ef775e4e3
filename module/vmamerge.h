/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmamerge.h - module-wide declarations shared by main.c and debugfs.c.
 */
#ifndef VMAMERGE_H
#define VMAMERGE_H

#define VMAMERGE_VERSION "0.1.0"

struct pid;

int vmm_debugfs_init(void);
struct pid *vmm_target_get(void);
void vmm_debugfs_exit(void);

#endif /* VMAMERGE_H */
