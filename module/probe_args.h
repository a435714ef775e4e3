/* SPDX-License-Identifier: GPL-2.0 */
/*
 * probe_args.h - the probed functions' arguments, read by name at a kprobe
 * on the function's first instruction.  The only file that knows the
 * calling convention; the probe files name arguments, never registers, so
 * another architecture is a matter of this file (x86-64 is the only one
 * built and tested).
 *
 * x86-64: the first six integer arguments are in %rdi, %rsi, %rdx, %rcx,
 * %r8 and %r9; the rest in stack slots 1, 2, ... above the return address.
 * A struct of 8 bytes passed by value (vm_userfaultfd_ctx) takes one.
 */
#ifndef VMM_PROBE_ARGS_H
#define VMM_PROBE_ARGS_H

#include <linux/compiler.h>
#include <linux/ptrace.h>

#define VMM_REG_ARGS 6

/*
 * Argument @n (from 0) of the probed call.  Registers through
 * regs_get_kernel_argument(), which a constant @n folds to one load.  For
 * the stack, regs_get_kernel_stack_nth() would make an out-of-line
 * copy_from_kernel_nofault() call per argument; the slot is checked to be
 * on the current task's stack instead, where a plain load reads the same
 * value and cannot fault.
 */
static __always_inline unsigned long vmm_arg(struct pt_regs *regs,
					     unsigned int n)
{
	unsigned long *addr;

	if (n < VMM_REG_ARGS)
		return regs_get_kernel_argument(regs, n);
	addr = regs_get_kernel_stack_nth_addr(regs, n - VMM_REG_ARGS + 1);
	return addr ? READ_ONCE(*addr) : 0;
}

/*
 * The stack slots of a call's arguments VMM_REG_ARGS to @n - 1, checked
 * once: if the last is on the current task's stack, so are the ones
 * between it and sp.  @none (as many zeros) if it is not.  For a handler
 * that reads most of a long argument list (vma_merge: four checks fewer
 * than vmm_arg() would make); vmm_stack_arg() reads one.
 */
static __always_inline const unsigned long *
vmm_stack_args(struct pt_regs *regs, unsigned int n, const unsigned long *none)
{
	if (!regs_get_kernel_stack_nth_addr(regs, n - VMM_REG_ARGS))
		return none;
	return (const unsigned long *)regs->sp + 1;
}

#define vmm_stack_arg(st, n)	READ_ONCE((st)[(n) - VMM_REG_ARGS])

/*
 * vma_merge(mm, prev, addr, end, vm_flags, anon_vma, file, pgoff, policy,
 *           uffd_ctx[, anon_name])				5.10, 6.1
 * @st: vmm_stack_args(regs, VMM_VMA_MERGE_ARGS, ...).
 * file and uffd_ctx are read as identities, to compare.
 */
#define VMM_VMA_MERGE_ARGS 10
#define vmm_vma_merge_mm(regs)		((struct mm_struct *)vmm_arg(regs, 0))
#define vmm_vma_merge_prev(regs)	((struct vm_area_struct *)vmm_arg(regs, 1))
#define vmm_vma_merge_addr(regs)	vmm_arg(regs, 2)
#define vmm_vma_merge_end(regs)		vmm_arg(regs, 3)
#define vmm_vma_merge_vm_flags(regs)	vmm_arg(regs, 4)
#define vmm_vma_merge_anon_vma(regs)	((struct anon_vma *)vmm_arg(regs, 5))
#define vmm_vma_merge_file(st)		vmm_stack_arg(st, 6)
#define vmm_vma_merge_pgoff(st)		vmm_stack_arg(st, 7)
#define vmm_vma_merge_policy(st)	((struct mempolicy *)vmm_stack_arg(st, 8))
#define vmm_vma_merge_uffd_ctx(st)	vmm_stack_arg(st, 9)

/* mmap_region(file, addr, len, vm_flags, pgoff, uf)			6.1 */
#define vmm_mmap_region_file(regs)	((struct file *)vmm_arg(regs, 0))
#define vmm_mmap_region_addr(regs)	vmm_arg(regs, 1)
#define vmm_mmap_region_len(regs)	vmm_arg(regs, 2)
#define vmm_mmap_region_vm_flags(regs)	vmm_arg(regs, 3)
#define vmm_mmap_region_pgoff(regs)	vmm_arg(regs, 4)

/* vma_expand(mas, vma, start, end, pgoff, next)			6.1 */
#define vmm_vma_expand_vma(regs)	((struct vm_area_struct *)vmm_arg(regs, 1))
#define vmm_vma_expand_next(regs)	((struct vm_area_struct *)vmm_arg(regs, 5))

/* do_brk_flags(mas, vma, addr, len, flags)				6.1 */
#define vmm_do_brk_flags_vma(regs)	((struct vm_area_struct *)vmm_arg(regs, 1))
#define vmm_do_brk_flags_addr(regs)	vmm_arg(regs, 2)
#define vmm_do_brk_flags_len(regs)	vmm_arg(regs, 3)
#define vmm_do_brk_flags_flags(regs)	vmm_arg(regs, 4)

/*
 * The probes written once for every hook backend (hooks.h) get their
 * first arguments in an array, the backend having read them.
 */

/* copy_vma(vmap, addr, len, pgoff, need_rmap_locks[, keep_source])	all */
#define vmm_copy_vma_vmap(arg)		((struct vm_area_struct **)(arg)[0])
#define vmm_copy_vma_addr(arg)		((arg)[1])
#define vmm_copy_vma_len(arg)		((arg)[2])

/*
 * vma_merge_new_range(vmg), vma_modify(vmg)				6.12+
 * struct vma_merge_struct is read through probe_vmg.c's layout.
 */
#define vmm_vma_merge_new_range_vmg(arg)	((void *)(arg)[0])
#define vmm_vma_modify_vmg(arg)			((void *)(arg)[0])

#endif /* VMM_PROBE_ARGS_H */
