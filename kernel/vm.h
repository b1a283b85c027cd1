#ifndef KERNEL_VM_H
#define KERNEL_VM_H
// sys_sbrk's second argument, as in xv6-riscv since 2025: sbrk(n) is sys_sbrk(n, SBRK_EAGER),
// which maps zeroed pages at once; sbrklazy(n) is sys_sbrk(n, SBRK_LAZY), which only moves
// the end of the heap, and a page is allocated when it is first touched.
#define SBRK_EAGER 1
#define SBRK_LAZY  2
#endif
