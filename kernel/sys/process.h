#ifndef KERNEL_SYS_PROCESS_H
#define KERNEL_SYS_PROCESS_H
// fork and exit as system calls see them: the core's process together with the file
// system's per-process state.
int fork(void);
void exit(int status) __attribute__((noreturn));
#endif
