#ifndef KERNEL_FS_INODE_H
#define KERNEL_FS_INODE_H
// Inodes, directories and path names: the file system proper, above the log.
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/fs.h"
#include "kernel/core/sleeplock.h"

struct stat;

// In-memory copy of an inode.
struct inode {
  uint dev;              // device number
  uint inum;             // inode number
  int ref;               // reference count
  int orphan;            // on the disk's orphan list (guarded, like ref, by the table's lock)
  struct sleeplock lock; // protects everything below here
  int valid;             // inode has been read from disk?

  short type; // copy of disk inode
  short major;
  short minor;
  short nlink;
  uint size;
  uint addrs[NADDRS];
};

void fsinit(int dev); // read the superblock, recover the log, free orphans; needs a process
void iinit(void);
struct inode *ialloc(uint dev, short type);
struct inode *idup(struct inode *ip);
void ilock(struct inode *ip);
void iunlock(struct inode *ip);
void iput(struct inode *ip); // inside a transaction: may free the inode
void iunlockput(struct inode *ip);
void iupdate(struct inode *ip);
void itrunc(struct inode *ip);
void stati(struct inode *ip, struct stat *st);
int readi(struct inode *ip, int user_dst, uint64 dst, uint off, uint n);
int writei(struct inode *ip, int user_src, uint64 src, uint off, uint n);
uint write_chunk_blocks(void); // the most blocks one transaction may write into a file

int namecmp(const char *s, const char *t);
struct inode *dirlookup(struct inode *dp, char *name, uint *poff);
int dirlink(struct inode *dp, char *name, uint inum);
struct inode *namei(char *path);
struct inode *nameiparent(char *path, char *name);
// BEGIN LAB fs
#define MAXSYMLINKS 10 // longest chain of symbolic links open follows
struct inode *follow_symlinks(struct inode *ip);
// END LAB fs
#endif
