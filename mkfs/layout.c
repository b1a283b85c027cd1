// In-memory construction of a file-system image (see layout.h).
#include <string.h>

#include "kernel/types.h"
#include "kernel/fs.h"
#include "kernel/stat.h"
#include "mkfs/layout.h"

// The disk format is little endian, like RISC-V. Converting field by field
// keeps mkfs correct on a big-endian host too.
uint fs_le32(uint x) {
  uchar b[4] = {x & 0xff, (x >> 8) & 0xff, (x >> 16) & 0xff, (x >> 24) & 0xff};
  uint y;
  memcpy(&y, b, 4);
  return y;
}

ushort fs_le16(ushort x) {
  uchar b[2] = {x & 0xff, (x >> 8) & 0xff};
  ushort y;
  memcpy(&y, b, 2);
  return y;
}

uchar *img_block(const struct fsimage *img, uint blockno) {
  return img->disk + (uint64)blockno * BSIZE;
}

int layout_compute(uint size, uint ninodes, uint nlog, struct superblock *sb) {
  if (size < 3 || ninodes < 2 || nlog < 2)
    return -1;
  uint ninodeblocks = (ninodes + IPB - 1) / IPB;
  uint nbitmap = (size + BPB - 1) / BPB;
  uint64 nmeta = 2 + (uint64)nlog + ninodeblocks + nbitmap; // boot + super + ...
  if (nmeta >= size)
    return -1;
  memset(sb, 0, sizeof(*sb));
  sb->magic = FSMAGIC;
  sb->size = size;
  sb->nblocks = size - nmeta;
  sb->ninodes = ninodes;
  sb->nlog = nlog;
  sb->logstart = 2;
  sb->inodestart = 2 + nlog;
  sb->bmapstart = 2 + nlog + ninodeblocks;
  return 0;
}

uint layout_nmeta(const struct superblock *sb) {
  return sb->size - sb->nblocks;
}

void layout_regions(const struct superblock *sb, struct layout_region r[LAYOUT_NREGIONS]) {
  r[0] = (struct layout_region){"boot and super", 0, 2};
  r[1] = (struct layout_region){"log", sb->logstart, (uint64)sb->logstart + sb->nlog};
  r[2] = (struct layout_region){"inode", sb->inodestart,
                                (uint64)sb->inodestart + (sb->ninodes + (uint64)IPB - 1) / IPB};
  r[3] = (struct layout_region){"bitmap", sb->bmapstart,
                                (uint64)sb->bmapstart + (sb->size + (uint64)BPB - 1) / BPB};
  r[4] = (struct layout_region){"data", (uint64)sb->size - sb->nblocks, sb->size};
}

void sb_decode(const uchar *block, struct superblock *sb) {
  struct superblock d;
  memcpy(&d, block, sizeof(d));
  *sb = (struct superblock){fs_le32(d.magic),      fs_le32(d.size),     fs_le32(d.nblocks),
                            fs_le32(d.ninodes),    fs_le32(d.nlog),     fs_le32(d.logstart),
                            fs_le32(d.inodestart), fs_le32(d.bmapstart)};
}

int img_init(struct fsimage *img, uchar *disk, uint size, uint ninodes, uint nlog) {
  if (layout_compute(size, ninodes, nlog, &img->sb) < 0)
    return -1;
  img->disk = disk;
  memset(disk, 0, (uint64)size * BSIZE);
  img->next_inum = ROOTINO;
  img->next_block = layout_nmeta(&img->sb);

  struct superblock disk_sb = {
      fs_le32(img->sb.magic),      fs_le32(img->sb.size),      fs_le32(img->sb.nblocks),
      fs_le32(img->sb.ninodes),    fs_le32(img->sb.nlog),      fs_le32(img->sb.logstart),
      fs_le32(img->sb.inodestart), fs_le32(img->sb.bmapstart),
  };
  memcpy(img_block(img, 1), &disk_sb, sizeof(disk_sb));
  return 0;
}

