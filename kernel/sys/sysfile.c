// File-system system calls: they check their arguments, then call the file and inode layers.
// Every one that may write the disk runs as one transaction (begin_op ... end_op).
// Any bad argument (file descriptor, pointer, path) makes the call return -1.

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/fs.h"
#include "kernel/arch/riscv.h"
#include "kernel/lib/printf.h"
#include "kernel/lib/string.h"
#include "kernel/mem/kalloc.h"
#include "kernel/mem/vm.h"
#include "kernel/core/proc.h"
#include "kernel/fs/log.h"
#include "kernel/fs/inode.h"
#include "kernel/fs/file.h"
#include "kernel/fs/pipe.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/path.h"
#include "kernel/sys/args.h"
#include "kernel/sys/exec.h"
// BEGIN LAB mmap
#include "kernel/sys/mmap.h"
// END LAB mmap

// Fetches system call argument n as a file descriptor of the calling process.
// Returns 0 and sets *pfd and *pf (either may be 0), or -1 if it is not an open descriptor.
static int fd_arg(int n, int *pfd, struct file **pf) {
  int fd;
  argint(n, &fd);
  struct file *f = fd_file(fd);
  if (f == 0)
    return -1;
  if (pfd)
    *pfd = fd;
  if (pf)
    *pf = f;
  return 0;
}

uint64 sys_dup(void) {
  struct file *f;
  if (fd_arg(0, 0, &f) < 0)
    return -1;
  int fd = fd_alloc(f);
  if (fd < 0)
    return -1;
  filedup(f);
  return fd;
}

uint64 sys_read(void) {
  struct file *f;
  uint64 addr;
  int n;

  argaddr(1, &addr);
  argint(2, &n);
  if (fd_arg(0, 0, &f) < 0)
    return -1;
  return fileread(f, addr, n);
}

uint64 sys_write(void) {
  struct file *f;
  uint64 addr;
  int n;

  argaddr(1, &addr);
  argint(2, &n);
  if (fd_arg(0, 0, &f) < 0)
    return -1;
  return filewrite(f, addr, n);
}

uint64 sys_close(void) {
  int fd;
  struct file *f;
  if (fd_arg(0, &fd, &f) < 0)
    return -1;
  fd_free(fd);
  fileclose(f);
  return 0;
}

uint64 sys_fstat(void) {
  struct file *f;
  uint64 addr;

  argaddr(1, &addr);
  if (fd_arg(0, 0, &f) < 0)
    return -1;
  return filestat(f, addr);
}

// fsync(fd): the file's changes are durable. The log commits as a whole, so this is sync()
// for an open descriptor.
uint64 sys_fsync(void) {
  if (fd_arg(0, 0, 0) < 0)
    return -1;
  log_sync();
  return 0;
}

// sync(): every file-system call that returned is durable (with groupcommit=1 they may not
// be before; without it they are already).
uint64 sys_sync(void) {
  log_sync();
  return 0;
}

// Makes path `new` another name for the file at path `old` (not a directory).
uint64 sys_link(void) {
  char old[MAXPATH], new[MAXPATH], name[DIRSIZ + 1];

  if (argstr(0, old, MAXPATH) < 0 || argstr(1, new, MAXPATH) < 0)
    return -1;

  begin_op();
  struct inode *ip = namei(old);
  if (ip == 0) {
    end_op();
    return -1;
  }
  ilock(ip);
  if (ip->type == T_DIR || ip->nlink >= 0x7fff) {
    iunlockput(ip);
    end_op();
    return -1;
  }
  // Count the new link first: a crash can leave a count too high, never too low.
  ip->nlink++;
  iupdate(ip);
  iunlock(ip);

  struct inode *dp = nameiparent(new, name);
  if (dp == 0)
    goto undo;
  ilock(dp);
  if (dp->dev != ip->dev || dirlink(dp, name, ip->inum) < 0) {
    iunlockput(dp);
    goto undo;
  }
  iunlockput(dp);
  iput(ip);
  end_op();
  return 0;

undo:
  ilock(ip);
  ip->nlink--;
  iupdate(ip);
  iunlockput(ip);
  end_op();
  return -1;
}

// Does directory dp hold nothing but "." and ".."? Caller holds dp->lock.
static int dir_is_empty(struct inode *dp) {
  struct dirent de;
  for (uint off = 2 * sizeof(de); off + sizeof(de) <= dp->size; off += sizeof(de)) {
    if (readi(dp, 0, (uint64)&de, off, sizeof(de)) != sizeof(de))
      return 0;
    if (de.inum != 0)
      return 0;
  }
  return 1;
}

