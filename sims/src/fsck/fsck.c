#include "fsck.h"

#include <stdlib.h>
#include <string.h>

#include "grow.h"

/* The original's own randint: int(lo + random() * (hi - lo + 1)). */
static long long randint(pyrandom *r, long long lo, long long hi) {
  return (long long)((double)lo + pyrandom_random(r) * (double)(hi - lo + 1));
}

/* int(random() * n), the original's way of picking from a list. */
static size_t pick(pyrandom *r, size_t n) {
  return (size_t)(pyrandom_random(r) * (double)n);
}

static char random_letter(pyrandom *r) {
  return (char)('a' + randint(r, 0, 25));
}

/* --- bitmaps ------------------------------------------------------------- */

static bool bitmap_init(fsck_bitmap *b, long long size) {
  b->bits = malloc((size_t)size + 1);
  if (!b->bits)
    return false;
  memset(b->bits, '0', (size_t)size);
  b->bits[size] = '\0';
  b->size = size;
  b->allocated = 0;
  return true;
}

/* Random probing until a free bit turns up, as the original does. */
static long long bitmap_find(fsck_bitmap *b, pyrandom *r) {
  if (b->allocated == b->size)
    return -1;
  for (;;) {
    long long n = randint(r, 0, b->size - 1);
    if (b->bits[n] == '0')
      return n;
  }
}

static long long bitmap_alloc(fsck_bitmap *b, pyrandom *r) {
  long long n = bitmap_find(b, r);
  if (n >= 0) {
    b->bits[n] = '1';
    b->allocated++;
  }
  return n;
}

static void bitmap_release(fsck_bitmap *b, long long n) {
  b->bits[n] = '0';
  b->allocated--;
}

/* --- blocks and directories --------------------------------------------- */

static bool block_make_dir(fsck_block *blk) {
  if (!blk->entries) {
    blk->entries = malloc(FSCK_DIR_ENTRIES * sizeof *blk->entries);
    if (!blk->entries)
      return false;
  }
  blk->type = FSCK_DIR;
  blk->nentries = 0;
  return true;
}

static void dir_add(fsck_block *blk, const char *name, long long inum) {
  fsck_dirent *e = &blk->entries[blk->nentries++];
  strcpy(e->name, name);
  e->inum = inum;
}

static int dir_find(const fsck_block *blk, char letter) {
  for (int i = 0; i < blk->nentries; i++)
    if (blk->entries[i].name[0] == letter && blk->entries[i].name[1] == '\0')
      return i;
  return -1;
}

static void dir_remove(fsck_block *blk, int i) {
  memmove(&blk->entries[i], &blk->entries[i + 1],
          (size_t)(blk->nentries - i - 1) * sizeof *blk->entries);
  blk->nentries--;
}

static bool add_dir(fsck_fs *fs, char *path, long long inum, long long block) {
  if (!grow_array(&fs->dirs, &fs->dirs_cap, fs->ndirs + 1, sizeof *fs->dirs, 16))
    return false;
  fs->dirs[fs->ndirs].path = path;
  fs->dirs[fs->ndirs].inum = inum;
  fs->dirs[fs->ndirs].block = block;
  fs->ndirs++;
  return true;
}

/* The files list loses names only at its front (the original always unlinks
 * its first file), so it is an array with a moving head. */
static bool add_file(fsck_fs *fs, size_t dir, char letter, long long inum) {
  if (fs->files_end == fs->files_cap) {
    if (fs->files_head > fs->files_cap / 2) {
      size_t n = fs->files_end - fs->files_head;
      memmove(fs->files, fs->files + fs->files_head, n * sizeof *fs->files);
      fs->files_head = 0;
      fs->files_end = n;
    } else if (!grow_array(&fs->files, &fs->files_cap, fs->files_end + 1, sizeof *fs->files, 16)) {
      return false;
    }
  }
  fs->files[fs->files_end++] = (fsck_file){dir, letter, inum};
  return true;
}

size_t fsck_nfiles(const fsck_fs *fs) {
  return fs->files_end - fs->files_head;
}

