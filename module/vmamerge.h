/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmamerge.h - module-wide declarations shared by main.c and debugfs.c.
 */
#ifndef VMAMERGE_H
#define VMAMERGE_H

#define VMAMERGE_VERSION "0.1.0"

int vmm_debugfs_init(void);
void vmm_debugfs_exit(void);

#endif /* VMAMERGE_H */
