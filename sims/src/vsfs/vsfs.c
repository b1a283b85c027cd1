/* The very simple file system; see vsfs.h. */
#include "vsfs.h"

#include <stdlib.h>
#include <string.h>

static const char names[VSFS_NAMES + 1] = "abcdefghjkmnopqrstuvwxyz";

/* Lowest free entry of a bitmap, as the original's scan finds it: every
 * entry from the high-water mark up is free, and below it the free ones sit
 * in a min-heap. */
static bool heap_push(vsfs_bitmap *m, long long v) {
  if (m->nheap == m->heap_cap) {
    size_t cap = m->heap_cap ? 2 * m->heap_cap : 64;
    long long *h = realloc(m->heap, cap * sizeof *h);
    if (!h)
      return false;
    m->heap = h;
    m->heap_cap = cap;
  }
  size_t i = m->nheap++;
  while (i > 0 && m->heap[(i - 1) / 2] > v) {
    m->heap[i] = m->heap[(i - 1) / 2];
    i = (i - 1) / 2;
  }
  m->heap[i] = v;
  return true;
}

static long long heap_pop(vsfs_bitmap *m) {
  long long top = m->heap[0], last = m->heap[--m->nheap];
  size_t i = 0, n = m->nheap;
  for (;;) {
    size_t c = 2 * i + 1;
    if (c >= n)
      break;
    if (c + 1 < n && m->heap[c + 1] < m->heap[c])
      c++;
    if (m->heap[c] >= last)
      break;
    m->heap[i] = m->heap[c];
    i = c;
  }
  if (n > 0)
    m->heap[i] = last;
  return top;
}

static long long bitmap_alloc(vsfs_bitmap *m) {
  long long i;
  if (m->nheap > 0)
    i = heap_pop(m);
  else if (m->high < m->size)
    i = m->high++;
  else
    return -1;
  m->map[i] = 1;
  m->nfree--;
  return i;
}

static bool bitmap_free(vsfs_bitmap *m, long long i) {
  m->map[i] = 0;
  m->nfree++;
  return heap_push(m, i);
}

static void dir_add(vsfs_block *b, const char *name, long long inum) {
  vsfs_entry *e = &b->entries[b->used++];
  strcpy(e->name, name);
  e->inum = inum;
}

static bool dir_has(const vsfs_block *b, char name) {
  for (int i = 0; i < b->used; i++)
    if (b->entries[i].name[0] == name && b->entries[i].name[1] == '\0')
      return true;
  return false;
}

static bool block_make_dir(vsfs_block *b) {
  if (!b->entries) {
    b->entries = malloc(VSFS_DIR_MAX * sizeof *b->entries);
    if (!b->entries)
      return false;
  }
  b->type = VSFS_DIR;
  b->used = 0;
  return true;
}

static bool add_dir_name(vsfs_fs *fs, const char *path, long long inum, long long parent,
                         char name) {
  if (fs->ndirs == fs->dir_cap) {
    size_t cap = fs->dir_cap ? 2 * fs->dir_cap : 16;
    vsfs_name *d = realloc(fs->dirs, cap * sizeof *d);
    if (!d)
      return false;
    fs->dirs = d;
    fs->dir_cap = cap;
  }
  char *copy = strdup(path);
  if (!copy)
    return false;
  fs->dirs[fs->ndirs++] = (vsfs_name){copy, inum, parent, name};
  return true;
}

bool vsfs_init(vsfs_fs *fs, long long ninodes, long long ndata) {
  memset(fs, 0, sizeof *fs);
  fs->ninodes = ninodes;
  fs->ndata = ndata;
  fs->imap.map = fs->ibitmap = calloc((size_t)ninodes, 1);
  fs->dmap.map = fs->dbitmap = calloc((size_t)ndata, 1);
  fs->imap.size = ninodes;
  fs->dmap.size = ndata;
  fs->inodes = calloc((size_t)ninodes, sizeof *fs->inodes);
  fs->blocks = calloc((size_t)ndata, sizeof *fs->blocks);
  if (!fs->ibitmap || !fs->dbitmap || !fs->inodes || !fs->blocks)
    return false;
  for (long long i = 0; i < ninodes; i++)
    fs->inodes[i] = (vsfs_inode){VSFS_FREE, -1, 1};
  fs->imap.nfree = ninodes;
  fs->dmap.nfree = ndata;
  /* The root: inode 0, block 0. */
  bitmap_alloc(&fs->imap);
  bitmap_alloc(&fs->dmap);
  fs->inodes[0] = (vsfs_inode){VSFS_DIR, 0, 2};
  if (!block_make_dir(&fs->blocks[0]))
    return false;
  dir_add(&fs->blocks[0], ".", 0);
  dir_add(&fs->blocks[0], "..", 0);
  return add_dir_name(fs, "/", 0, 0, 0);
}

