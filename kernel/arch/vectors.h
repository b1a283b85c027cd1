#ifndef KERNEL_ARCH_VECTORS_H
#define KERNEL_ARCH_VECTORS_H
// The trap vectors. kernelvec (kernelvec.S) saves registers and calls kerneltrap(); uservec
// and userret (trampoline.S) enter and leave the kernel from user mode, through the
// trampoline page mapped at TRAMPOLINE in every address space. What a trap means is decided
// above, by the system layer's kerneltrap() and usertrap().
void kernelvec(void);
extern char trampoline[], uservec[], userret[];
#endif
