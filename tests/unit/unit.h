/* SPDX-License-Identifier: GPL-2.0 */
/* unit.h - the host unit tests' one assertion and its counters. */
#ifndef VMM_UNIT_H
#define VMM_UNIT_H

#include <stdio.h>

static int passed, failed;

#define T(cond, name)							\
	do {								\
		if (cond) {						\
			passed++;					\
		} else {						\
			failed++;					\
			printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, name); \
		}							\
	} while (0)

#endif /* VMM_UNIT_H */