void vsfs_free(vsfs_fs *fs) {
  free(fs->ibitmap);
  free(fs->dbitmap);
  free(fs->imap.heap);
  free(fs->dmap.heap);
  free(fs->inodes);
  if (fs->blocks)
    for (long long i = 0; i < fs->ndata; i++)
      free(fs->blocks[i].entries);
  free(fs->blocks);
  for (size_t i = 0; i < fs->nslots; i++)
    if (fs->live[i])
      free(fs->files[i].path);
  free(fs->files);
  free(fs->live);
  free(fs->fenwick);
  for (size_t i = 0; i < fs->ndirs; i++)
    free(fs->dirs[i].path);
  free(fs->dirs);
}

/* ---- the list of files ----------------------------------------------- */

static void fenwick_add(vsfs_fs *fs, size_t slot, long long delta) {
  for (size_t i = slot + 1; i <= fs->cap; i += i & (~i + 1))
    fs->fenwick[i] += delta;
}

static bool add_file_name(vsfs_fs *fs, const vsfs_name *n) {
  if (fs->nslots == fs->cap) {
    size_t cap = fs->cap ? 2 * fs->cap : 64;
    vsfs_name *f = realloc(fs->files, cap * sizeof *f);
    if (!f)
      return false;
    fs->files = f;
    unsigned char *live = realloc(fs->live, cap);
    if (!live)
      return false;
    fs->live = live;
    long long *fw = calloc(cap + 1, sizeof *fw);
    if (!fw)
      return false;
    free(fs->fenwick);
    fs->fenwick = fw;
    fs->cap = cap;
    for (size_t i = 0; i < fs->nslots; i++)
      if (fs->live[i])
        fenwick_add(fs, i, 1);
  }
  char *copy = strdup(n->path);
  if (!copy)
    return false;
  size_t slot = fs->nslots++;
  fs->files[slot] = *n;
  fs->files[slot].path = copy;
  fs->live[slot] = 1;
  fenwick_add(fs, slot, 1);
  fs->nfiles++;
  return true;
}

static size_t kth_slot(const vsfs_fs *fs, size_t k) {
  size_t pos = 0, step = 1;
  while (step * 2 <= fs->cap)
    step *= 2;
  long long left = (long long)k + 1;
  for (; step > 0; step /= 2)
    if (pos + step <= fs->cap && fs->fenwick[pos + step] < left) {
      pos += step;
      left -= fs->fenwick[pos];
    }
  return pos; /* 0-based slot */
}

const vsfs_name *vsfs_file(const vsfs_fs *fs, size_t k) {
  return &fs->files[kth_slot(fs, k)];
}

/* ---- operations ------------------------------------------------------- */

long long vsfs_create(vsfs_fs *fs, long long parent, char name, vsfs_type type) {
  vsfs_block *pb = &fs->blocks[fs->inodes[parent].addr];
  if (VSFS_DIR_MAX - pb->used <= 0 || dir_has(pb, name))
    return -1;
  long long inum = bitmap_alloc(&fs->imap);
  if (inum < 0)
    return -1;
  long long block = -1, refs = 1;
  if (type == VSFS_DIR) {
    refs = 2;
    block = bitmap_alloc(&fs->dmap);
    if (block < 0) {
      (void)bitmap_free(&fs->imap, inum);
      fs->inodes[inum].type = VSFS_FREE;
      fs->inodes[inum].addr = -1;
      return -1;
    }
    if (!block_make_dir(&fs->blocks[block]))
      return -2;
    dir_add(&fs->blocks[block], ".", inum);
    dir_add(&fs->blocks[block], "..", parent);
  }
  fs->inodes[inum] = (vsfs_inode){type, block, refs};
  if (type == VSFS_DIR)
    fs->inodes[parent].refs++;
  char n[2] = {name, '\0'};
  dir_add(pb, n, inum);
  return inum;
}

long long vsfs_link(vsfs_fs *fs, long long target, long long parent, char name) {
  vsfs_block *pb = &fs->blocks[fs->inodes[parent].addr];
  if (VSFS_DIR_MAX - pb->used <= 0 || dir_has(pb, name))
    return -1;
  fs->inodes[target].refs++;
  char n[2] = {name, '\0'};
  dir_add(pb, n, target);
  return target;
}

int vsfs_write(vsfs_fs *fs, long long inum, char data) {
  if (fs->inodes[inum].addr != -1)
    return -1; /* a file holds one block */
  long long block = bitmap_alloc(&fs->dmap);
  if (block < 0)
    return -1;
  fs->blocks[block].type = VSFS_FILE;
  fs->blocks[block].data = data;
  fs->inodes[inum].addr = block;
  return 0;
}

