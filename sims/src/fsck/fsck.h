/* The fsck model: a very simple file system (inode bitmap, inodes, data
 * bitmap, data blocks; every file or directory has at most one block), a
 * random workload of creat, mkdir, link, unlink and append that keeps it
 * consistent, and one corruption of its on-disk state for the student to
 * find. Draws random numbers exactly as OSTEP's fsck.py does. */
#ifndef FSCK_H
#define FSCK_H

#include <stdbool.h>
#include <stddef.h>

#include "pyrandom.h"

/* Entries a directory block holds; the original asserts on more. */
#define FSCK_DIR_ENTRIES 32

typedef enum { FSCK_FREE = 0, FSCK_FILE = 'f', FSCK_DIR = 'd' } fsck_type;

typedef struct {
  fsck_type type;
  long long addr; /* data block, or -1 */
  long long refs; /* links for files; subdirectories + 2 for directories */
} fsck_inode;

typedef struct {
  char name[3]; /* ".", ".." or one letter */
  long long inum;
} fsck_dirent;

typedef struct {
  fsck_type type;
  char data;            /* a file's one letter of content */
  int nentries;         /* a directory's entries... */
  fsck_dirent *entries; /* ...FSCK_DIR_ENTRIES of room, allocated when the
                           block first becomes a directory */
} fsck_block;

typedef struct {
  char *bits; /* '0' or '1' per item: the bitmap as it is printed */
  long long size, allocated;
} fsck_bitmap;

/* A directory of the workload: its path and inode. Directories are never
 * removed. */
typedef struct {
  char *path;
  long long inum;
  long long block; /* its directory block (fixed while the workload runs) */
} fsck_dir;

/* A name the workload may append to, link to or unlink: the directory it is
 * in (index into dirs), its letter, and its inode. */
typedef struct {
  size_t dir;
  char letter;
  long long inum;
} fsck_file;

/* The corruptions, numbered as -w numbers them. */
typedef enum {
  FSCK_C_DATA_BITMAP = 0,
  FSCK_C_INODE_BITMAP = 1,
  FSCK_C_FILE_REFCNT = 2,
  FSCK_C_FILE_ORPHAN = 3,
  FSCK_C_FILE_DEAD_BLOCK = 4,
  FSCK_C_FILE_TYPE = 5,
  FSCK_C_ENTRY_INODE = 6,
  FSCK_C_ENTRY_NAME = 7,
  FSCK_C_DIR_REFCNT = 8,
  FSCK_C_DIR_ORPHAN = 9,
  FSCK_C_DIR_DEAD_BLOCK = 10,
  FSCK_C_DIR_TYPE = 11,
  FSCK_NCORRUPTIONS = 12,
} fsck_corruption_kind;

/* What one corruption changed, for the answer, the JSON and the picture. */
typedef struct {
  int kind;           /* fsck_corruption_kind */
  long long bit;      /* bitmap corruptions: the flipped bit */
  long long inode;    /* inode corruptions: the inode changed; entry
                         corruptions: the directory's inode */
  long long block;    /* entry corruptions: the directory's block; dead
                         block: the free block now pointed to */
  int entry;          /* entry corruptions: index of the altered entry */
  fsck_dirent before; /* entry corruptions: the entry as it was */
  fsck_dirent after;  /* ... and as it is */
  int delta;          /* refcnt corruptions: +1 or -1 */
  long long old_addr; /* dead block: the address before */
  fsck_type old_type; /* type corruptions: the type before */
} fsck_corruption;

typedef struct {
  long long ninodes, ndata;
  fsck_bitmap ibitmap, dbitmap;
  fsck_inode *inodes;
  fsck_block *data;
  /* The workload's view, in the original's list order. */
  fsck_dir *dirs;
  size_t ndirs, dirs_cap;
  fsck_file *files; /* files[files_head .. files_end) are live */
  size_t files_head, files_end, files_cap;
  pyrandom rng;
} fsck_fs;

/* How a run ended. */
typedef enum {
  FSCK_OK = 0,
  FSCK_OUT_OF_INODES, /* the original's own message, exit 1 */
  FSCK_OUT_OF_DATA,   /* the same for data blocks */
  FSCK_NO_MEMORY,
} fsck_status;

/* A fresh file system with its root directory, the generator seeded with
 * seed (decimal text of any size). ninodes and ndata must be >= 1. Returns
 * false when out of memory or the seed is not a number. */
bool fsck_init(fsck_fs *fs, long long ninodes, long long ndata, const char *seed);
void fsck_free(fsck_fs *fs);

/* Runs nrequests successful operations (each retried until one succeeds). */
fsck_status fsck_run(fsck_fs *fs, long long nrequests);

/* Applies one corruption: reseeds with seed_corrupt, draws a kind, and
 * replaces it with `which` when which >= 0. Returns:
 *   1  done, *c describes it
 *   0  `which` names no corruption (the original's "No such corruption")
 *  -1  no structure of the kind exists to corrupt (the original crashes);
 *      c->kind says which kind was drawn */
int fsck_corrupt(fsck_fs *fs, const char *seed_corrupt, long long which, bool which_given,
                 fsck_corruption *c);

/* Path of a workload file: "/a" or "/b/c". Returns buf (malloc'd, caller
 * frees). */
char *fsck_file_path(const fsck_fs *fs, const fsck_file *f);

/* Number of live names in the files list. */
size_t fsck_nfiles(const fsck_fs *fs);
const fsck_file *fsck_file_at(const fsck_fs *fs, size_t i);

#endif
