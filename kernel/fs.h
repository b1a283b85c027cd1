#ifndef KERNEL_FS_H
#define KERNEL_FS_H
#include "kernel/types.h"
// On-disk file system format, shared by the kernel and mkfs.
// Disk layout, in BSIZE blocks:
//   [ boot | super | log header + log | inodes | free bitmap | data ... ]

#define ROOTINO 1    // root i-number
#define BSIZE   1024 // block size

#define FSMAGIC 0x4F535446 // "FTSO": identifies our file system

#define SUPERBLOCK 1 // the superblock's block number

// The superblock's block also holds the orphan list, from byte ORPHAN_OFFSET: NORPHAN inode
// numbers (0: an empty slot) of inodes unlinked while still open. Each is freed when its last
// reference goes, or at the next boot if the machine stopped first. Every orphan is in the
// kernel's inode cache, so NORPHAN >= NINODE slots are enough.
#define ORPHAN_OFFSET 512
#define NORPHAN       64

struct superblock {
  uint magic;      // must be FSMAGIC
  uint size;       // size of file system image (blocks)
  uint nblocks;    // number of data blocks
  uint ninodes;    // number of inodes
  uint nlog;       // number of log blocks (header included)
  uint logstart;   // block number of first log block
  uint inodestart; // block number of first inode block
  uint bmapstart;  // block number of first free map block
};

// An inode's addrs[NADDRS]: NDIRECT direct block numbers, then the tree's roots: addrs[NDIRECT]
// an indirect block (a block of NINDIRECT block numbers) and, where NADDRS says there is one,
// addrs[NDIRECT + 1] a doubly-indirect block (NINDIRECT indirect blocks). mkfs and fsck walk
// whatever tree NADDRS describes: slot NDIRECT + k is the root of a tree k + 1 levels deep.
#define NINDIRECT (BSIZE / sizeof(uint))
// BEGIN LAB fs
#define NDIRECT    11
#define NADDRS     (NDIRECT + 2)
#define NDINDIRECT (NINDIRECT * NINDIRECT)
#define MAXFILE    (NDIRECT + NINDIRECT + NDINDIRECT)
// STUB LAB fs
// #define NDIRECT 12
// #define NADDRS  (NDIRECT + 1)
// #define MAXFILE (NDIRECT + NINDIRECT)
// END LAB fs

// On-disk inode.
struct dinode {
  short type;         // file type (T_DIR, T_FILE, T_DEVICE, T_SYMLINK; 0 = free)
  short major;        // major device number (T_DEVICE only)
  short minor;        // minor device number (T_DEVICE only)
  short nlink;        // number of directory entries that refer to it
  uint size;          // size of file (bytes)
  uint addrs[NADDRS]; // data block addresses, then the indirect tree's roots
};

// Inodes per block.
#define IPB (BSIZE / sizeof(struct dinode))

// Block containing inode i.
#define IBLOCK(i, sb) ((i) / IPB + (sb).inodestart)

// Bitmap bits per block.
#define BPB (BSIZE * 8)

// Block of free map containing bit for block b.
#define BBLOCK(b, sb) ((b) / BPB + (sb).bmapstart)

// A directory is a file of these entries; inum 0 marks a free entry.
#define DIRSIZ 14

struct dirent {
  ushort inum;
  char name[DIRSIZ]; // not NUL-terminated when DIRSIZ long
};
#endif
