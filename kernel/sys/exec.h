#ifndef KERNEL_SYS_EXEC_H
#define KERNEL_SYS_EXEC_H
struct proc;
// Replace the running process's memory with the program at path.
int exec(char *path, char **argv);
// Called by exec once p runs its new image: it does nothing, it is where a debugger stops to
// learn which program a process runs (tools/gdb-user.py).
void exec_done(struct proc *p);
#endif
