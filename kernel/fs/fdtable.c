// Per-process file descriptors and current directory.

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/core/proc.h"
#include "kernel/fs/log.h"
#include "kernel/fs/inode.h"
#include "kernel/fs/file.h"
#include "kernel/fs/fdtable.h"

int fd_alloc(struct file *f) {
  struct proc *p = myproc();
  for (int fd = 0; fd < NOFILE; fd++) {
    if (p->ofile[fd] == 0) {
      p->ofile[fd] = f;
      return fd;
    }
  }
  return -1;
}

struct file *fd_file(int fd) {
  if (fd < 0 || fd >= NOFILE)
    return 0;
  return myproc()->ofile[fd];
}

void fd_free(int fd) {
  if (fd >= 0 && fd < NOFILE)
    myproc()->ofile[fd] = 0;
}

void fdtable_fork(struct proc *parent, struct proc *child) {
  for (int fd = 0; fd < NOFILE; fd++) {
    if (parent->ofile[fd])
      child->ofile[fd] = filedup(parent->ofile[fd]);
  }
  child->cwd = idup(parent->cwd);
}

void fdtable_exit(struct proc *p) {
  for (int fd = 0; fd < NOFILE; fd++) {
    if (p->ofile[fd]) {
      fileclose(p->ofile[fd]);
      p->ofile[fd] = 0;
    }
  }
  begin_op();
  iput(p->cwd);
  end_op();
  p->cwd = 0;
}
