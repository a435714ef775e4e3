/* The kmock "kernel": 5.10's VMA list, 6.1's anon_vma counts. */
#define HAVE_VM_NEXT 1
#define HAVE_ANON_VMA_NUM_CHILDREN 1
