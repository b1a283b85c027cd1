/* The very simple file system: an inode bitmap and table, a data bitmap and
 * blocks, directories of (name, inode) entries in one block each, files of
 * at most one block; and the random workload of mkdir, creat, append, link
 * and unlink that the book's vsfs.py runs on it. */
#ifndef VSFS_H
#define VSFS_H

#include <stdbool.h>
#include <stddef.h>

#include "pyrandom.h"

#define VSFS_DIR_MAX 32 /* entries a directory block holds */
#define VSFS_NAMES   24 /* single-letter names the workload uses */

typedef enum { VSFS_FREE, VSFS_FILE, VSFS_DIR } vsfs_type;

typedef struct {
  vsfs_type type;
  long long addr; /* data block, or -1 */
  long long refs;
} vsfs_inode;

typedef struct {
  char name[3]; /* ".", ".." or a letter */
  long long inum;
} vsfs_entry;

typedef struct {
  vsfs_type type;
  char data;           /* a file's one letter */
  int used;            /* directory entries */
  vsfs_entry *entries; /* VSFS_DIR_MAX of them, for directories */
} vsfs_block;

/* A name in the workload's list of files (or of directories). */
typedef struct {
  char *path;
  long long inum, parent;
  char name;
} vsfs_name;

/* A bitmap and how to find its lowest free entry fast. */
typedef struct {
  unsigned char *map;
  long long size, nfree;
  long long high;  /* entries from here up were never allocated */
  long long *heap; /* free entries below high */
  size_t nheap, heap_cap;
} vsfs_bitmap;

typedef struct {
  long long ninodes, ndata;
  unsigned char *ibitmap, *dbitmap; /* the maps of imap and dmap */
  vsfs_bitmap imap, dmap;
  vsfs_inode *inodes;
  vsfs_block *blocks;
  /* The workload's lists, in the original's order. Files are removed from
   * the middle: a Fenwick tree over their slots finds the k-th live one. */
  vsfs_name *files;
  unsigned char *live;
  long long *fenwick;
  size_t nslots, cap, nfiles;
  vsfs_name *dirs;
  size_t ndirs, dir_cap;
} vsfs_fs;

typedef enum { OP_APPEND, OP_UNLINK, OP_LINK, OP_MKDIR, OP_CREAT } vsfs_op_kind;

typedef struct {
  vsfs_op_kind kind;
  const char *path;   /* the file written, unlinked, linked to or created */
  const char *target; /* link: the existing file */
  char data;          /* append: the letter written */
} vsfs_op;

/* An empty file system with its root directory. False when out of memory
 * (sizes must be >= 1). */
bool vsfs_init(vsfs_fs *fs, long long ninodes, long long ndata);
void vsfs_free(vsfs_fs *fs);

/* One try of the workload, drawing as the original does. Returns true and
 * describes the operation when it took place. op->path stays valid until
 * the next call. */
bool vsfs_attempt(vsfs_fs *fs, pyrandom *rng, vsfs_op *op);

/* The k-th file of the list (0-based, k < nfiles). */
const vsfs_name *vsfs_file(const vsfs_fs *fs, size_t k);

/* The individual operations, as the workload calls them; -1 on failure. */
long long vsfs_create(vsfs_fs *fs, long long parent, char name, vsfs_type type);
long long vsfs_link(vsfs_fs *fs, long long target, long long parent, char name);
int vsfs_write(vsfs_fs *fs, long long inum, char data);
void vsfs_unlink(vsfs_fs *fs, long long inum, long long parent, char name);

#endif
