/* The ffs model: FFS's placement policies on a disk of cylinder groups.
 * Each group has inodes and data blocks; directories go to the group with
 * the most free inodes, files to their directory's group, a large file
 * moves on to the next group after a fixed number of blocks. The model
 * reproduces OSTEP's ffs.py exactly, including where its bookkeeping goes
 * wrong (see ffs_delete), so that every command line and workload gives
 * the same picture as the original. */
#ifndef FFS_H
#define FFS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* A bitmap slot holds the inode number that owns it, or FFS_FREE. */
#define FFS_FREE INT32_MIN
/* Live files and directories are limited by the symbols that draw them. */
#define FFS_NSYMBOLS 79

typedef enum { FFS_NONE = 0, FFS_REGULAR, FFS_DIRECTORY } ffs_type;

typedef struct {
  char *name;
  long long inum;
} ffs_dirent;

/* What the original keeps per inode number in its dictionaries. */
typedef struct {
  long long inum;
  ffs_type type; /* FFS_NONE once deleted */
  bool has_symbol;
  char symbol;
  long long *blocks; /* global data block numbers, in allocation order */
  size_t nblocks, blocks_cap;
  bool is_dir; /* has directory entries */
  ffs_dirent *entries;
  size_t nentries, entries_cap;
} ffs_inode;

/* One name of the name-to-inode map, in insertion order. */
typedef struct {
  char *path;
  long long inum;
} ffs_name;

typedef struct {
  long long ngroups, blocks_per_group, inodes_per_group;
  long long large_file_exception; /* 0 or less: off */
  long long contig;               /* free blocks needed in a row */
  long long faraway;              /* groups examined together for a directory */
  bool spread_inodes, spread_data;
} ffs_config;

typedef struct {
  ffs_config cfg;
  int32_t *ibitmap, *dbitmap; /* [group * per_group + index] */
  uint64_t *dused;            /* data slots in use, a bit each, per group */
  long long dwords;           /* 64-bit words per group in dused */
  long long *ifree, *dfree;   /* free slots per group */
  long long total_data_free, total_inodes_free;

  ffs_inode *inodes; /* records by inode number (a small hash) */
  size_t ninodes, inodes_cap;
  long long *slots; /* hash slots: index + 1 into inodes, 0 = empty */
  size_t nslots;

  ffs_name *names;
  size_t nnames, names_cap;

  char available[FFS_NSYMBOLS + 1];
  int navailable;

  /* The state no longer follows the rules (a delete freed the wrong
   * slots): the original's consistency check then runs after every
   * command, and usually fails. */
  bool irregular;
  const char *irregular_cause; /* said with the check's failure */

  FILE *out;       /* the original's prints during operations, or NULL */
  bool verbose;    /* -v: per-operation messages */
  char error[256]; /* why the run stopped, where the original crashes */
} ffs_fs;

/* What happened to one operation. */
typedef struct {
  bool ok;
  char reason[160]; /* why it failed, as the original's -v says it */
  long long inum, group;
  long long target_alloc; /* -D: the group chosen for the data, else -1 */
} ffs_result;

/* Outcome of a step: FFS_STEP_OK, or the run ends. */
typedef enum {
  FFS_STEP_OK = 0,
  FFS_STEP_CRASH, /* the original raises an exception: fs->error says what */
  FFS_STEP_EXIT,  /* the original printed a message and exited 1 */
} ffs_step;

/* Sets up the groups and the root directory. The sizes must be >= 1.
 * Returns false when out of memory. */
bool ffs_init(ffs_fs *fs, const ffs_config *cfg);
void ffs_free(ffs_fs *fs);

/* The original's create (regular file of size blocks), mkdir and delete,
 * each followed by its consistency check. size_text is the size as the
 * original prints it (any size); size is its value, saturated. */
ffs_step ffs_create(ffs_fs *fs, const char *path, long long size, const char *size_text,
                    ffs_result *r);
ffs_step ffs_mkdir(ffs_fs *fs, const char *path, ffs_result *r);
ffs_step ffs_delete(ffs_fs *fs, const char *path, ffs_result *r);

/* Lookups for the reports. */
const ffs_inode *ffs_inode_of(const ffs_fs *fs, long long inum);
/* Symbol drawn for a bitmap slot's owner; false if it has none (the
 * original then fails with a KeyError). */
bool ffs_symbol(const ffs_fs *fs, long long inum, char *symbol);
long long ffs_lookup(const ffs_fs *fs, const char *path);

#endif
