// The fsck tests' sample image (see sample.h).
#include <stdlib.h>
#include <string.h>

#include "kernel/types.h"
#include "kernel/fs.h"
#include "kernel/param.h"
#include "kernel/stat.h"
#include "mkfs/layout.h"
#include "mkfs/tests/sample.h"

static void set_nlink(struct fsimage *img, uint inum, int nlink) {
  struct dinode din;
  img_read_inode(img, inum, &din);
  din.nlink = nlink;
  img_write_inode(img, inum, &din);
}

uint sample_mkdir(struct fsimage *img, uint parent, const char *name) {
  uint dir = img_ialloc(img, T_DIR);
  img_dirlink(img, dir, ".", dir);
  img_dirlink(img, dir, "..", parent);
  img_dirlink(img, parent, name, dir);
  struct dinode din;
  img_read_inode(img, parent, &din);
  set_nlink(img, parent, din.nlink + 1); // the new ".." names the parent
  return dir;
}

uchar *sample_build(struct sample *s) {
  uchar *disk = malloc(SAMPLE_LEN);
  struct fsimage *img = &s->img;
  img_init(img, disk, SAMPLE_SIZE, SAMPLE_NINODES, LOGSIZE + 1);
  uint root = img_mkroot(img);

  char text[100];
  memset(text, 'r', sizeof(text));
  s->readme = img_ialloc(img, T_FILE);
  img_append(img, s->readme, text, sizeof(text));
  img_dirlink(img, root, "README", s->readme);

  static uchar big[14 * BSIZE - 10];
  for (uint i = 0; i < sizeof(big); i++)
    big[i] = i % 253;
  s->big = img_ialloc(img, T_FILE);
  img_append(img, s->big, big, sizeof(big));
  img_dirlink(img, root, "big", s->big);

  img_dirlink(img, root, "gone", s->readme); // then removed: a free entry
  struct dinode din;
  img_read_inode(img, root, &din);
  struct dirent free_entry;
  memset(&free_entry, 0, sizeof(free_entry));
  uint b = img_bmap(img, &din, 0);
  memcpy(img_block(img, b) + din.size - sizeof(free_entry), &free_entry, sizeof(free_entry));

  img_dirlink(img, root, "link", s->readme);
  set_nlink(img, s->readme, 2);

  s->console = img_ialloc(img, T_DEVICE);
  img_read_inode(img, s->console, &din);
  din.major = 1;
  img_write_inode(img, s->console, &din);
  img_dirlink(img, root, "console", s->console);

  s->d = sample_mkdir(img, root, "d");
  s->empty = img_ialloc(img, T_FILE);
  img_dirlink(img, s->d, "empty", s->empty);
  s->e = sample_mkdir(img, s->d, "e");
  img_finish(img);
  return disk;
}

uint64 sample_inode_off(const struct sample *s, uint inum) {
  return (uint64)IBLOCK(inum, s->img.sb) * BSIZE + inum % IPB * sizeof(struct dinode);
}

uint64 sample_dirent_off(const struct sample *s, uint dir, uint i) {
  struct dinode din;
  img_read_inode(&s->img, dir, &din);
  uint off = i * sizeof(struct dirent);
  return (uint64)img_bmap(&s->img, &din, off / BSIZE) * BSIZE + off % BSIZE;
}
