// bigfile: the fs lab's test of big files. `bigfile` writes a file of blocks, each stamped with
// its number, until a write fails: the largest file (on a disk big enough: make FSSIZE=200000);
// `bigfile N` writes N blocks. Then it reads the whole file back, truncates it and unlinks it,
// counting the free data blocks (kstats) at each step. One line per finding, for
// labs/fs/grade.py:
//   bigfile: MAXFILE M
//   bigfile: wrote N blocks
//   bigfile: write past the end returned R            (without N)
//   bigfile: read back N blocks, first bad block B   (B is -1 when all were right)
//   bigfile: free blocks F before, G with the file, H after truncate, I after unlink
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/fs.h"
#include "kernel/kstats.h"
#include "user/user.h"

#define BATCH 8 // blocks per write and read call

static char buf[BATCH * BSIZE];

static uint64 free_blocks(void) {
  struct kstats k;
  if (kstats(&k) < 0) {
    printf("bigfile: kstats failed\n");
    exit(1);
  }
  return k.free_blocks;
}

// Fills a block with a pattern that only file block fbn has.
static void stamp(char *block, int fbn) {
  for (int j = 0; j < BSIZE; j += sizeof(int))
    *(int *)(block + j) = fbn ^ (j << 16);
}

int main(int argc, char *argv[]) {
  int limit = argc > 1 ? atoi(argv[1]) : -1; // blocks to write; -1: until a write fails
  printf("bigfile: MAXFILE %d\n", (int)MAXFILE);
  if (limit > (int)MAXFILE) {
    printf("bigfile: %d blocks is more than MAXFILE\n", limit);
    exit(1);
  }
  unlink("big.file");
  uint64 before = free_blocks();
  int fd = open("big.file", O_CREATE | O_WRONLY);
  if (fd < 0) {
    printf("bigfile: cannot create big.file\n");
    exit(1);
  }
  int blocks = 0;
  while (limit < 0 || blocks < limit) {
    for (int i = 0; i < BATCH; i++)
      stamp(buf + i * BSIZE, blocks + i);
    int want = limit >= 0 && limit - blocks < BATCH ? limit - blocks : BATCH;
    int n = write(fd, buf, want * BSIZE);
    if (n == want * BSIZE) {
      blocks += want;
      continue;
    }
    // A write that does not fit fails, perhaps after writing part of it: go on from the
    // size a block at a time to find the end.
    struct stat st;
    if (fstat(fd, &st) < 0) {
      printf("bigfile: fstat failed\n");
      exit(1);
    }
    blocks = st.size / BSIZE;
    for (stamp(buf, blocks); write(fd, buf, BSIZE) == BSIZE; stamp(buf, blocks))
      blocks++;
    break;
  }
  printf("bigfile: wrote %d blocks\n", blocks);
  if (limit < 0)
    printf("bigfile: write past the end returned %d\n", write(fd, buf, 1));
  uint64 with = free_blocks();
  close(fd);

  fd = open("big.file", O_RDONLY);
  int bad = -1, read_back = 0;
  while (fd >= 0) {
    int n = read(fd, buf, sizeof(buf));
    if (n <= 0)
      break;
    char expect[BSIZE];
    for (int i = 0; i + BSIZE <= n; i += BSIZE, read_back++) {
      stamp(expect, read_back);
      if (bad < 0 && memcmp(buf + i, expect, BSIZE) != 0)
        bad = read_back;
    }
  }
  close(fd);
  printf("bigfile: read back %d blocks, first bad block %d\n", read_back, bad);

  close(open("big.file", O_WRONLY | O_TRUNC));
  uint64 truncated = free_blocks();
  unlink("big.file");
  printf("bigfile: free blocks %lu before, %lu with the file, %lu after truncate, %lu after "
         "unlink\n",
         before, with, truncated, free_blocks());
  exit(0);
}
