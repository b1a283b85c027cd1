#include "ffs.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"

/* The symbols that draw files in the bitmaps, in the original's order
 * (there is no 'N'). */
static const char SYMBOLS[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMOPQRSTUVWXYZ0123456789"
                              "!@#%^&*()[]{}/.<>|";

static bool crash(ffs_fs *fs, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool crash(ffs_fs *fs, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(fs->error, sizeof fs->error, fmt, ap);
  va_end(ap);
  return false;
}

static void vprint(ffs_fs *fs, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void vprint(ffs_fs *fs, const char *fmt, ...) {
  if (!fs->verbose || !fs->out)
    return;
  va_list ap;
  va_start(ap, fmt);
  vfprintf(fs->out, fmt, ap);
  va_end(ap);
}

static void fail(ffs_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(ffs_result *r, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(r->reason, sizeof r->reason, fmt, ap);
  va_end(ap);
  r->ok = false;
}

/* Python's a % n for n > 0 (the result is never negative). */
static long long py_mod(long long a, long long n) {
  long long m = a % n;
  return m < 0 ? m + n : m;
}

/* Python's list[i]: a negative i counts from the end. False where Python
 * raises IndexError. */
static bool py_index(long long i, long long len, long long *out) {
  if (i < 0)
    i += len;
  if (i < 0 || i >= len)
    return false;
  *out = i;
  return true;
}

/* --- bitmaps ------------------------------------------------------------- */

static int32_t *dslot(ffs_fs *fs, long long g, long long i) {
  return &fs->dbitmap[g * fs->cfg.blocks_per_group + i];
}

static int32_t *islot(ffs_fs *fs, long long g, long long i) {
  return &fs->ibitmap[g * fs->cfg.inodes_per_group + i];
}

static void set_data(ffs_fs *fs, long long g, long long i, int32_t value) {
  int32_t *s = dslot(fs, g, i);
  bool was_free = *s == FFS_FREE, now_free = value == FFS_FREE;
  uint64_t *word = &fs->dused[g * fs->dwords + i / 64];
  uint64_t bit = 1ULL << (i % 64);
  if (was_free && !now_free) {
    fs->dfree[g]--;
    *word |= bit;
  } else if (!was_free && now_free) {
    fs->dfree[g]++;
    *word &= ~bit;
  }
  *s = value;
}

static void set_inode(ffs_fs *fs, long long g, long long i, int32_t value) {
  int32_t *s = islot(fs, g, i);
  if (*s == FFS_FREE && value != FFS_FREE)
    fs->ifree[g]--;
  else if (*s != FFS_FREE && value == FFS_FREE)
    fs->ifree[g]++;
  *s = value;
}

/* First free data slot of group g at or after index, or blocks_per_group. */
static long long next_free_data(const ffs_fs *fs, long long g, long long index) {
  long long bpg = fs->cfg.blocks_per_group;
  const uint64_t *words = &fs->dused[g * fs->dwords];
  for (long long w = index / 64; w < fs->dwords; w++) {
    uint64_t freebits = ~words[w];
    if (w == index / 64)
      freebits &= ~0ULL << (index % 64);
    if (freebits) {
      long long i = w * 64 + __builtin_ctzll(freebits);
      return i < bpg ? i : bpg;
    }
  }
  return bpg;
}

/* --- per-inode records (the original's dictionaries) -------------------- */

static size_t hash_of(long long inum, size_t nslots) {
  uint64_t h = (uint64_t)inum * 0x9e3779b97f4a7c15ULL;
  return (size_t)(h >> 20) & (nslots - 1);
}

static ffs_inode *find_record(const ffs_fs *fs, long long inum) {
  for (size_t h = hash_of(inum, fs->nslots);; h = (h + 1) & (fs->nslots - 1)) {
    long long s = fs->slots[h];
    if (s == 0)
      return NULL;
    if (fs->inodes[s - 1].inum == inum)
      return &fs->inodes[s - 1];
  }
}

const ffs_inode *ffs_inode_of(const ffs_fs *fs, long long inum) {
  return find_record(fs, inum);
}

static bool rehash(ffs_fs *fs, size_t nslots) {
  long long *slots = calloc(nslots, sizeof *slots);
  if (!slots)
    return false;
  free(fs->slots);
  fs->slots = slots;
  fs->nslots = nslots;
  for (size_t k = 0; k < fs->ninodes; k++) {
    size_t h = hash_of(fs->inodes[k].inum, nslots);
    while (slots[h])
      h = (h + 1) & (nslots - 1);
    slots[h] = (long long)k + 1;
  }
  return true;
}

/* The record of inum, made empty if there was none; NULL when out of
 * memory. */
static ffs_inode *record(ffs_fs *fs, long long inum) {
  ffs_inode *rec = find_record(fs, inum);
  if (rec)
    return rec;
  if (!grow_array(&fs->inodes, &fs->inodes_cap, fs->ninodes + 1, sizeof *fs->inodes, 64))
    return NULL;
  if (2 * (fs->ninodes + 1) > fs->nslots && !rehash(fs, fs->nslots ? 2 * fs->nslots : 128))
    return NULL;
  rec = &fs->inodes[fs->ninodes++];
  memset(rec, 0, sizeof *rec);
  rec->inum = inum;
  size_t h = hash_of(inum, fs->nslots);
  while (fs->slots[h])
    h = (h + 1) & (fs->nslots - 1);
  fs->slots[h] = (long long)fs->ninodes;
  return rec;
}

static bool push_block(ffs_inode *rec, long long block) {
  if (!grow_array(&rec->blocks, &rec->blocks_cap, rec->nblocks + 1, sizeof *rec->blocks, 4))
    return false;
  rec->blocks[rec->nblocks++] = block;
  return true;
}

static bool push_entry(ffs_inode *dir, const char *name, long long inum) {
  if (!grow_array(&dir->entries, &dir->entries_cap, dir->nentries + 1, sizeof *dir->entries, 8))
    return false;
  char *copy = strdup(name);
  if (!copy)
    return false;
  dir->entries[dir->nentries++] = (ffs_dirent){copy, inum};
  return true;
}

static void clear_entries(ffs_inode *dir) {
  for (size_t k = 0; k < dir->nentries; k++)
    free(dir->entries[k].name);
  dir->nentries = 0;
}

static bool make_dir_entries(ffs_inode *dir) {
  clear_entries(dir);
  dir->is_dir = true;
  return push_entry(dir, ".", 0) && push_entry(dir, "..", 0);
}

/* --- names and symbols --------------------------------------------------- */

/* Index of path in the name map, or nnames. */
static size_t find_name(const ffs_fs *fs, const char *path) {
  size_t k = 0;
  while (k < fs->nnames && strcmp(fs->names[k].path, path) != 0)
    k++;
  return k;
}

long long ffs_lookup(const ffs_fs *fs, const char *path) {
  size_t k = find_name(fs, path);
  return k < fs->nnames ? fs->names[k].inum : -1;
}

static bool has_name(const ffs_fs *fs, const char *path) {
  return find_name(fs, path) < fs->nnames;
}

static bool add_name(ffs_fs *fs, const char *path, long long inum) {
  if (!grow_array(&fs->names, &fs->names_cap, fs->nnames + 1, sizeof *fs->names, 16))
    return false;
  char *copy = strdup(path);
  if (!copy)
    return false;
  fs->names[fs->nnames++] = (ffs_name){copy, inum};
  return true;
}

static bool remove_name(ffs_fs *fs, const char *path) {
  size_t k = find_name(fs, path);
  if (k == fs->nnames)
    return false;
  free(fs->names[k].path);
  memmove(&fs->names[k], &fs->names[k + 1], (fs->nnames - k - 1) * sizeof *fs->names);
  fs->nnames--;
  return true;
}

bool ffs_symbol(const ffs_fs *fs, long long inum, char *symbol) {
  const ffs_inode *rec = find_record(fs, inum);
  if (!rec || !rec->has_symbol)
    return false;
  *symbol = rec->symbol;
  return true;
}

/* The original's allocate_symbol: the file's own name when it is a free
 * symbol of one character, else the first free symbol. */
static bool allocate_symbol(ffs_fs *fs, ffs_inode *rec, const char *name) {
  char *at = NULL;
  if (name[0] && !name[1])
    at = memchr(fs->available, name[0], (size_t)fs->navailable);
  if (!at) {
    if (fs->navailable == 0)
      return crash(fs,
                   "no symbol is left to draw a new file with (the original fails an "
                   "assertion after %d live files and directories)",
                   FFS_NSYMBOLS);
    at = fs->available;
  }
  rec->symbol = *at;
  rec->has_symbol = true;
  memmove(at, at + 1, (size_t)(fs->available + fs->navailable - at - 1));
  fs->available[--fs->navailable] = '\0';
  return true;
}

/* --- setup --------------------------------------------------------------- */

bool ffs_init(ffs_fs *fs, const ffs_config *cfg) {
  memset(fs, 0, sizeof *fs);
  fs->cfg = *cfg;
  long long n = cfg->ngroups, ipg = cfg->inodes_per_group, bpg = cfg->blocks_per_group;
  fs->dwords = (bpg + 63) / 64;
  fs->ibitmap = malloc((size_t)(n * ipg) * sizeof *fs->ibitmap);
  fs->dbitmap = malloc((size_t)(n * bpg) * sizeof *fs->dbitmap);
  fs->dused = calloc((size_t)(n * fs->dwords), sizeof *fs->dused);
  fs->ifree = malloc((size_t)n * sizeof *fs->ifree);
  fs->dfree = malloc((size_t)n * sizeof *fs->dfree);
  if (!fs->ibitmap || !fs->dbitmap || !fs->dused || !fs->ifree || !fs->dfree || !rehash(fs, 128)) {
    ffs_free(fs);
    return false;
  }
  for (long long k = 0; k < n * ipg; k++)
    fs->ibitmap[k] = FFS_FREE;
  for (long long k = 0; k < n * bpg; k++)
    fs->dbitmap[k] = FFS_FREE;
  for (long long g = 0; g < n; g++) {
    fs->ifree[g] = ipg;
    fs->dfree[g] = bpg;
  }
  fs->total_data_free = n * bpg;
  fs->total_inodes_free = n * ipg;
  strcpy(fs->available, SYMBOLS);
  fs->navailable = (int)strlen(SYMBOLS);

  /* The root directory: inode 0 and data block 0, symbol '/'. */
  set_inode(fs, 0, 0, 0);
  set_data(fs, 0, 0, 0);
  fs->total_data_free--;
  fs->total_inodes_free--;
  ffs_inode *root = record(fs, 0);
  if (!root || !allocate_symbol(fs, root, "/") || !make_dir_entries(root) || !push_block(root, 0) ||
      !add_name(fs, "/", 0)) {
    ffs_free(fs);
    return false;
  }
  root->type = FFS_DIRECTORY;
  return true;
}

void ffs_free(ffs_fs *fs) {
  free(fs->ibitmap);
  free(fs->dbitmap);
  free(fs->dused);
  free(fs->ifree);
  free(fs->dfree);
  for (size_t k = 0; k < fs->ninodes; k++) {
    free(fs->inodes[k].blocks);
    clear_entries(&fs->inodes[k]);
    free(fs->inodes[k].entries);
  }
  free(fs->inodes);
  free(fs->slots);
  for (size_t k = 0; k < fs->nnames; k++)
    free(fs->names[k].path);
  free(fs->names);
  memset(fs, 0, sizeof *fs);
}

/* --- the original's consistency check ------------------------------------ */

/* do_verify: every slot counted, and every named inode's blocks marked with
 * its number. Only needed once the state is irregular: the operations keep
 * it true otherwise. */
static bool verify_counts(ffs_fs *fs);
static bool verify(ffs_fs *fs) {
  if (verify_counts(fs))
    return true;
  if (fs->irregular_cause) {
    size_t len = strlen(fs->error);
    snprintf(fs->error + len, sizeof fs->error - len, " (%s)", fs->irregular_cause);
  }
  return false;
}

static bool verify_counts(ffs_fs *fs) {
  long long n = fs->cfg.ngroups, ipg = fs->cfg.inodes_per_group, bpg = fs->cfg.blocks_per_group;
  long long data_used = 0, inodes_used = 0;
  for (long long g = 0; g < n; g++) {
    data_used += bpg - fs->dfree[g];
    inodes_used += ipg - fs->ifree[g];
  }
  if (data_used + fs->total_data_free != n * bpg)
    return crash(fs,
                 "the original's consistency check fails: %lld data blocks are marked in use "
                 "but its count of free blocks is %lld of %lld",
                 data_used, fs->total_data_free, n * bpg);
  if (inodes_used + fs->total_inodes_free != n * ipg)
    return crash(fs,
                 "the original's consistency check fails: %lld inodes are marked in use "
                 "but its count of free inodes is %lld of %lld",
                 inodes_used, fs->total_inodes_free, n * ipg);
  for (size_t k = 0; k < fs->nnames; k++) {
    const ffs_inode *rec = find_record(fs, fs->names[k].inum);
    if (!rec)
      return crash(fs, "the original's consistency check fails: no inode %lld for '%s'",
                   fs->names[k].inum, fs->names[k].path);
    for (size_t b = 0; b < rec->nblocks; b++) {
      long long block = rec->blocks[b], g;
      if (!py_index(block / bpg, n, &g) ||
          *dslot(fs, g, py_mod(block, bpg)) != (int32_t)fs->names[k].inum)
        return crash(fs,
                     "the original's consistency check fails: block %lld of '%s' is not "
                     "marked as inode %lld's in the data bitmap",
                     block, fs->names[k].path, fs->names[k].inum);
    }
  }
  return true;
}

/* --- placement ----------------------------------------------------------- */

static long long find_free_inodes_near(const ffs_fs *fs, long long target) {
  long long n = fs->cfg.ngroups;
  long long grower = py_mod(target + 1, n), shrinker = py_mod(target - 1, n);
  for (long long i = 0; i < n - 1; i++) {
    long long cur;
    if (i % 2 == 0) {
      cur = grower;
      grower = py_mod(grower + 1, n);
    } else {
      cur = shrinker;
      shrinker = py_mod(shrinker - 1, n);
    }
    if (fs->ifree[cur] > 0)
      return cur;
  }
  return 1; /* the original's answer when no group has a free inode */
}

/* Ours: the original visits each of the -A groups in turn. */
#define FFS_MAX_FARAWAY 100000000LL

/* Free inodes in the `count` groups from g on, wrapping around (a group
 * counts once per lap, as in the original; exact for any count). */
static __int128 free_inodes_from(const ffs_fs *fs, long long g, long long count) {
  long long n = fs->cfg.ngroups;
  __int128 sum = 0;
  if (count >= n) {
    long long all = 0;
    for (long long k = 0; k < n; k++)
      all += fs->ifree[k];
    sum = (__int128)(count / n) * all;
    count %= n;
  }
  for (long long k = 0; k < count; k++)
    sum += fs->ifree[(g + k) % n];
  return sum;
}

static bool pick_group(ffs_fs *fs, long long parent_inum, ffs_type type, long long *group) {
  long long n = fs->cfg.ngroups;
  if (type == FFS_REGULAR && !fs->cfg.spread_inodes) {
    long long target = parent_inum / fs->cfg.inodes_per_group, g;
    if (!py_index(target, n, &g))
      return crash(fs, "group %lld of the parent does not exist", target);
    *group = fs->ifree[g] == 0 ? find_free_inodes_near(fs, target) : target;
    return true;
  }
  long long step = fs->cfg.faraway;
  if (step > FFS_MAX_FARAWAY)
    return crash(fs,
                 "option -A: at most %lld groups at a time (the original adds up the groups one "
                 "by one and would run for hours)",
                 FFS_MAX_FARAWAY);
  if (step == 0)
    return crash(fs, "option -A: 0 groups cannot be examined at a time (the original's range() "
                     "raises ValueError)");
  __int128 best = 0;
  long long target = -1;
  for (long long g = 0; step > 0 && g < n; g = step >= n - g ? n : g + step) {
    __int128 sum = free_inodes_from(fs, g, step);
    if (sum > best) {
      best = sum;
      target = g;
    }
  }
  if (target == -1)
    return crash(fs, "no group was found for a new inode (the original fails an assertion%s)",
                 step < 0 ? "; -A must be positive" : "");
  *group = target;
  return true;
}

static long long find_min_data_usage(const ffs_fs *fs) {
  long long best = 0, group = -1;
  for (long long g = 0; g < fs->cfg.ngroups; g++)
    if (fs->dfree[g] > best) {
      best = fs->dfree[g];
      group = g;
    }
  return group;
}

/* The original's allocate_blocks: from the start of the target group, take
 * each block where `contig` blocks in a row are free (fewer near the end of
 * the file); move to the next group at its end, or after
 * large_file_exception blocks; once back at the target, take any free
 * block. Blocks are appended to rec; group numbers are the original's (-1
 * counts from the end, as Python lists do). */
static bool allocate_blocks(ffs_fs *fs, long long target, long long size, ffs_inode *rec) {
  long long n = fs->cfg.ngroups, bpg = fs->cfg.blocks_per_group;
  long long lfe = fs->cfg.large_file_exception;
  if (size > fs->total_data_free)
    return crash(fs, "not enough free blocks for the file (the original fails an assertion)");
  rec->nblocks = 0;
  long long done = 0, index = 0, in_group = 0, cur = target, chunks = fs->cfg.contig;
  long long idle_moves = 0; /* group moves since the last allocation */
  for (;;) {
    long long g;
    if (!py_index(cur, n, &g))
      return crash(fs, "group %lld does not exist", cur);
    long long needed = size < 0 ? -1 : size - done; /* any negative acts alike */
    long long want = needed < chunks ? needed : chunks;
    bool take;
    if (want >= 1) {
      /* a used first block fails the test: skip to the next free one */
      long long next = next_free_data(fs, g, index);
      if (next > index)
        index = next;
      take = false;
      if (index < bpg && index + want - 1 < bpg) {
        take = true;
        for (long long i = index; i < index + want; i++)
          if (*dslot(fs, g, i) != FFS_FREE) {
            take = false;
            break;
          }
      }
    } else {
      take = true; /* the original tests no block at all */
    }
    if (index < bpg) {
      if (take) {
        if (*dslot(fs, g, index) != FFS_FREE)
          return crash(fs,
                       "block %lld of group %lld is in use (%s makes the original fail an "
                       "assertion)",
                       index, g, size <= 0 ? "a size of 0 or less" : "-C 0 or less");
        set_data(fs, g, index, (int32_t)rec->inum);
        in_group++;
        idle_moves = 0;
        if (!push_block(rec, index + cur * bpg))
          return crash(fs, "out of memory");
        done++;
      }
      index++;
      if (done == size)
        return true;
    }
    if (index >= bpg || (lfe > 0 && in_group == lfe)) {
      in_group = 0;
      index = 0;
      cur = py_mod(cur + 1, n);
      if (cur == target)
        chunks = 1;
      if (++idle_moves > 2 * n + 2)
        return crash(fs, "no free block is found for the file (the original would search "
                         "forever)");
    }
  }
}

/* --- operations ---------------------------------------------------------- */

/* Splits at the last '/', as the original's get_parent does: "/a" gives
 * ("/", "a"), "/a/b" ("/a", "b"), and a path without '/' loses its last
 * character to the parent. Returns malloc'd parent; *name points into
 * path. */
static char *split_path(const char *path, const char **name) {
  const char *slash = strrchr(path, '/');
  size_t len = strlen(path);
  if (slash == path) {
    *name = path + 1;
    return strdup("/");
  }
  if (!slash) {
    *name = path;
    return strndup(path, len ? len - 1 : 0);
  }
  *name = slash + 1;
  return strndup(path, (size_t)(slash - path));
}

static ffs_inode *dir_of(ffs_fs *fs, long long inum) {
  ffs_inode *rec = find_record(fs, inum);
  return rec && rec->is_dir ? rec : NULL;
}

static bool do_create(ffs_fs *fs, const char *path, long long size, ffs_type type, ffs_result *r) {
  const char *name;
  char *parent = split_path(path, &name);
  if (!parent)
    return crash(fs, "out of memory");
  bool ok = false;
  if (fs->total_inodes_free == 0) {
    vprint(fs, "[out of inodes]");
    fail(r, "out of inodes");
    ok = true;
    goto out;
  }
  if (fs->total_data_free < size) {
    vprint(fs, "[out of disk space]");
    fail(r, "out of disk space");
    ok = true;
    goto out;
  }
  long long pinum = ffs_lookup(fs, parent);
  if (pinum == -1) {
    vprint(fs, "[failed to find parent %s]", parent);
    fail(r, "failed to find parent %s", parent);
    ok = true;
    goto out;
  }
  ffs_inode *pdir = dir_of(fs, pinum);
  if (!pdir) {
    crash(fs, "parent '%s' is not a directory (the original raises KeyError)", parent);
    goto out;
  }
  for (size_t k = 0; k < pdir->nentries; k++)
    if (!strcmp(pdir->entries[k].name, name)) {
      vprint(fs, "[file %s already exists in dir %s]", name, parent);
      fail(r, "file %s already exists in dir %s", name, parent);
      ok = true;
      goto out;
    }

  long long group = 0;
  if (!pick_group(fs, pinum, type, &group))
    goto out;
  long long ipg = fs->cfg.inodes_per_group, g;
  if (!py_index(group, fs->cfg.ngroups, &g)) {
    crash(fs, "group %lld does not exist (the original raises IndexError)", group);
    goto out;
  }
  long long index = -1;
  for (long long i = 0; i < ipg; i++)
    if (*islot(fs, g, i) == FFS_FREE) {
      index = i;
      break;
    }
  if (index == -1) {
    /* the original goes on with index -1: the last slot of the group */
    vprint(fs, "[cannot find free inode]");
    fs->irregular = true;
    fs->irregular_cause = "the group chosen for the new inode has none free";
  }
  long long inum = index + group * ipg;
  ffs_inode *rec = record(fs, inum);
  if (!rec) {
    crash(fs, "out of memory");
    goto out;
  }
  long long data_group = group;
  r->target_alloc = -1;
  if (fs->cfg.spread_data) {
    data_group = find_min_data_usage(fs);
    r->target_alloc = data_group;
    if (fs->out)
      fprintf(fs->out, "target alloc %lld\n", data_group);
    if (data_group == -1)
      fs->irregular = true;
  }
  if (!allocate_blocks(fs, data_group, size, rec))
    goto out;
  /* from here on the original cannot fail, except on its own checks */
  set_inode(fs, g, py_mod(index, ipg), (int32_t)inum);
  pdir = dir_of(fs, pinum); /* record() may have moved the records */
  if (!push_entry(pdir, name, inum)) {
    crash(fs, "out of memory");
    goto out;
  }
  rec->type = type;
  if (has_name(fs, path)) {
    if (fs->out)
      fprintf(fs->out, "abort: path already in mapping (internal error)\n");
    snprintf(fs->error, sizeof fs->error, "exit");
    goto out;
  }
  if (!add_name(fs, path, inum) || !allocate_symbol(fs, rec, name))
    goto out;
  if (type == FFS_DIRECTORY && !make_dir_entries(rec)) {
    crash(fs, "out of memory");
    goto out;
  }
  fs->total_inodes_free--;
  fs->total_data_free -= size;
  r->ok = true;
  r->inum = inum;
  r->group = group;
  ok = true;
out:
  free(parent);
  return ok;
}

/* Where the original's delete looks for block or inode `number` in its
 * bitmap: by the number of groups, not by the blocks or inodes per group.
 * That is right only where they agree (or for small numbers); elsewhere it
 * frees another slot, and its check after the command then usually fails.
 * False where the slot does not exist (the original's IndexError). */
static bool original_slot(ffs_fs *fs, long long number, long long per_group, const char *what,
                          long long *g, long long *i) {
  long long n = fs->cfg.ngroups;
  if (!py_index(number / n, n, g) || !py_index(py_mod(number, n), per_group, i))
    return crash(fs,
                 "deleting %s %lld: the original looks for it at group %lld, index %lld, which "
                 "do not exist (IndexError)",
                 what, number, number / n, py_mod(number, n));
  if (*g != number / per_group || *i != py_mod(number, per_group)) {
    fs->irregular = true;
    fs->irregular_cause = !strcmp(what, "block")
                              ? "its delete finds a block's bitmap slot by the number of groups, "
                                "not the blocks per group"
                              : "its delete finds an inode's bitmap slot by the number of groups, "
                                "not the inodes per group";
  }
  return true;
}

static bool do_delete(ffs_fs *fs, const char *path, ffs_result *r) {
  const char *name;
  char *parent = split_path(path, &name);
  if (!parent)
    return crash(fs, "out of memory");
  bool ok = false;
  long long pinum = ffs_lookup(fs, parent);
  if (pinum == -1) {
    vprint(fs, "[cannot find parent inode %s]", parent);
    fail(r, "cannot find parent inode %s", parent);
    ok = true;
    goto out;
  }
  ffs_inode *pdir = dir_of(fs, pinum);
  if (!pdir) {
    crash(fs, "parent '%s' is not a directory (the original raises KeyError)", parent);
    goto out;
  }
  size_t at = pdir->nentries;
  for (size_t k = 0; k < pdir->nentries; k++)
    if (!strcmp(pdir->entries[k].name, name)) {
      at = k;
      break;
    }
  if (at == pdir->nentries) {
    vprint(fs, "[cannot find %s in dir %s]", name, parent);
    fail(r, "cannot find %s in dir %s", name, parent);
    ok = true;
    goto out;
  }
  long long inum = pdir->entries[at].inum;
  ffs_inode *rec = find_record(fs, inum);
  if (rec && rec->type == FFS_DIRECTORY) {
    vprint(fs, "[cannot delete directories]");
    fail(r, "cannot delete directories");
    ok = true;
    goto out;
  }
  if (!rec) {
    crash(fs, "no inode %lld (the original raises KeyError)", inum);
    goto out;
  }
  free(pdir->entries[at].name);
  memmove(&pdir->entries[at], &pdir->entries[at + 1],
          (pdir->nentries - at - 1) * sizeof *pdir->entries);
  pdir->nentries--;

  for (size_t b = 0; b < rec->nblocks; b++) {
    long long g, i;
    if (!original_slot(fs, rec->blocks[b], fs->cfg.blocks_per_group, "block", &g, &i))
      goto out;
    set_data(fs, g, i, FFS_FREE);
  }
  long long g, i;
  if (!original_slot(fs, inum, fs->cfg.inodes_per_group, "inode", &g, &i))
    goto out;
  set_inode(fs, g, i, FFS_FREE);
  if (!rec->has_symbol) {
    crash(fs, "inode %lld has no symbol (the original raises KeyError)", inum);
    goto out;
  }
  fs->available[fs->navailable++] = rec->symbol;
  fs->available[fs->navailable] = '\0';
  rec->has_symbol = false;
  if (!remove_name(fs, path)) {
    crash(fs, "'%s' was not created under that name (the original raises KeyError)", path);
    goto out;
  }
  fs->total_inodes_free++;
  fs->total_data_free += (long long)rec->nblocks;
  rec->type = FFS_NONE;
  rec->nblocks = 0;
  r->ok = true;
  r->inum = inum;
  ok = true;
out:
  free(parent);
  return ok;
}

static ffs_step finish(ffs_fs *fs, bool ok, ffs_result *r) {
  if (!ok)
    return strcmp(fs->error, "exit") ? FFS_STEP_CRASH : FFS_STEP_EXIT;
  vprint(fs, r->ok ? "success\n" : "failed\n");
  if (fs->irregular && !verify(fs))
    return FFS_STEP_CRASH;
  return FFS_STEP_OK;
}

static void start(ffs_result *r) {
  memset(r, 0, sizeof *r);
  r->inum = r->group = r->target_alloc = -1;
}

ffs_step ffs_create(ffs_fs *fs, const char *path, long long size, const char *size_text,
                    ffs_result *r) {
  start(r);
  vprint(fs, "op create %s [size:%s] ->", path, size_text);
  return finish(fs, do_create(fs, path, size, FFS_REGULAR, r), r);
}

ffs_step ffs_mkdir(ffs_fs *fs, const char *path, ffs_result *r) {
  start(r);
  vprint(fs, "op mkdir %s ->", path);
  return finish(fs, do_create(fs, path, 1, FFS_DIRECTORY, r), r);
}

ffs_step ffs_delete(ffs_fs *fs, const char *path, ffs_result *r) {
  start(r);
  vprint(fs, "op delete %s ->", path);
  return finish(fs, do_delete(fs, path, r), r);
}