const fsck_file *fsck_file_at(const fsck_fs *fs, size_t i) {
  return &fs->files[fs->files_head + i];
}

static char *child_path(const char *parent, char letter) {
  size_t n = strlen(parent);
  char *p = malloc(n + 3);
  if (!p)
    return NULL;
  memcpy(p, parent, n);
  if (strcmp(parent, "/") != 0)
    p[n++] = '/';
  p[n++] = letter;
  p[n] = '\0';
  return p;
}

char *fsck_file_path(const fsck_fs *fs, const fsck_file *f) {
  return child_path(fs->dirs[f->dir].path, f->letter);
}

/* --- setup --------------------------------------------------------------- */

bool fsck_init(fsck_fs *fs, long long ninodes, long long ndata, const char *seed) {
  memset(fs, 0, sizeof *fs);
  if (pyrandom_seed_str(&fs->rng, seed) != 0)
    return false;
  fs->ninodes = ninodes;
  fs->ndata = ndata;
  fs->inodes = malloc((size_t)ninodes * sizeof *fs->inodes);
  fs->data = calloc((size_t)ndata, sizeof *fs->data);
  char *root = strdup("/");
  if (!fs->inodes || !fs->data || !root || !bitmap_init(&fs->ibitmap, ninodes) ||
      !bitmap_init(&fs->dbitmap, ndata) || !add_dir(fs, root, 0, 0) ||
      !block_make_dir(&fs->data[0])) {
    if (fs->ndirs == 0)
      free(root);
    fsck_free(fs);
    return false;
  }
  for (long long i = 0; i < ninodes; i++)
    fs->inodes[i] = (fsck_inode){FSCK_FREE, -1, 1};
  fs->ibitmap.bits[0] = '1';
  fs->ibitmap.allocated = 1;
  fs->inodes[0] = (fsck_inode){FSCK_DIR, 0, 2};
  fs->dbitmap.bits[0] = '1';
  fs->dbitmap.allocated = 1;
  dir_add(&fs->data[0], ".", 0);
  dir_add(&fs->data[0], "..", 0);
  return true;
}

void fsck_free(fsck_fs *fs) {
  free(fs->ibitmap.bits);
  free(fs->dbitmap.bits);
  free(fs->inodes);
  if (fs->data)
    for (long long i = 0; i < fs->ndata; i++)
      free(fs->data[i].entries);
  free(fs->data);
  for (size_t i = 0; i < fs->ndirs; i++)
    free(fs->dirs[i].path);
  free(fs->dirs);
  free(fs->files);
  memset(fs, 0, sizeof *fs);
}

/* --- the workload -------------------------------------------------------- */

/* Result of one attempted operation. */
enum { OP_FAILED = -1, OP_DONE = 0, OP_NOMEM = -2 };

static fsck_block *dir_block(fsck_fs *fs, size_t dir) {
  return &fs->data[fs->dirs[dir].block];
}

static int do_append(fsck_fs *fs) {
  size_t n = fsck_nfiles(fs);
  if (n == 0)
    return OP_FAILED;
  const fsck_file *f = fsck_file_at(fs, pick(&fs->rng, n));
  char letter = (char)('a' + pick(&fs->rng, 26));
  fsck_inode *ino = &fs->inodes[f->inum];
  if (ino->addr != -1)
    return OP_FAILED; /* the file already has its one block */
  long long b = bitmap_alloc(&fs->dbitmap, &fs->rng);
  if (b < 0)
    return OP_FAILED;
  fs->data[b].type = FSCK_FILE;
  fs->data[b].data = letter;
  ino->addr = b;
  return OP_DONE;
}

static int do_delete(fsck_fs *fs) {
  if (fsck_nfiles(fs) == 0)
    return OP_FAILED;
  pyrandom_random(&fs->rng); /* drawn, but the first file is always taken */
  const fsck_file *f = fsck_file_at(fs, 0);
  fsck_inode *ino = &fs->inodes[f->inum];
  if (ino->refs == 1) {
    if (ino->addr != -1) {
      bitmap_release(&fs->dbitmap, ino->addr);
      fs->data[ino->addr].type = FSCK_FREE;
      fs->data[ino->addr].data = 0;
    }
    bitmap_release(&fs->ibitmap, f->inum);
    ino->type = FSCK_FREE;
    ino->addr = -1;
  } else {
    ino->refs--;
  }
  fsck_block *parent = dir_block(fs, f->dir);
  dir_remove(parent, dir_find(parent, f->letter));
  fs->files_head++;
  return OP_DONE;
}