static struct dinode *dinode_at(const struct fsimage *img, uint inum) {
  return (struct dinode *)img_block(img, IBLOCK(inum, img->sb)) + inum % IPB;
}

// Disk inodes are converted whole on the way in and out.
void img_read_inode(const struct fsimage *img, uint inum, struct dinode *out) {
  const struct dinode *d = dinode_at(img, inum);
  out->type = fs_le16(d->type);
  out->major = fs_le16(d->major);
  out->minor = fs_le16(d->minor);
  out->nlink = fs_le16(d->nlink);
  out->size = fs_le32(d->size);
  for (int i = 0; i < NADDRS; i++)
    out->addrs[i] = fs_le32(d->addrs[i]);
}

void img_write_inode(struct fsimage *img, uint inum, const struct dinode *in) {
  struct dinode *d = dinode_at(img, inum);
  d->type = fs_le16(in->type);
  d->major = fs_le16(in->major);
  d->minor = fs_le16(in->minor);
  d->nlink = fs_le16(in->nlink);
  d->size = fs_le32(in->size);
  for (int i = 0; i < NADDRS; i++)
    d->addrs[i] = fs_le32(in->addrs[i]);
}

uint img_ialloc(struct fsimage *img, short type) {
  if (img->next_inum >= img->sb.ninodes)
    return 0;
  uint inum = img->next_inum++;
  struct dinode din;
  memset(&din, 0, sizeof(din));
  din.type = type;
  din.nlink = 1;
  img_write_inode(img, inum, &din);
  return inum;
}

// Returns a fresh zeroed data block, 0 when the image is full.
static uint alloc_block(struct fsimage *img) {
  if (img->next_block >= img->sb.size)
    return 0;
  return img->next_block++;
}

int img_in_data(const struct fsimage *img, uint blockno) {
  return blockno >= layout_nmeta(&img->sb) && blockno < img->sb.size;
}

uint64 tree_span(uint depth) {
  uint64 span = 1;
  while (depth-- > 0)
    span *= NINDIRECT;
  return span;
}

int tree_locate(uint64 fbn, uint *slot, uint64 *first) {
  if (fbn < NDIRECT) {
    *slot = fbn;
    *first = fbn;
    return 0;
  }
  uint64 start = NDIRECT;
  for (uint k = NDIRECT; k < NADDRS; k++) {
    uint64 span = tree_span(k - NDIRECT + 1);
    if (fbn < start + span) {
      *slot = k;
      *first = start;
      return k - NDIRECT + 1;
    }
    start += span;
  }
  return -1;
}

// Block number *ptr (a slot of an inode or of an indirect block, in disk order when `disk`),
// allocating a block there when it is 0 and `alloc` is set. Returns 0 when absent, out of
// space, or outside the data area (so that a damaged image is never read out of bounds).
static uint follow(struct fsimage *img, uint *ptr, int disk, int alloc) {
  uint b = disk ? fs_le32(*ptr) : *ptr;
  if (b == 0 && alloc && (b = alloc_block(img)) != 0)
    *ptr = disk ? fs_le32(b) : b;
  return img_in_data(img, b) ? b : 0;
}

// The disk block holding file block fbn of *din, allocating it (and the indirect blocks on
// the way) when `alloc` is set. Returns 0 if absent or out of space.
static uint file_block(struct fsimage *img, struct dinode *din, uint fbn, int alloc) {
  uint k;
  uint64 first;
  int depth = tree_locate(fbn, &k, &first);
  if (depth < 0)
    return 0;
  uint b = follow(img, &din->addrs[k], 0, alloc);
  uint64 rel = fbn - first;
  for (int level = depth - 1; level >= 0 && b != 0; level--) {
    uint *slots = (uint *)img_block(img, b);
    b = follow(img, &slots[rel / tree_span(level) % NINDIRECT], 1, alloc);
  }
  return b;
}

uint img_bmap(const struct fsimage *img, const struct dinode *din, uint fbn) {
  // Reading never allocates, so casting away const is safe here.
  return file_block((struct fsimage *)img, (struct dinode *)din, fbn, 0);
}

