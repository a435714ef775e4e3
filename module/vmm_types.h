/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmm_types.h - the only header vmamerge's pure logic includes.
 *
 * The pure files (outcome.c, classify.c, names.c) build both
 * inside the module and in the host unit tests, the way the kernel's
 * tools/testing/vma builds mm/vma.c in userspace: this header maps the few
 * types and errno values they use onto the kernel's or libc's.
 */
#ifndef VMM_TYPES_H
#define VMM_TYPES_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/errno.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
typedef uint64_t u64;
typedef uint32_t u32;
typedef uint8_t u8;
#endif

#endif /* VMM_TYPES_H */
