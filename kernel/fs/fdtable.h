#ifndef KERNEL_FS_FDTABLE_H
#define KERNEL_FS_FDTABLE_H
// A process's file descriptors (p->ofile) and current directory (p->cwd): what the file
// system keeps per process.
struct file;
struct proc;

// The running process's lowest free descriptor now holds f; -1 if there is none.
int fd_alloc(struct file *f);
// The running process's open file fd, or 0 if fd is not open.
struct file *fd_file(int fd);
// Forget fd (the caller closes its file).
void fd_free(int fd);

void fdtable_fork(struct proc *parent, struct proc *child); // child shares parent's files and cwd
void fdtable_exit(struct proc *p);                          // close every file, let go of cwd
#endif
