// SPDX-License-Identifier: GPL-2.0
/*
 * trace.c - instantiates vmamerge's trace events (vmm_trace.h).
 */
#define CREATE_TRACE_POINTS
#include "vmm_trace.h"
