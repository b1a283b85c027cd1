/* The LFS model; see lfs.h. */
#include "lfs.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- names ------------------------------------------------------------ */

static int32_t name_find(const lfs *f, const char *s, size_t n) {
  return strtab_find(&f->names, s, n);
}

static int32_t name_intern(lfs *f, const char *s, size_t n) {
  return strtab_intern(&f->names, s, n);
}

const char *lfs_name(const lfs *f, int32_t id) {
  return strtab_text(&f->names, id);
}

/* ---- errors ----------------------------------------------------------- */

__attribute__((format(printf, 2, 3))) static int crash(lfs *f, const char *fmt, ...) {
  if (!f->error) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->error_text, sizeof f->error_text, fmt, ap);
    va_end(ap);
    f->error = f->error_text;
  }
  return LFS_CRASH;
}

static void errors_clear(lfs *f) {
  for (int i = 0; i < f->nerrors; i++)
    free(f->errors[i]);
  f->nerrors = 0;
}

/* Adds a message to the operation's list; returns -1. */
__attribute__((format(printf, 2, 3))) static int error_log(lfs *f, const char *fmt, ...) {
  char small[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  char *text = malloc((size_t)n + 1);
  if (!text || f->nerrors == 4) {
    free(text);
    return -1;
  }
  if ((size_t)n < sizeof small) {
    memcpy(text, small, (size_t)n + 1);
  } else {
    va_start(ap, fmt);
    vsnprintf(text, (size_t)n + 1, fmt, ap);
    va_end(ap);
  }
  f->errors[f->nerrors++] = text;
  return -1;
}

/* ---- the log ---------------------------------------------------------- */

/* Appends a block; its address, or LFS_CRASH. */
static long long log_block(lfs *f, const lfs_block *b) {
  if (f->len == f->cap) {
    if (f->cap >= LFS_MAX_BLOCKS)
      return crash(f, "the log is longer than %d blocks", LFS_MAX_BLOCKS);
    long long cap = f->cap ? 2 * f->cap : 1024;
    if (cap > LFS_MAX_BLOCKS)
      cap = LFS_MAX_BLOCKS;
    lfs_block *disk = realloc(f->disk, (size_t)cap * sizeof *disk);
    if (disk)
      f->disk = disk;
    int32_t *pr = realloc(f->ptr_refs, (size_t)cap * sizeof *pr);
    if (pr)
      f->ptr_refs = pr;
    int32_t *mr = realloc(f->map_refs, (size_t)cap * sizeof *mr);
    if (mr)
      f->map_refs = mr;
    if (!disk || !pr || !mr)
      return crash(f, "out of memory");
    f->cap = cap;
  }
  f->disk[f->len] = *b;
  f->ptr_refs[f->len] = 0;
  f->map_refs[f->len] = 0;
  return f->len++;
}

/* disk[a] with Python's reading of a = -1 as the last block. */
static const lfs_block *block_at(const lfs *f, long long a) {
  if (a == -1)
    a = f->len - 1;
  if (a < 0 || a >= f->len)
    return NULL;
  return &f->disk[a];
}

/* Counts (delta +1 or -1) the inode-map entry `addr` and, when it names an
 * inode, the blocks that inode points to. */
static void count_refs(lfs *f, int32_t addr, int delta) {
  if (addr < 0)
    return;
  f->map_refs[addr] += delta;
  const lfs_block *b = &f->disk[addr];
  if (b->kind != BLK_INODE)
    return;
  for (int i = 0; i < LFS_INODE_PTRS; i++)
    if (b->inode.ptr[i] >= 0)
      f->ptr_refs[b->inode.ptr[i]] += delta;
}

static void set_imap(lfs *f, int inum, int32_t addr) {
  count_refs(f, f->imap[inum], -1);
  f->imap[inum] = addr;
  count_refs(f, addr, +1);
}

bool lfs_live(const lfs *f, long long i) {
  if (i == 0 || f->map_refs[i] > 0 || f->ptr_refs[i] > 0)
    return true;
  for (int c = 0; c < LFS_CR_PTRS; c++)
    if (f->cr[c] == i)
      return true;
  return false;
}

static lfs_block imap_chunk(const lfs *f, int chunk) {
  lfs_block b = {.kind = BLK_IMAP};
  for (int i = 0; i < LFS_INODES_PER_MAP; i++)
    b.entries[i] = f->imap[chunk * LFS_INODES_PER_MAP + i];
  return b;
}

static lfs_block empty_dirblock(void) {
  lfs_block b = {.kind = BLK_DIR};
  return b;
}

static lfs_block inode_block(bool is_dir, int32_t size, int32_t refs) {
  lfs_block b = {.kind = BLK_INODE};
  b.inode.is_dir = is_dir;
  b.inode.size = size;
  b.inode.refs = refs;
  for (int i = 0; i < LFS_INODE_PTRS; i++)
    b.inode.ptr[i] = -1;
  return b;
}

static bool new_dirblock(lfs *f, int32_t parent, int32_t current, lfs_block *b) {
  *b = empty_dirblock();
  for (int i = 0; i < LFS_DIR_ENTRIES; i++) {
    b->dir.name[i] = f->dash;
    b->dir.inum[i] = -1;
  }
  int32_t dot = name_intern(f, ".", 1), dotdot = name_intern(f, "..", 2);
  if (dot < 0 || dotdot < 0)
    return false;
  b->dir.name[0] = dot;
  b->dir.inum[0] = current;
  b->dir.name[1] = dotdot;
  b->dir.inum[1] = parent;
  return true;
}

static void cr_sync(lfs *f) {
  lfs_block *cp = &f->disk[0];
  memcpy(cp->entries, f->cr, sizeof f->cr);
}

bool lfs_init(lfs *f, bool use_disk_cr, bool no_force, bool random_alloc, pyrandom *rng) {
  memset(f, 0, sizeof *f);
  f->use_disk_cr = use_disk_cr;
  f->no_force = no_force;
  f->random_alloc = random_alloc;
  f->rng = rng;
  strtab_init(&f->names);
  f->dash = name_intern(f, "-", 1);
  for (int i = 0; i < LFS_CR_PTRS; i++)
    f->cr[i] = -1;
  f->cr[0] = 3;
  for (int i = 0; i < LFS_NUM_INODES; i++)
    f->imap[i] = -1;
  lfs_block cp = {.kind = BLK_CHECKPOINT};
  memcpy(cp.entries, f->cr, sizeof f->cr);
  lfs_block root_dir, root = inode_block(true, 1, 2);
  root.inode.ptr[0] = 1;
  if (f->dash < 0 || !new_dirblock(f, 0, 0, &root_dir) || log_block(f, &cp) < 0 ||
      log_block(f, &root_dir) < 0 || log_block(f, &root) < 0) {
    lfs_free(f);
    return false;
  }
  set_imap(f, 0, 2);
  lfs_block chunk = imap_chunk(f, 0);
  if (log_block(f, &chunk) < 0) {
    lfs_free(f);
    return false;
  }
  return true;
}

void lfs_free(lfs *f) {
  errors_clear(f);
  free(f->disk);
  free(f->ptr_refs);
  free(f->map_refs);
  strtab_free(&f->names);
  memset(f, 0, sizeof *f);
}

/* ---- lookups ---------------------------------------------------------- */

/* The address of inode inum, through the in-memory map or, with
 * use_disk_cr, through the checkpoint region and imap on disk. */
static long long inode_addr(lfs *f, int32_t inum) {
  long long addr;
  if (inum < 0 || inum >= LFS_NUM_INODES)
    return crash(f, "inode number %d out of range", inum);
  if (f->use_disk_cr) {
    const lfs_block *cp = &f->disk[0];
    const lfs_block *chunk = block_at(f, cp->entries[inum / LFS_INODES_PER_MAP]);
    if (!chunk || chunk->kind != BLK_IMAP)
      return crash(f,
                   "the checkpoint region on disk does not lead to the imap chunk of inode "
                   "%d",
                   inum);
    addr = chunk->entries[inum % LFS_INODES_PER_MAP];
  } else {
    addr = f->imap[inum];
  }
  if (addr == -1)
    return crash(f, "inode %d is not in the inode map", inum);
  const lfs_block *b = block_at(f, addr);
  if (!b || b->kind != BLK_INODE)
    return crash(f, "the inode map entry of inode %d is not an inode", inum);
  return addr == -1 ? f->len - 1 : addr;
}

/* Looks name up in directory inum: *found gets its inode number or -1, and
 * *dir_addr the directory's inode address. Returns LFS_CRASH or 0. */
static int lookup(lfs *f, int32_t inum, const char *name, size_t n, int32_t *found,
                  long long *dir_addr) {
  long long a = inode_addr(f, inum);
  if (a < 0)
    return LFS_CRASH;
  const lfs_block *dir = &f->disk[a];
  if (!dir->inode.is_dir)
    return crash(f, "a path goes through a regular file as if it were a directory");
  *dir_addr = a;
  *found = -1;
  int32_t id = name_find(f, name, n);
  for (int p = 0; p < LFS_INODE_PTRS; p++) {
    int32_t ptr = dir->inode.ptr[p];
    if (ptr == -1)
      continue;
    const lfs_block *db = block_at(f, ptr);
    if (!db || db->kind != BLK_DIR)
      return crash(f, "a directory inode points to a block that is not a directory block");
    if (id < 0)
      continue;
    for (int e = 0; e < LFS_DIR_ENTRIES; e++)
      if (db->dir.name[e] == id) {
        *found = db->dir.inum[e];
        return 0;
      }
  }
  return 0;
}

typedef struct {
  int32_t inum;     /* the file, or -1 */
  const char *name; /* last component (points into the path) */
  size_t name_len;
  int32_t parent;     /* its directory, or -1 when the walk failed */
  long long dir_addr; /* the directory's inode address, or -1 */
} walk_result;

static int walk_path(lfs *f, const char *path, walk_result *w) {
  *w = (walk_result){-1, "", 0, -1, -1};
  if (path[0] != '/' && path[0] != '\0') {
    error_log(f, "path malformed: must start with /");
    return 0;
  }
  int32_t parent = 0;
  const char *part = path[0] == '/' ? path + 1 : path;
  if (path[0] == '\0') {
    /* ''.split('/') is ['']: the name is '' itself, in the root */
    part = path;
  }
  for (;;) {
    const char *slash = strchr(part, '/');
    size_t n = slash ? (size_t)(slash - part) : strlen(part);
    int32_t found;
    long long dir_addr = -1;
    if (lookup(f, parent, part, n, &found, &dir_addr) < 0)
      return LFS_CRASH;
    if (!slash) {
      *w = (walk_result){found, part, n, parent, dir_addr};
      return 0;
    }
    if (found == -1) {
      error_log(f, "directory %.*s not found", (int)n, part);
      return 0;
    }
    parent = found;
    part = slash + 1;
  }
}

/* The slot of name in a directory inode's blocks: *block_index (or -1) and
 * *slot. LFS_CRASH or 0. */
static int find_slot(lfs *f, const lfs_block *dir, int32_t name, int *block_index, int *slot) {
  *block_index = -1;
  *slot = -1;
  for (int i = 0; i < dir->inode.size && i < LFS_INODE_PTRS; i++) {
    const lfs_block *db = block_at(f, dir->inode.ptr[i]);
    if (!db || db->kind != BLK_DIR)
      return crash(f, "a directory inode points to a block that is not a directory block");
    for (int e = 0; e < LFS_DIR_ENTRIES; e++)
      if (name >= 0 && db->dir.name[e] == name) {
        *block_index = i;
        *slot = e;
        return 0;
      }
  }
  if (dir->inode.size > LFS_INODE_PTRS)
    return crash(f, "a directory is larger than its inode can point to");
  return 0;
}

/* A directory block with the new entry: *index is the inode pointer to
 * update (-1 when the directory is full), *size the new size. */
static int add_dir_entry(lfs *f, long long dir_addr, const char *name, size_t n, int32_t inum,
                         int *index, int32_t *size, lfs_block *block) {
  if (dir_addr < 0)
    return crash(f, "the directory of the link's destination does not exist");
  const lfs_block *dir = &f->disk[dir_addr];
  int bi, slot;
  if (find_slot(f, dir, f->dash, &bi, &slot) < 0)
    return LFS_CRASH;
  int32_t id = name_intern(f, name, n);
  if (id < 0)
    return crash(f, "out of memory");
  if (bi != -1) {
    *index = bi;
    *size = dir->inode.size;
    *block = *block_at(f, dir->inode.ptr[bi]);
    block->dir.name[slot] = id;
    block->dir.inum[slot] = inum;
  } else if (dir->inode.size != LFS_INODE_PTRS) {
    *index = dir->inode.size;
    *size = dir->inode.size + 1;
    *block = empty_dirblock();
    for (int i = 0; i < LFS_DIR_ENTRIES; i++) {
      block->dir.name[i] = f->dash;
      block->dir.inum[i] = -1;
    }
    block->dir.name[0] = id;
    block->dir.inum[0] = inum;
  } else {
    *index = -1;
  }
  return 0;
}

/* Logs the imap chunks of the given inodes (each chunk once) and points the
 * checkpoint region at them. */
static int update_imap(lfs *f, const int32_t *inums, int n) {
  int done[2] = {-1, -1};
  for (int i = 0; i < n; i++) {
    int c = inums[i] / LFS_INODES_PER_MAP;
    if (c == done[0] || c == done[1])
      continue;
    done[i] = c;
    lfs_block chunk = imap_chunk(f, c);
    long long a = log_block(f, &chunk);
    if (a < 0)
      return LFS_CRASH;
    f->cr[c] = (int32_t)a;
  }
  return 0;
}

static int32_t allocate_inode(lfs *f) {
  int free_inum = -1;
  for (int i = 0; i < LFS_NUM_INODES; i++)
    if (f->imap[i] == -1) {
      free_inum = i;
      break;
    }
  if (free_inum < 0)
    return -1;
  if (f->random_alloc) {
    for (;;) {
      int i = (int)(pyrandom_random(f->rng) * LFS_NUM_INODES);
      if (f->imap[i] == -1) {
        free_inum = i;
        break;
      }
    }
  }
  set_imap(f, free_inum, 1); /* a placeholder, as in the original */
  return free_inum;
}

/* ---- operations ------------------------------------------------------- */

int lfs_create(lfs *f, const char *path, bool is_file) {
  errors_clear(f);
  walk_result w;
  if (walk_path(f, path, &w) < 0)
    return LFS_CRASH;
  if (w.inum != -1)
    return error_log(f, "create failed: file already exists");
  if (w.parent == -1)
    return error_log(f, "create failed: walkpath returned error [%s]", path);
  int32_t inum = allocate_inode(f);
  if (inum == -1)
    return error_log(f, "create failed: no more inodes available");
  int index;
  int32_t size;
  lfs_block db;
  if (add_dir_entry(f, w.dir_addr, w.name, w.name_len, inum, &index, &size, &db) < 0)
    return LFS_CRASH;
  if (index == -1) {
    error_log(f, "error: directory is full (path %s)", path);
    set_imap(f, inum, -1);
    return -1;
  }
  long long db_addr = log_block(f, &db);
  if (db_addr < 0)
    return LFS_CRASH;
  lfs_block parent = f->disk[w.dir_addr];
  parent.inode.size = size;
  if (!is_file)
    parent.inode.refs++;
  parent.inode.ptr[index] = (int32_t)db_addr;
  lfs_block node = inode_block(!is_file, is_file ? 0 : 1, is_file ? 1 : 2);
  if (!is_file) {
    lfs_block own;
    if (!new_dirblock(f, w.parent, inum, &own))
      return crash(f, "out of memory");
    long long own_addr = log_block(f, &own);
    if (own_addr < 0)
      return LFS_CRASH;
    node.inode.ptr[0] = (int32_t)own_addr;
  }
  long long parent_addr = log_block(f, &parent);
  if (parent_addr < 0)
    return LFS_CRASH;
  long long node_addr = log_block(f, &node);
  if (node_addr < 0)
    return LFS_CRASH;
  set_imap(f, w.parent, (int32_t)parent_addr);
  set_imap(f, inum, (int32_t)node_addr);
  int32_t changed[2] = {w.parent, inum};
  if (update_imap(f, changed, 2) < 0)
    return LFS_CRASH;
  if (!f->no_force)
    cr_sync(f);
  return 0;
}

int lfs_link(lfs *f, const char *src, const char *dst) {
  errors_clear(f);
  walk_result s, d;
  if (walk_path(f, src, &s) < 0)
    return LFS_CRASH;
  if (s.inum == -1)
    return error_log(f, "link failed, src [%s] not found", src);
  long long src_addr = inode_addr(f, s.inum);
  if (src_addr < 0)
    return LFS_CRASH;
  if (f->disk[src_addr].inode.is_dir)
    return error_log(f, "link failed: cannot link to non-regular file [%s]", src);
  if (walk_path(f, dst, &d) < 0)
    return LFS_CRASH;
  if (d.inum != -1)
    return error_log(f, "link failed, dst [%s] exists", dst);
  int index;
  int32_t size;
  lfs_block db;
  if (add_dir_entry(f, d.dir_addr, d.name, d.name_len, s.inum, &index, &size, &db) < 0)
    return LFS_CRASH;
  if (index == -1)
    return error_log(f, "error: directory is full [path %s]", dst);
  long long db_addr = log_block(f, &db);
  if (db_addr < 0)
    return LFS_CRASH;
  lfs_block parent = f->disk[d.dir_addr];
  parent.inode.size = size;
  parent.inode.ptr[index] = (int32_t)db_addr;
  long long parent_addr = log_block(f, &parent);
  if (parent_addr < 0)
    return LFS_CRASH;
  lfs_block node = f->disk[src_addr];
  node.inode.refs++;
  long long node_addr = log_block(f, &node);
  if (node_addr < 0)
    return LFS_CRASH;
  set_imap(f, d.parent, (int32_t)parent_addr);
  set_imap(f, s.inum, (int32_t)node_addr);
  /* only the directory's chunk, as in the original */
  if (update_imap(f, &d.parent, 1) < 0)
    return LFS_CRASH;
  if (!f->no_force)
    cr_sync(f);
  return 0;
}

long long lfs_write(lfs *f, const char *path, long long offset, long long nblocks) {
  errors_clear(f);
  if (nblocks > LFS_MAX_WRITE)
    return crash(f, "a write of %lld blocks (at most %d)", nblocks, LFS_MAX_WRITE);
  /* the letters of the blocks, drawn even when the write then fails */
  char letters[LFS_INODE_PTRS];
  for (long long i = 0; i < nblocks; i++) {
    char l = (char)('a' + (int)(pyrandom_random(f->rng) * 26));
    if (i < LFS_INODE_PTRS)
      letters[i] = l;
  }
  long long ncontents = nblocks > 0 ? nblocks : 0;
  walk_result w;
  if (walk_path(f, path, &w) < 0)
    return LFS_CRASH;
  if (w.inum == -1)
    return error_log(f, "write failed: file not found [path %s]", path);
  long long addr = inode_addr(f, w.inum);
  if (addr < 0)
    return LFS_CRASH;
  if (f->disk[addr].inode.is_dir)
    return error_log(f, "write failed: cannot write to non-regular file %s", path);
  if (offset < 0 || offset >= LFS_INODE_PTRS)
    return error_log(f, "write failed: bad offset %lld", offset);
  lfs_block node = f->disk[addr];
  long long cur = offset;
  int i = 0;
  while (cur < LFS_INODE_PTRS && cur < offset + ncontents) {
    lfs_block data = {.kind = BLK_DATA};
    data.data.letter = letters[i];
    data.data.index = i;
    long long a = log_block(f, &data);
    if (a < 0)
      return LFS_CRASH;
    node.inode.ptr[cur] = (int32_t)a;
    cur++;
    i++;
  }
  if (cur > node.inode.size)
    node.inode.size = (int32_t)cur;
  long long node_addr = log_block(f, &node);
  if (node_addr < 0)
    return LFS_CRASH;
  set_imap(f, w.inum, (int32_t)node_addr);
  int chunk = w.inum / LFS_INODES_PER_MAP;
  lfs_block c = imap_chunk(f, chunk);
  long long ca = log_block(f, &c);
  if (ca < 0)
    return LFS_CRASH;
  f->cr[chunk] = (int32_t)ca;
  if (!f->no_force)
    cr_sync(f);
  return cur - offset;
}

int lfs_delete(lfs *f, const char *path) {
  errors_clear(f);
  walk_result w;
  if (walk_path(f, path, &w) < 0)
    return LFS_CRASH;
  if (w.inum == -1)
    return error_log(f, "delete failed: file not found [%s]", path);
  long long addr = inode_addr(f, w.inum);
  if (addr < 0)
    return LFS_CRASH;
  lfs_block node = f->disk[addr];
  if (node.inode.is_dir)
    return error_log(f, "delete failed: cannot delete non-regular file [%s]", path);
  if (node.inode.refs == 1) {
    if (f->imap[w.inum] == -1)
      return crash(f, "inode %d is already free", w.inum);
    set_imap(f, w.inum, -1);
  }
  const lfs_block dir = f->disk[w.dir_addr];
  int bi, slot;
  if (find_slot(f, &dir, name_find(f, w.name, w.name_len), &bi, &slot) < 0)
    return LFS_CRASH;
  if (bi == -1)
    return crash(f, "the deleted name is not in its directory's blocks");
  lfs_block db = *block_at(f, dir.inode.ptr[bi]);
  db.dir.name[slot] = f->dash;
  db.dir.inum[slot] = -1;
  long long db_addr = log_block(f, &db);
  if (db_addr < 0)
    return LFS_CRASH;
  lfs_block parent = dir;
  parent.inode.ptr[bi] = (int32_t)db_addr;
  long long parent_addr = log_block(f, &parent);
  if (parent_addr < 0)
    return LFS_CRASH;
  set_imap(f, w.parent, (int32_t)parent_addr);
  if (node.inode.refs > 1) {
    node.inode.refs--;
    long long node_addr = log_block(f, &node);
    if (node_addr < 0)
      return LFS_CRASH;
    set_imap(f, w.inum, (int32_t)node_addr);
  }
  int32_t changed[2] = {w.inum, w.parent};
  if (update_imap(f, changed, 2) < 0)
    return LFS_CRASH;
  if (!f->no_force)
    cr_sync(f);
  return 0;
}

int lfs_sync(lfs *f) {
  errors_clear(f);
  cr_sync(f);
  return 0;
}
