#ifndef KERNEL_MEM_KALLOC_H
#define KERNEL_MEM_KALLOC_H
// The physical page allocator: 4096-byte pages of RAM above the kernel image.
#include "kernel/types.h"

void kinit(void);
void *kalloc(void); // a page, or 0 if none is left
void kfree(void *pa);
uint64 kfreemem(void); // bytes of free physical memory
// BEGIN LAB pgtbl
void *superalloc(void); // 2 MB, aligned, or 0 if none is left
void superfree(void *pa);
// END LAB pgtbl
// BEGIN LAB cow
int kref_inc(void *pa); // one more page table maps pa (-1: too many; copy it instead)
int kref_count(void *pa);
// END LAB cow
#endif
