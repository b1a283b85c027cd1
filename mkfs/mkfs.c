// mkfs: builds a file-system image holding the files named on the command line,
// all in the root directory.  Usage: mkfs fs.img file...
// The image is built in memory and written only when everything fits, so a
// failed run leaves no half-made image behind.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int main(int argc, char *argv[]) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s fs.img [file ...]\n", prog);
    return 2;
  }

  static uchar disk[FSSIZE * BSIZE];
  struct fsimage img;
  if (img_init(&img, disk, FSSIZE, MKFS_NINODES, LOGSIZE + 1) < 0)
    fail("%s: layout does not fit in FSSIZE blocks", argv[1]);
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
  if (fwrite(disk, BSIZE, FSSIZE, out) != FSSIZE || fclose(out) != 0) {
    fprintf(stderr, "%s: %s: write failed\n", prog, argv[1]);
    remove(argv[1]);
    return 1;
  }
  printf("%s: %u blocks (%u meta, %u data, %u used), %u inodes, %u log blocks\n", argv[1],
         img.sb.size, layout_nmeta(&img.sb), img.sb.nblocks, img.next_block, img.sb.ninodes,
         img.sb.nlog);
  return 0;
}
