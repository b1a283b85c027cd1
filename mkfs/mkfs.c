// mkfs: builds a file-system image holding the files named on the command line,
// all in the root directory.  Usage: mkfs [-s blocks] fs.img file...
// The image is built in memory and written only when everything fits, so a
// failed run leaves no half-made image behind. It has FSSIZE blocks unless -s says
// otherwise; blocks of zeros are left as holes, so a big image costs only the blocks in use.
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernel/types.h"
#include "kernel/fs.h"
#include "kernel/param.h"
#include "kernel/stat.h"
#include "mkfs/layout.h"

static const char *prog = "mkfs";

static void fail(const char *fmt, const char *arg) {
  fprintf(stderr, "%s: ", prog);
  fprintf(stderr, fmt, arg);
  fputc('\n', stderr);
  exit(1);
}

// Copies the host file at path into a new inode linked from the root.
static void add_file(struct fsimage *img, uint root, const char *path) {
  const char *name = img_name_of(path);
  if (strlen(name) > DIRSIZ)
    fail("%s: name longer than DIRSIZ (14) characters", name);
  if (img_lookup(img, root, name) != 0)
    fail("%s: name given twice", name);

  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
    exit(1);
  }
  uint inum = img_ialloc(img, T_FILE);
  if (inum == 0)
    fail("%s: image overflow: no inode left", path);

  static uchar chunk[BSIZE];
  uint64 total = 0;
  size_t n;
  while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
    total += n;
    if (total > MAXFILE_BYTES)
      fail("%s: file larger than MAXFILE blocks", path);
    if (img_append(img, inum, chunk, n) < 0)
      fail("%s: image overflow: no data block left", path);
  }
  if (ferror(f))
    fail("%s: read error", path);
  fclose(f);

  if (img_dirlink(img, root, name, inum) < 0)
    fail("%s: image overflow: root directory full", path);
}

// Writes the image, seeking over blocks of zeros so that they stay holes. Returns 0 or -1.
static int write_sparse(FILE *out, const uchar *disk, uint size) {
  static const uchar zeros[BSIZE];
  for (uint b = 0; b < size; b++) {
    const uchar *block = disk + (uint64)b * BSIZE;
    if (memcmp(block, zeros, BSIZE) == 0) {
      if (fseek(out, BSIZE, SEEK_CUR) != 0)
        return -1;
    } else if (fwrite(block, BSIZE, 1, out) != 1) {
      return -1;
    }
  }
  // The image ends at its last block even when that is a hole.
  return fflush(out) == 0 && ftruncate(fileno(out), (off_t)size * BSIZE) == 0 ? 0 : -1;
}

int main(int argc, char *argv[]) {
  uint size = FSSIZE;
  if (argc >= 3 && strcmp(argv[1], "-s") == 0) {
    char *end;
    unsigned long n = strtoul(argv[2], &end, 10);
    if (*argv[2] == '\0' || *end != '\0' || n == 0 || n > UINT32_MAX / BSIZE)
      fail("-s %s: not a number of blocks", argv[2]);
    size = n;
    argc -= 2;
    argv += 2;
  }
  if (argc < 2) {
    fprintf(stderr, "usage: %s [-s blocks] fs.img [file ...]\n", prog);
    return 2;
  }

  uchar *disk = calloc(size, BSIZE);
  if (disk == NULL)
    fail("%s: out of memory", argv[1]);
  struct fsimage img;
  if (img_init(&img, disk, size, MKFS_NINODES, LOGSIZE + 1) < 0)
    fail("%s: layout does not fit in the image's blocks", argv[1]);
  uint root = img_mkroot(&img);
  if (root == 0)
    fail("%s: cannot create the root directory", argv[1]);

  for (int i = 2; i < argc; i++)
    add_file(&img, root, argv[i]);
  img_finish(&img);

  FILE *out = fopen(argv[1], "wb");
  if (out == NULL) {
    fprintf(stderr, "%s: %s: %s\n", prog, argv[1], strerror(errno));
    return 1;
  }
  if (write_sparse(out, disk, size) < 0 || fclose(out) != 0) {
    fprintf(stderr, "%s: %s: write failed\n", prog, argv[1]);
    remove(argv[1]);
    return 1;
  }
  printf("%s: %u blocks (%u meta, %u data, %u used), %u inodes, %u log blocks\n", argv[1],
         img.sb.size, layout_nmeta(&img.sb), img.sb.nblocks, img.next_block, img.sb.ninodes,
         img.sb.nlog);
  return 0;
}
