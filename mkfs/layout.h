#ifndef MKFS_LAYOUT_H
#define MKFS_LAYOUT_H
// Building and reading a file-system image in memory: layout arithmetic, inode
// and block allocation, file contents and directory entries. Pure functions on
// a byte array, so that mkfs, fsck and their tests share one description of the
// disk format; mkfs.c and fsck.c do the file I/O.

#include "kernel/types.h"
#include "kernel/fs.h"

#define MKFS_NINODES 200 // inodes in the image mkfs builds

// Largest file the inode format can describe.
#define MAXFILE_BYTES ((uint64)MAXFILE * BSIZE)

// An image under construction. `disk` holds sb.size blocks of BSIZE bytes.
struct fsimage {
  uchar *disk;
  struct superblock sb;
  uint next_inum;  // next free inode number
  uint next_block; // next free data block (blocks are handed out in order)
};

// Fills *sb for an image of `size` blocks with `ninodes` inodes and a log of
// `nlog` blocks (header included). Returns 0, or -1 if the metadata alone would
// not leave at least one data block.
int layout_compute(uint size, uint ninodes, uint nlog, struct superblock *sb);

// Number of metadata blocks (boot, super, log, inodes, bitmap) of a layout:
// also the number of the first data block.
uint layout_nmeta(const struct superblock *sb);

// The regions a superblock describes, in the order they must lie on disk:
// boot and super, log, inodes, bitmap, data. Each is blocks [start, end),
// computed without overflow from whatever the superblock holds.
#define LAYOUT_NREGIONS 5
struct layout_region {
  const char *what;
  uint64 start, end;
};
void layout_regions(const struct superblock *sb, struct layout_region r[LAYOUT_NREGIONS]);

// Reads the superblock from the on-disk bytes of block 1.
void sb_decode(const uchar *block, struct superblock *sb);

// Converts between host order and the disk's (little endian), both ways.
uint fs_le32(uint x);
ushort fs_le16(ushort x);

// Starts an empty image on `disk` (size*BSIZE bytes, zeroed here) and writes
// the superblock. Returns 0 or -1 (see layout_compute).
int img_init(struct fsimage *img, uchar *disk, uint size, uint ninodes, uint nlog);

// Allocates an inode of `type` with one link. Returns its number, 0 if none is left.
uint img_ialloc(struct fsimage *img, short type);

// Appends n bytes to inode inum. Returns 0, or -1 if the file would exceed
// MAXFILE blocks or the image has no free data block left.
int img_append(struct fsimage *img, uint inum, const void *data, uint n);

// Fills a directory entry. Returns 0, or -1 if name is empty, contains '/',
// or is longer than DIRSIZ.
int dirent_make(struct dirent *de, const char *name, uint inum);

// Adds the entry name -> inum to directory dirinum. Returns 0 or -1.
int img_dirlink(struct fsimage *img, uint dirinum, const char *name, uint inum);

// Creates the root directory with "." and "..". Returns its inode number
// (ROOTINO), 0 on failure.
uint img_mkroot(struct fsimage *img);

// Marks every block in use so far in the free bitmap. Call once, at the end.
void img_finish(struct fsimage *img);

// The name a host path gets in the image: the last path component without a
// leading '_' ("user/_cat" -> "cat").
const char *img_name_of(const char *path);

// Reading an image back (fsck and the tests). The inode number must be below
// sb.ninodes and the superblock's regions inside the image; block pointers
// outside the data area then read as holes, so garbage is never followed.
uchar *img_block(const struct fsimage *img, uint blockno);
int img_in_data(const struct fsimage *img, uint blockno);
void img_read_inode(const struct fsimage *img, uint inum, struct dinode *out);
void img_write_inode(struct fsimage *img, uint inum, const struct dinode *in);
// The block tree of an inode (kernel/fs.h): addrs[k] for k < NDIRECT holds file block k; for
// k >= NDIRECT it is the root of a tree of depth k - NDIRECT + 1 (levels of indirect blocks)
// covering the next tree_span(depth) file blocks. tree_locate finds the slot k holding fbn and
// the first file block that slot covers; it returns the depth (0 for a direct block), or -1
// when fbn is beyond MAXFILE.
uint64 tree_span(uint depth); // NINDIRECT to the power depth
int tree_locate(uint64 fbn, uint *slot, uint64 *first);
// The disk block of file block fbn of *din, 0 for a hole or a bad pointer.
uint img_bmap(const struct fsimage *img, const struct dinode *din, uint fbn);
int img_read(const struct fsimage *img, uint inum, uint off, void *dst, uint n);
uint img_lookup(const struct fsimage *img, uint dirinum, const char *name);
int img_block_used(const struct fsimage *img, uint blockno);
void img_mark_block(struct fsimage *img, uint blockno, int used);

#endif
