/* The log-structured file system model: a disk that only grows at its end
 * (the log), a checkpoint region at block 0 pointing to the latest pieces
 * of the inode map, inode-map chunks of 16 entries, inodes of 8 direct
 * pointers, directory blocks of 8 entries, and data blocks. Every update
 * appends new versions of the blocks it changes, then (unless checkpoints
 * are not forced) rewrites the checkpoint region.
 *
 * It follows the book's simulator step for step, quirks included (links
 * update only the parent's imap chunk; a write of 0 blocks at offset k
 * still raises the size to k). Where the original would fail an assertion
 * or raise, an operation returns LFS_CRASH and sets lfs.error. */
#ifndef LFS_H
#define LFS_H

#include <stdbool.h>
#include <stdint.h>

#include "pyrandom.h"
#include "strtab.h"

#define LFS_CR_PTRS        16
#define LFS_INODES_PER_MAP 16
#define LFS_INODE_PTRS     8
#define LFS_DIR_ENTRIES    8
#define LFS_NUM_INODES     (LFS_CR_PTRS * LFS_INODES_PER_MAP)
/* Limits of ours. */
#define LFS_MAX_BLOCKS (1 << 25)
#define LFS_MAX_WRITE  (1 << 24)
#define LFS_CRASH      (-2)

typedef enum { BLK_CHECKPOINT, BLK_DIR, BLK_DATA, BLK_INODE, BLK_IMAP } lfs_block_kind;

typedef struct {
  uint8_t kind;
  union {
    int32_t entries[16]; /* checkpoint: imap chunk addresses; imap: inode addresses */
    struct {
      int32_t name[LFS_DIR_ENTRIES]; /* name ids (see lfs_name) */
      int32_t inum[LFS_DIR_ENTRIES]; /* -1: free slot */
    } dir;
    struct {
      char letter;
      int32_t index; /* contents: (letter + index) sixteen times */
    } data;
    struct {
      bool is_dir;
      int32_t size, refs;
      int32_t ptr[LFS_INODE_PTRS];
    } inode;
  };
} lfs_block;

typedef struct {
  lfs_block *disk;
  long long len, cap;
  int32_t cr[LFS_CR_PTRS]; /* the checkpoint region in memory */
  int32_t imap[LFS_NUM_INODES];
  /* liveness, kept up to date: how many current inodes point at a block,
   * and how many inode-map entries name it */
  int32_t *ptr_refs, *map_refs;

  bool use_disk_cr, no_force, random_alloc;
  pyrandom *rng;

  /* interned names of directory entries */
  strtab names;
  int32_t dash; /* the id of "-", the name of a free slot */

  /* the last operation's messages */
  char *errors[4];
  int nerrors;
  const char *error; /* set on LFS_CRASH */
  char error_text[200];
} lfs;

/* The initial file system: checkpoint, root directory block, root inode,
 * imap chunk 0. rng is drawn from by writes and random allocation. */
bool lfs_init(lfs *f, bool use_disk_cr, bool no_force, bool random_alloc, pyrandom *rng);
void lfs_free(lfs *f);

/* The operations. Each returns 0 (or, for a write, the blocks written),
 * -1 with messages in f->errors, or LFS_CRASH with f->error. */
int lfs_create(lfs *f, const char *path, bool is_file);
int lfs_link(lfs *f, const char *src, const char *dst);
long long lfs_write(lfs *f, const char *path, long long offset, long long nblocks);
int lfs_delete(lfs *f, const char *path);
int lfs_sync(lfs *f);

/* Is block i live: the checkpoint, a current imap chunk, a current inode or
 * a block a current inode points to? */
bool lfs_live(const lfs *f, long long i);
/* The text of a name id. */
const char *lfs_name(const lfs *f, int32_t id);

#endif
