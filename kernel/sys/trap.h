#ifndef KERNEL_SYS_TRAP_H
#define KERNEL_SYS_TRAP_H
// What a trap means: a system call, a device or timer interrupt, or an exception. The
// vectors that get here are the arch layer's (kernelvec.S, trampoline.S).
void trapinit(void);
void trapinithart(void);
void usertrap(void);
void usertrapret(void);
void kerneltrap(void);
void start_user(void); // a new process's way to user space (handed to procinit)
#endif