static int do_link(fsck_fs *fs) {
  size_t n = fsck_nfiles(fs);
  if (n == 0)
    return OP_FAILED;
  size_t dir = pick(&fs->rng, fs->ndirs);
  char letter = random_letter(&fs->rng);
  long long target = fsck_file_at(fs, pick(&fs->rng, n))->inum;
  fsck_block *parent = dir_block(fs, dir);
  if (parent->nentries >= FSCK_DIR_ENTRIES || dir_find(parent, letter) >= 0)
    return OP_FAILED;
  fs->inodes[target].refs++;
  char name[2] = {letter, '\0'};
  dir_add(parent, name, target);
  return add_file(fs, dir, letter, target) ? OP_DONE : OP_NOMEM;
}

static int do_create(fsck_fs *fs, fsck_type type) {
  size_t dir = pick(&fs->rng, fs->ndirs);
  char letter = random_letter(&fs->rng);
  long long parent_inum = fs->dirs[dir].inum;
  fsck_block *parent = dir_block(fs, dir);
  if (parent->nentries >= FSCK_DIR_ENTRIES || dir_find(parent, letter) >= 0)
    return OP_FAILED;
  long long inum = bitmap_alloc(&fs->ibitmap, &fs->rng);
  if (inum < 0)
    return OP_FAILED;
  long long block = -1, refs = 1;
  if (type == FSCK_DIR) {
    refs = 2;
    block = bitmap_alloc(&fs->dbitmap, &fs->rng);
    if (block < 0) {
      bitmap_release(&fs->ibitmap, inum);
      fs->inodes[inum].type = FSCK_FREE;
      fs->inodes[inum].addr = -1;
      return OP_FAILED;
    }
    if (!block_make_dir(&fs->data[block]))
      return OP_NOMEM;
    dir_add(&fs->data[block], ".", inum);
    dir_add(&fs->data[block], "..", parent_inum);
  }
  fs->inodes[inum] = (fsck_inode){type, block, refs};
  if (type == FSCK_DIR)
    fs->inodes[parent_inum].refs++;
  char name[2] = {letter, '\0'};
  dir_add(parent, name, inum);
  if (type == FSCK_DIR) {
    char *path = child_path(fs->dirs[dir].path, letter);
    if (!path || !add_dir(fs, path, inum, block)) {
      free(path);
      return OP_NOMEM;
    }
    return OP_DONE;
  }
  return add_file(fs, dir, letter, inum) ? OP_DONE : OP_NOMEM;
}

fsck_status fsck_run(fsck_fs *fs, long long nrequests) {
  for (long long i = 0; i < nrequests; i++) {
    int rc = OP_FAILED;
    while (rc == OP_FAILED) {
      double r = pyrandom_random(&fs->rng);
      if (r < 0.3)
        rc = do_append(fs);
      else if (r < 0.5)
        rc = do_delete(fs);
      else if (r < 0.7)
        rc = do_link(fs);
      else if (pyrandom_random(&fs->rng) < 0.75)
        rc = do_create(fs, FSCK_FILE);
      else
        rc = do_create(fs, FSCK_DIR);
      if (rc == OP_NOMEM)
        return FSCK_NO_MEMORY;
      if (fs->ibitmap.allocated == fs->ibitmap.size)
        return FSCK_OUT_OF_INODES;
      if (fs->dbitmap.allocated == fs->dbitmap.size)
        return FSCK_OUT_OF_DATA;
    }
  }
  return FSCK_OK;
}

/* --- corruption ---------------------------------------------------------- */

/* A random inode of the given type (the original's pickRandom), or -1 when
 * there is none (where the original fails an assertion). */