uint64 sys_unlink(void) {
  char path[MAXPATH], name[DIRSIZ + 1];
  struct dirent de;
  uint off;

  if (argstr(0, path, MAXPATH) < 0)
    return -1;

  begin_op();
  struct inode *dp = nameiparent(path, name);
  if (dp == 0) {
    end_op();
    return -1;
  }
  ilock(dp);

  struct inode *ip = 0;
  if (path_is_dot_or_dotdot(name) || (ip = dirlookup(dp, name, &off)) == 0)
    goto fail;
  ilock(ip);
  if (ip->nlink < 1)
    panic("unlink: file with no links");
  if (ip->type == T_DIR && !dir_is_empty(ip))
    goto fail;

  memset(&de, 0, sizeof(de));
  if (writei(dp, 0, (uint64)&de, off, sizeof(de)) != sizeof(de))
    goto fail;
  if (ip->type == T_DIR) {
    dp->nlink--; // ip's ".." no longer names dp
    iupdate(dp);
  }
  iunlockput(dp);

  ip->nlink--;
  iupdate(ip);
  iunlockput(ip);
  end_op();
  return 0;

fail:
  if (ip)
    iunlockput(ip);
  iunlockput(dp);
  end_op();
  return -1;
}

// Creates a file, directory or device at path, returned locked and referenced; or, when
// creating a plain file that exists as a file or device, returns the existing one.
// Returns 0 on failure. Caller is in a transaction.
static struct inode *create(char *path, short type, short major, short minor) {
  char name[DIRSIZ + 1];

  struct inode *dp = nameiparent(path, name);
  if (dp == 0)
    return 0;
  ilock(dp);

  struct inode *ip = dirlookup(dp, name, 0);
  if (ip) {
    iunlockput(dp);
    ilock(ip);
    // open(O_CREATE) of a symbolic link opens what it names (or fails, if nothing).
    if (type == T_FILE && (ip->type == T_FILE || ip->type == T_DEVICE || ip->type == T_SYMLINK))
      return ip;
    iunlockput(ip);
    return 0;
  }

  ip = ialloc(dp->dev, type);
  if (ip == 0) {
    iunlockput(dp);
    return 0;
  }
  ilock(ip);
  ip->major = major;
  ip->minor = minor;
  ip->nlink = 1;
  iupdate(ip);

  if (type == T_DIR) {
    // "." does not count as a link, or a directory could never be freed; ".." does, in dp.
    if (dirlink(ip, ".", ip->inum) < 0 || dirlink(ip, "..", dp->inum) < 0)
      goto fail;
  }
  if (dirlink(dp, name, ip->inum) < 0)
    goto fail;
  if (type == T_DIR) {
    dp->nlink++;
    iupdate(dp);
  }
  iunlockput(dp);
  return ip;

fail:
  // Nothing names the new inode: dropping the last reference frees it.
  ip->nlink = 0;
  iupdate(ip);
  iunlockput(ip);
  iunlockput(dp);
  return 0;
}

uint64 sys_open(void) {
  char path[MAXPATH];
  int omode;

  argint(1, &omode);
  if (argstr(0, path, MAXPATH) < 0)
    return -1;

  begin_op();
  struct inode *ip;
  if (omode & O_CREATE) {
    ip = create(path, T_FILE, 0, 0);
    if (ip == 0) {
      end_op();
      return -1;
    }
  } else {
    ip = namei(path);
    if (ip == 0) {
      end_op();
      return -1;
    }
    ilock(ip);
  }

  int writable = (omode & O_WRONLY) || (omode & O_RDWR);
  // BEGIN LAB fs
  if (!(omode & O_NOFOLLOW) && (ip = follow_symlinks(ip)) == 0) {
    end_op();
    return -1;
  }
  // END LAB fs
  // A link opened itself (O_NOFOLLOW) can be read, as ls does, but not changed.
  if ((ip->type == T_DIR && writable) || (ip->type == T_SYMLINK && writable) ||
      (ip->type == T_DEVICE && (ip->major < 0 || ip->major >= NDEV))) {
    iunlockput(ip);
    end_op();
    return -1;
  }

  struct file *f = filealloc();
  int fd = f ? fd_alloc(f) : -1;
  if (fd < 0) {
    if (f)
      fileclose(f);
    iunlockput(ip);
    end_op();
    return -1;
  }

  if (ip->type == T_DEVICE) {
    f->type = FD_DEVICE;
    f->major = ip->major;
  } else {
    f->type = FD_INODE;
    f->off = 0;
  }
  f->ip = ip;
  f->readable = !(omode & O_WRONLY);
  f->writable = writable;
  if ((omode & O_TRUNC) && ip->type == T_FILE)
    itrunc(ip);

  iunlock(ip);
  end_op();
  return fd;
}

uint64 sys_mkdir(void) {
  char path[MAXPATH];

  if (argstr(0, path, MAXPATH) < 0)
    return -1;
  begin_op();
  struct inode *ip = create(path, T_DIR, 0, 0);
  if (ip == 0) {
    end_op();
    return -1;
  }
  iunlockput(ip);
  end_op();
  return 0;
}