void vsfs_unlink(vsfs_fs *fs, long long inum, long long parent, char name) {
  vsfs_inode *ino = &fs->inodes[inum];
  if (ino->refs == 1) {
    if (ino->addr != -1) {
      (void)bitmap_free(&fs->dmap, ino->addr);
      fs->blocks[ino->addr].type = VSFS_FREE;
      fs->blocks[ino->addr].data = 0;
    }
    (void)bitmap_free(&fs->imap, inum);
    ino->type = VSFS_FREE;
    ino->addr = -1;
  } else {
    ino->refs--;
  }
  vsfs_block *pb = &fs->blocks[fs->inodes[parent].addr];
  for (int i = 0; i < pb->used; i++)
    if (pb->entries[i].name[0] == name && pb->entries[i].name[1] == '\0') {
      memmove(&pb->entries[i], &pb->entries[i + 1],
              (size_t)(pb->used - i - 1) * sizeof pb->entries[0]);
      pb->used--;
      break;
    }
}

/* ---- the workload ------------------------------------------------------ */

static size_t pick(pyrandom *rng, size_t n) {
  return (size_t)(pyrandom_random(rng) * (double)n);
}

static char make_name(pyrandom *rng) {
  return names[pick(rng, VSFS_NAMES)];
}

/* Room for the last path made; kept between calls. */
static char *path_buf;
static size_t path_cap;

static void reserve_path(size_t n) {
  if (n > path_cap) {
    size_t cap = 2 * n;
    char *p = realloc(path_buf, cap);
    if (!p)
      abort();
    path_buf = p;
    path_cap = cap;
  }
}

static const char *join(const char *parent, char name) {
  size_t n = strlen(parent);
  reserve_path(n + 3);
  memcpy(path_buf, parent, n);
  size_t k = n;
  if (strcmp(parent, "/") != 0)
    path_buf[k++] = '/';
  path_buf[k++] = name;
  path_buf[k] = '\0';
  return path_buf;
}

bool vsfs_attempt(vsfs_fs *fs, pyrandom *rng, vsfs_op *op) {
  double r = pyrandom_random(rng);
  if (r < 0.3) {
    if (fs->nfiles == 0)
      return false;
    const vsfs_name *f = vsfs_file(fs, pick(rng, fs->nfiles));
    char data = (char)('a' + pick(rng, 26));
    if (vsfs_write(fs, f->inum, data) != 0)
      return false;
    *op = (vsfs_op){OP_APPEND, f->path, NULL, data};
    return true;
  }
  if (r < 0.5) {
    if (fs->nfiles == 0)
      return false;
    size_t slot = kth_slot(fs, pick(rng, fs->nfiles));
    vsfs_name *f = &fs->files[slot];
    vsfs_unlink(fs, f->inum, f->parent, f->name);
    /* The path is printed after: keep it until the next call. */
    size_t n = strlen(f->path);
    reserve_path(n + 1);
    memcpy(path_buf, f->path, n + 1);
    free(f->path);
    fs->live[slot] = 0;
    fenwick_add(fs, slot, -1);
    fs->nfiles--;
    *op = (vsfs_op){OP_UNLINK, path_buf, NULL, 0};
    return true;
  }
  if (r < 0.7) {
    if (fs->nfiles == 0)
      return false;
    const vsfs_name *parent = &fs->dirs[pick(rng, fs->ndirs)];
    char name = make_name(rng);
    const vsfs_name *target = vsfs_file(fs, pick(rng, fs->nfiles));
    if (vsfs_link(fs, target->inum, parent->inum, name) < 0)
      return false;
    vsfs_name n = {(char *)join(parent->path, name), target->inum, parent->inum, name};
    size_t target_slot = (size_t)(target - fs->files); /* the list may move */
    if (!add_file_name(fs, &n))
      abort();
    *op = (vsfs_op){OP_LINK, path_buf, fs->files[target_slot].path, 0};
    return true;
  }
  vsfs_type type = pyrandom_random(rng) < 0.75 ? VSFS_FILE : VSFS_DIR;
  const vsfs_name *parent = &fs->dirs[pick(rng, fs->ndirs)];
  char name = make_name(rng);
  long long pinum = parent->inum;
  long long inum = vsfs_create(fs, pinum, name, type);
  if (inum == -2)
    abort();
  if (inum < 0)
    return false;
  vsfs_name n = {(char *)join(parent->path, name), inum, pinum, name};
  if (type == VSFS_DIR ? !add_dir_name(fs, n.path, inum, pinum, name) : !add_file_name(fs, &n))
    abort();
  *op = (vsfs_op){type == VSFS_DIR ? OP_MKDIR : OP_CREAT, path_buf, NULL, 0};
  return true;
}