static long long pick_inode(fsck_fs *fs, fsck_type type) {
  long long count = 0;
  for (long long i = 0; i < fs->ninodes; i++)
    count += fs->inodes[i].type == type;
  if (count == 0)
    return -1;
  long long k = randint(&fs->rng, 0, count - 1);
  for (long long i = 0; i < fs->ninodes; i++)
    if (fs->inodes[i].type == type && k-- == 0)
      return i;
  return -1;
}

static long long pick_free_block(fsck_fs *fs) {
  long long count = 0;
  for (long long i = 0; i < fs->ndata; i++)
    count += fs->data[i].type == FSCK_FREE;
  if (count == 0)
    return -1;
  long long k = randint(&fs->rng, 0, count - 1);
  for (long long i = 0; i < fs->ndata; i++)
    if (fs->data[i].type == FSCK_FREE && k-- == 0)
      return i;
  return -1;
}

int fsck_corrupt(fsck_fs *fs, const char *seed_corrupt, long long which, bool which_given,
                 fsck_corruption *c) {
  memset(c, 0, sizeof *c);
  pyrandom_seed_str(&fs->rng, seed_corrupt);
  long long num = randint(&fs->rng, 0, FSCK_NCORRUPTIONS - 1);
  if (which_given)
    num = which;
  if (num < 0 || num >= FSCK_NCORRUPTIONS)
    return 0;
  c->kind = (int)num;
  fsck_type type = num < 6 ? FSCK_FILE : FSCK_DIR;
  switch (num) {
  case FSCK_C_DATA_BITMAP:
    c->bit = randint(&fs->rng, 0, fs->ndata - 1);
    fs->dbitmap.bits[c->bit] ^= 1; /* '0' <-> '1' */
    return 1;
  case FSCK_C_INODE_BITMAP:
    c->bit = randint(&fs->rng, 0, fs->ninodes - 1);
    fs->ibitmap.bits[c->bit] ^= 1;
    return 1;
  case FSCK_C_FILE_REFCNT:
  case FSCK_C_DIR_REFCNT:
    c->inode = pick_inode(fs, type);
    if (c->inode < 0)
      return -1;
    c->delta = randint(&fs->rng, 0, 1) == 0 ? 1 : -1;
    fs->inodes[c->inode].refs += c->delta;
    return 1;
  case FSCK_C_FILE_ORPHAN:
  case FSCK_C_DIR_ORPHAN:
    c->inode = pick_inode(fs, FSCK_FREE);
    if (c->inode < 0)
      return -1;
    fs->inodes[c->inode] = (fsck_inode){type, -1, 1};
    return 1;
  case FSCK_C_FILE_DEAD_BLOCK:
  case FSCK_C_DIR_DEAD_BLOCK:
    c->inode = pick_inode(fs, type);
    if (c->inode < 0)
      return -1;
    c->block = pick_free_block(fs);
    if (c->block < 0)
      return -1;
    c->old_addr = fs->inodes[c->inode].addr;
    fs->inodes[c->inode].addr = c->block;
    return 1;
  case FSCK_C_FILE_TYPE:
  case FSCK_C_DIR_TYPE:
    c->inode = pick_inode(fs, type);
    if (c->inode < 0)
      return -1;
    c->old_type = type;
    fs->inodes[c->inode].type = type == FSCK_FILE ? FSCK_DIR : FSCK_FILE;
    return 1;
  default: { /* the two directory-entry corruptions */
    c->inode = pick_inode(fs, FSCK_DIR);
    if (c->inode < 0)
      return -1;
    c->block = fs->inodes[c->inode].addr;
    fsck_block *blk = &fs->data[c->block];
    c->entry = (int)randint(&fs->rng, 0, blk->nentries - 1);
    fsck_dirent *e = &blk->entries[c->entry];
    c->before = *e;
    if (num == FSCK_C_ENTRY_INODE) {
      e->inum = bitmap_find(&fs->ibitmap, &fs->rng);
    } else {
      e->name[0] = random_letter(&fs->rng);
      e->name[1] = '\0';
    }
    c->after = *e;
    return 1;
  }
  }
}
