#ifndef KERNEL_SYS_EXEC_H
#define KERNEL_SYS_EXEC_H
struct proc;
// Replace the running process's memory with the program at path.
int exec(char *path, char **argv);
void exec_init(void); // at boot: how the fault handler reads files; lazyexec=1
// The program file that pages not yet read come from: a child shares it, exit closes it.
void exec_fork(struct proc *parent, struct proc *child);
void exec_exit(struct proc *p);
// Called by exec once p runs its new image: it does nothing, it is where a debugger stops to
// learn which program a process runs (tools/gdb-user.py).
void exec_done(struct proc *p);
#endif