int img_append(struct fsimage *img, uint inum, const void *data, uint n) {
  struct dinode din;
  img_read_inode(img, inum, &din);
  if ((uint64)din.size + n > MAXFILE_BYTES)
    return -1;
  const uchar *src = data;
  uint off = din.size;
  int ok = 0;
  while (n > 0) {
    uint b = file_block(img, &din, off / BSIZE, 1);
    if (b == 0) {
      ok = -1;
      break;
    }
    uint chunk = BSIZE - off % BSIZE;
    if (chunk > n)
      chunk = n;
    memcpy(img_block(img, b) + off % BSIZE, src, chunk);
    off += chunk;
    src += chunk;
    n -= chunk;
  }
  din.size = off;
  img_write_inode(img, inum, &din);
  return ok;
}

int img_read(const struct fsimage *img, uint inum, uint off, void *dst, uint n) {
  struct dinode din;
  img_read_inode(img, inum, &din);
  if (off >= din.size)
    return 0;
  if (n > din.size - off)
    n = din.size - off;
  uchar *out = dst;
  uint done = 0;
  while (done < n) {
    uint b = img_bmap(img, &din, (off + done) / BSIZE);
    uint at = (off + done) % BSIZE;
    uint chunk = BSIZE - at;
    if (chunk > n - done)
      chunk = n - done;
    if (b == 0)
      memset(out + done, 0, chunk);
    else
      memcpy(out + done, img_block(img, b) + at, chunk);
    done += chunk;
  }
  return n;
}

int dirent_make(struct dirent *de, const char *name, uint inum) {
  size_t len = strlen(name);
  if (len == 0 || len > DIRSIZ || strchr(name, '/') != NULL || inum > 0xFFFF)
    return -1;
  memset(de, 0, sizeof(*de));
  de->inum = fs_le16(inum);
  memcpy(de->name, name, len); // no NUL when exactly DIRSIZ long
  return 0;
}

int img_dirlink(struct fsimage *img, uint dirinum, const char *name, uint inum) {
  struct dirent de;
  if (dirent_make(&de, name, inum) < 0)
    return -1;
  return img_append(img, dirinum, &de, sizeof(de));
}

uint img_mkroot(struct fsimage *img) {
  uint root = img_ialloc(img, T_DIR);
  if (root != ROOTINO)
    return 0;
  if (img_dirlink(img, root, ".", root) < 0 || img_dirlink(img, root, "..", root) < 0)
    return 0;
  return root;
}

uint img_lookup(const struct fsimage *img, uint dirinum, const char *name) {
  struct dinode din;
  img_read_inode(img, dirinum, &din);
  struct dirent de;
  for (uint off = 0; off + sizeof(de) <= din.size; off += sizeof(de)) {
    img_read(img, dirinum, off, &de, sizeof(de));
    uint inum = fs_le16(de.inum);
    if (inum != 0 && strncmp(de.name, name, DIRSIZ) == 0 && strlen(name) <= DIRSIZ)
      return inum;
  }
  return 0;
}

void img_finish(struct fsimage *img) {
  for (uint b = 0; b < img->next_block; b++)
    img_mark_block(img, b, 1);
}

int img_block_used(const struct fsimage *img, uint blockno) {
  return (img_block(img, BBLOCK(blockno, img->sb))[(blockno % BPB) / 8] >> (blockno % 8)) & 1;
}

void img_mark_block(struct fsimage *img, uint blockno, int used) {
  uchar *byte = &img_block(img, BBLOCK(blockno, img->sb))[(blockno % BPB) / 8];
  if (used)
    *byte |= 1 << (blockno % 8);
  else
    *byte &= ~(1 << (blockno % 8));
}

const char *img_name_of(const char *path) {
  const char *name = strrchr(path, '/');
  name = name ? name + 1 : path;
  if (name[0] == '_' && name[1] != '\0')
    name++;
  return name;
}