uint64 sys_mknod(void) {
  char path[MAXPATH];
  int major, minor;

  argint(1, &major);
  argint(2, &minor);
  if (argstr(0, path, MAXPATH) < 0)
    return -1;
  begin_op();
  struct inode *ip = create(path, T_DEVICE, major, minor);
  if (ip == 0) {
    end_op();
    return -1;
  }
  iunlockput(ip);
  end_op();
  return 0;
}

uint64 sys_chdir(void) {
  char path[MAXPATH];
  struct proc *p = myproc();

  if (argstr(0, path, MAXPATH) < 0)
    return -1;
  begin_op();
  struct inode *ip = namei(path);
  if (ip == 0) {
    end_op();
    return -1;
  }
  ilock(ip);
  // BEGIN LAB fs
  if ((ip = follow_symlinks(ip)) == 0) {
    end_op();
    return -1;
  }
  // END LAB fs
  if (ip->type != T_DIR) {
    iunlockput(ip);
    end_op();
    return -1;
  }
  iunlock(ip);
  iput(p->cwd);
  end_op();
  p->cwd = ip;
  return 0;
}

// symlink(target, path): a symbolic link at path whose content is target. Nothing checks
// that target exists: a link may dangle. Fails if path exists.
uint64 sys_symlink(void) {
  char target[MAXPATH], path[MAXPATH];
  if (argstr(0, target, MAXPATH) <= 0 || argstr(1, path, MAXPATH) < 0)
    return -1;
  // BEGIN LAB fs
  begin_op();
  struct inode *ip = create(path, T_SYMLINK, 0, 0);
  if (ip == 0) {
    end_op();
    return -1;
  }
  int n = strlen(target);
  int written = writei(ip, 0, (uint64)target, 0, n);
  iunlockput(ip);
  end_op();
  // With the disk full the link stays, empty: opening it fails as for a dangling one.
  return written == n ? 0 : -1;
  // STUB LAB fs
  // return -1;
  // END LAB fs
}

// pipe(int fds[2]): fds[0] reads, fds[1] writes.
uint64 sys_pipe(void) {
  uint64 fdarray;
  struct file *rf, *wf;
  struct proc *p = myproc();

  argaddr(0, &fdarray);
  if (pipealloc(&rf, &wf) < 0)
    return -1;
  int fd0 = fd_alloc(rf);
  int fd1 = fd0 < 0 ? -1 : fd_alloc(wf);
  if (fd1 < 0 || copyout(p->pagetable, fdarray, (char *)&fd0, sizeof(fd0)) < 0 ||
      copyout(p->pagetable, fdarray + sizeof(fd0), (char *)&fd1, sizeof(fd1)) < 0) {
    fd_free(fd0);
    fd_free(fd1);
    fileclose(rf);
    fileclose(wf);
    return -1;
  }
  return 0;
}

// exec(path, argv): argv is a user array of string pointers ending with 0, at most MAXARG
// entries counting the 0. Each string is copied into a kernel page for exec().
uint64 sys_exec(void) {
  char path[MAXPATH];
  char *argv[MAXARG];
  uint64 uargv;
  int ret = -1;

  argaddr(1, &uargv);
  if (argstr(0, path, MAXPATH) < 0)
    return -1;

  memset(argv, 0, sizeof(argv));
  for (int i = 0;; i++) {
    if (i >= MAXARG)
      goto out; // no terminating 0 among the first MAXARG entries
    uint64 uarg;
    if (fetchaddr(uargv + i * sizeof(uint64), &uarg) < 0)
      goto out;
    if (uarg == 0)
      break;
    argv[i] = kalloc();
    if (argv[i] == 0 || fetchstr(uarg, argv[i], PGSIZE) < 0)
      goto out;
  }
  ret = exec(path, argv);

out:
  for (int i = 0; i < MAXARG && argv[i] != 0; i++)
    kfree(argv[i]);
  return ret;
}

// mmap(addr, len, prot, flags, fd, offset): map len bytes of the open file fd from offset
// (a multiple of the page size) at an address the kernel chooses (addr must be 0). Returns
// the address, or -1.
uint64 sys_mmap(void) {
  // BEGIN LAB mmap
  uint64 addr, len, offset;
  int prot, flags;
  struct file *f;
  argaddr(0, &addr);
  argaddr(1, &len);
  argint(2, &prot);
  argint(3, &flags);
  argaddr(5, &offset);
  if (fd_arg(4, 0, &f) < 0)
    return -1;
  return mmap(addr, len, prot, flags, f, offset);
  // STUB LAB mmap
  // return -1;
  // END LAB mmap
}

// munmap(addr, len): remove the mapping of [addr, addr+len), all of a mapping or one end of
// it, writing back to the file what a MAP_SHARED mapping wrote. Returns 0, or -1.
uint64 sys_munmap(void) {
  // BEGIN LAB mmap
  uint64 addr, len;
  argaddr(0, &addr);
  argaddr(1, &len);
  return munmap(addr, len);
  // STUB LAB mmap
  // return -1;
  // END LAB mmap
}
