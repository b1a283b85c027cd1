#ifndef MKFS_TESTS_SAMPLE_H
#define MKFS_TESTS_SAMPLE_H
// A small image holding one of everything fsck looks at, built in memory for its tests:
//   /README        file, 100 bytes, also named /link (2 links)
//   /big           file of 14 blocks: NDIRECT direct, the rest through the indirect block
//   /console       device
//   /d/            directory holding empty (a file of 0 bytes) and e/ (an empty directory)
// and a free entry in / where a file was removed.
#include "kernel/types.h"
#include "mkfs/layout.h"

#define SAMPLE_SIZE    120 // blocks
#define SAMPLE_NINODES 32
#define SAMPLE_LEN     ((uint64)SAMPLE_SIZE * BSIZE)

struct sample {
  struct fsimage img;
  uint readme, big, console, d, empty, e; // inode numbers
};

// Builds the image into a new SAMPLE_LEN-byte buffer (the caller frees it).
uchar *sample_build(struct sample *s);

// Byte offset in the image of inode inum's on-disk copy.
uint64 sample_inode_off(const struct sample *s, uint inum);

// Byte offset of entry i of directory dir (which must hold it).
uint64 sample_dirent_off(const struct sample *s, uint dir, uint i);

// A directory `name` in parent, as the kernel's mkdir makes it. Returns its inode number.
uint sample_mkdir(struct fsimage *img, uint parent, const char *name);
#endif
