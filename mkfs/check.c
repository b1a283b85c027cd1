// fsck's checks (see check.h). The passes, in order, each looking at what the ones before
// left behind (a repair is made in the pass that finds the problem):
//   1. superblock: magic, sizes, regions in order and inside the image; nothing else is
//      checked when it is wrong, since every other structure is found through it;
//   2. log: empty, or one committed transaction, which is installed first as at boot;
//   3. inodes: type, block pointers (direct, and through every level of indirect blocks)
//      inside the data area and not shared, size against blocks;
//   4. directories: a walk from the root checking "." and "..", entries naming allocated
//      inodes, each directory reached by one entry only, and counting the entries;
//   5. the orphan list, link counts against the entries, and inodes no entry names unless
//      the orphan list has them;
//   6. the free bitmap against the blocks in use.
// The image is trusted for nothing: every block number is checked against the layout
// before it is followed, and every inode number against the inode count.

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/fs.h"
#include "kernel/stat.h"
#include "kernel/fs/logbook.h"
#include "mkfs/layout.h"
#include "mkfs/check.h"

// The problems printed so far, so that a later round of repairs prints each one once: a set
// of strings (open addressing), each remembering whether it was fixed.
struct seen_entry {
  char *msg;
  int fixed;
};
struct seen {
  struct seen_entry *slot;
  uint cap, n;
};

struct fsck {
  struct fsimage img; // the image, with its superblock once pass 1 accepts it
  int repair;
  FILE *out;
  struct fsck_report *r;
  // Per block.
  uint *owner; // the first inode found using it, 0 for none
  uchar *refs; // how many pointers lead to it (2 meaning two or more)
  // Per inode.
  uint *parent; // the directory the walk reached it from, 0 if not reached
  uint *links;  // directory entries naming it, "." entries left out
  uint *queue;  // directories the walk has reached, in the order it reads them
  // Repairs.
  int frozen;       // the block being looked at is shared: a repair writes nothing into it
  struct seen seen; // problems printed so far
  uint fixed_now;   // fixes made in this round
  int nomem;        // memory ran out while remembering a problem
};

static uint hash(const char *s) {
  uint h = 2166136261u;
  for (; *s; s++)
    h = (h ^ (uchar)*s) * 16777619u;
  return h;
}

// Finds msg in the set, adding it if new (*added is then set). NULL if memory ran out.
static struct seen_entry *seen_find(struct seen *set, const char *msg, int *added) {
  if (2 * (set->n + 1) > set->cap) {
    uint cap = set->cap ? 2 * set->cap : 64;
    struct seen bigger = {calloc(cap, sizeof(struct seen_entry)), cap, set->n};
    if (bigger.slot == NULL)
      return NULL;
    for (uint i = 0; i < set->cap; i++) {
      if (set->slot[i].msg != NULL) {
        uint j = hash(set->slot[i].msg) % cap;
        while (bigger.slot[j].msg != NULL)
          j = (j + 1) % cap;
        bigger.slot[j] = set->slot[i];
      }
    }
    free(set->slot);
    *set = bigger;
  }
  uint j = hash(msg) % set->cap;
  for (; set->slot[j].msg != NULL; j = (j + 1) % set->cap) {
    if (strcmp(set->slot[j].msg, msg) == 0) {
      *added = 0;
      return &set->slot[j];
    }
  }
  if ((set->slot[j].msg = strdup(msg)) == NULL)
    return NULL;
  set->n++;
  *added = 1;
  return &set->slot[j];
}

static void seen_free(struct seen *set) {
  for (uint i = 0; i < set->cap; i++)
    free(set->slot[i].msg);
  free(set->slot);
}

// Reports one problem. `fix` says what a repair does about it, NULL when nothing is safe.
// Returns 1 when the caller is to make that fix now. When repairing, a problem printed in an
// earlier round is printed again only when this round fixes it.
__attribute__((format(printf, 3, 4))) static int problem(struct fsck *f, const char *fix,
                                                         const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  if (f->frozen)
    fix = NULL; // mending one owner's view of a shared block would damage the other's
  int now = fix != NULL && f->repair;
  // Without repairs there is one round; with them, a problem seen in an earlier round counts
  // again only the first time it is fixed.
  struct seen_entry *e = NULL;
  int added = 1;
  if (f->repair && (e = seen_find(&f->seen, msg, &added)) == NULL)
    f->nomem = 1;
  if (!added && !now)
    return 0;
  if (added) {
    f->r->problems++;
    f->r->fixable += fix != NULL;
  } else if (!e->fixed) {
    f->r->fixable++; // it was left alone before, because of a shared block
  }
  fputs(msg, f->out);
  if (now) {
    fprintf(f->out, " (fixed: %s)", fix);
    if (e == NULL || !e->fixed)
      f->r->fixed++;
    if (e != NULL)
      e->fixed = 1;
    f->r->changed = 1;
    f->fixed_now++;
  } else if (f->repair) {
    fputs(" (not fixed)", f->out);
  }
  fputc('\n', f->out);
  return now;
}

static int known_type(int type) {
  return type == T_DIR || type == T_FILE || type == T_DEVICE || type == T_SYMLINK;
}

static uint get32(const uchar *p) {
  uint v;
  memcpy(&v, p, 4);
  return fs_le32(v);
}

static void put32(uchar *p, uint v) {
  v = fs_le32(v);
  memcpy(p, &v, 4);
}

// Slot i of indirect block ind (which must lie in the data area).
static uchar *slot(struct fsck *f, uint ind, uint i) {
  return img_block(&f->img, ind) + 4 * i;
}

// ---- 1. superblock ----

static int check_superblock(struct fsck *f, uint64 len) {
  uint64 have = len / BSIZE;
  if (have < 2) {
    problem(f, NULL, "superblock: the image is %llu bytes, too short to hold one",
            (unsigned long long)len);
    return -1;
  }
  struct superblock *sb = &f->img.sb;
  sb_decode(img_block(&f->img, 1), sb);
  if (sb->magic != FSMAGIC) {
    problem(f, NULL, "superblock: magic 0x%x, not 0x%x", sb->magic, FSMAGIC);
    return -1;
  }
  uint before = f->r->problems;
  if (sb->size > have)
    problem(f, NULL, "superblock: size %u blocks, but the image holds only %llu", sb->size,
            (unsigned long long)have);
  if (sb->ninodes <= ROOTINO)
    problem(f, NULL, "superblock: %u inodes leave no room for the root inode (%d)", sb->ninodes,
            ROOTINO);
  if (sb->nlog < MAXOPBLOCKS + 1)
    problem(f, NULL, "superblock: a log of %u blocks is smaller than the kernel's minimum (%d)",
            sb->nlog, MAXOPBLOCKS + 1);
  if (sb->nblocks == 0 || sb->nblocks > sb->size)
    problem(f, NULL, "superblock: %u data blocks in a file system of %u blocks", sb->nblocks,
            sb->size);
  if (f->r->problems != before)
    return -1;

  struct layout_region r[LAYOUT_NREGIONS];
  layout_regions(sb, r);
  for (int i = 0; i < LAYOUT_NREGIONS; i++) {
    if (r[i].end > sb->size)
      problem(f, NULL, "superblock: %s blocks [%llu, %llu) reach past the last block (%u)",
              r[i].what, (unsigned long long)r[i].start, (unsigned long long)r[i].end,
              sb->size - 1);
    else if (i > 0 && r[i].start < r[i - 1].end)
      problem(f, NULL,
              "superblock: %s blocks [%llu, %llu) start before the %s blocks [%llu, %llu) end",
              r[i].what, (unsigned long long)r[i].start, (unsigned long long)r[i].end,
              r[i - 1].what, (unsigned long long)r[i - 1].start, (unsigned long long)r[i - 1].end);
  }
  return f->r->problems == before ? 0 : -1;
}

// ---- 2. log ----

// The header is read with the kernel's own code (logbook_unpack), so fsck accepts exactly
// the transactions the kernel would install at boot, but for a damaged copy of the superblock.
static void check_log(struct fsck *f) {
  struct superblock *sb = &f->img.sb;
  uchar *hdr = img_block(&f->img, sb->logstart);
  uint lo = sb->logstart + sb->nlog, hi = sb->size; // where logged blocks may go
  struct logbook lb;
  logbook_init(&lb, sb->nlog - 1);
  if (logbook_unpack(&lb, hdr, lo, hi) < 0) {
    uint n = get32(hdr);
    int fix;
    if (n > lb.cap) {
      fix = problem(f, "log cleared",
                    "log: the header names %u blocks, more than the log holds (%u)", n, lb.cap);
    } else {
      uint i = 0;
      for (uint b; i < n && ((b = get32(hdr + 4 * (i + 1))) == SUPERBLOCK || (b >= lo && b < hi));)
        i++;
      fix = problem(f, "log cleared", "log: entry %u names block %u, outside blocks [%u, %u)", i,
                    get32(hdr + 4 * (i + 1)), lo, hi);
    }
    if (fix) {
      logbook_clear(&lb);
      logbook_pack(&lb, hdr);
    }
    return;
  }
  if (lb.n == 0)
    return;
  uint sum = logbook_sum_start(&lb);
  for (uint i = 0; lb.summed && i < lb.n; i++)
    sum = logbook_sum_add(sum, img_block(&f->img, sb->logstart + 1 + i));
  if (lb.summed && sum != lb.sum) {
    // A crash tore the commit: the kernel discards it at boot, so this is no problem.
    fprintf(f->out,
            "log: holds a torn transaction of %u blocks (its checksum does not match), "
            "discarded as the kernel does at boot\n",
            lb.n);
    logbook_clear(&lb);
    logbook_pack(&lb, hdr);
    f->r->changed |= f->repair;
    return;
  }
  // The kernel logs the superblock's block only to change the orphan list beside the
  // superblock: a copy that changes the superblock itself is damage, and installing it would
  // wreck the image (the kernel, trusting its log, would).
  for (uint i = 0; i < lb.n; i++) {
    if (lb.block[i] == SUPERBLOCK && memcmp(img_block(&f->img, sb->logstart + 1 + i),
                                            img_block(&f->img, SUPERBLOCK), sizeof(*sb)) != 0) {
      if (problem(f, "log cleared",
                  "log: entry %u, the superblock's block, holds a different superblock", i)) {
        logbook_clear(&lb);
        logbook_pack(&lb, hdr);
      }
      return;
    }
  }
  for (uint i = 0; i < lb.n; i++)
    memmove(img_block(&f->img, lb.block[i]), img_block(&f->img, sb->logstart + 1 + i), BSIZE);
  if (f->repair)
    fprintf(f->out, "log: installed a committed transaction of %u blocks\n", lb.n);
  else
    fprintf(f->out,
            "log: holds a committed transaction of %u blocks, checked as installed (the kernel "
            "installs it at boot)\n",
            lb.n);
  logbook_clear(&lb);
  logbook_pack(&lb, hdr);
  f->r->changed |= f->repair;
}

// ---- 3. inodes ----

// Records that inode inum uses block b; with `report`, says so when another inode, or inum
// itself, is already using it.
static void claim(struct fsck *f, uint inum, uint b, int report) {
  if (!img_in_data(&f->img, b))
    return;
  uint first = f->owner[b];
  if (first == 0)
    f->owner[b] = inum;
  else if (report && first == inum)
    problem(f, NULL, "inode %u: uses block %u twice", inum, b);
  else if (report)
    problem(f, NULL, "block %u: used by inode %u and by inode %u", b, first, inum);
}

// ---- the block tree ----

// One block pointer of an inode's tree (mkfs/layout.h): in the inode's addrs[] or in a slot
// of an indirect block, leading to a data block (depth 0) or to an indirect block with depth
// levels of blocks below it.
struct ref {
  uint b;     // the block number it holds
  uint depth; // 0: a data block; n: an indirect block n levels deep
  uint64 fbn; // the first file block it covers
  uint table; // the indirect block holding the pointer, 0 when it is in addrs[]
  uint i;     // its index there
};

// What a walk does at each pointer; it may clear it (set_ref), or set walk_prune, and the walk
// then does not go below it.
typedef void visit_fn(struct fsck *f, uint inum, struct dinode *din, const struct ref *r);
static int walk_prune;

static uint get_ref(struct fsck *f, const struct dinode *din, const struct ref *r) {
  return r->table ? get32(slot(f, r->table, r->i)) : din->addrs[r->i];
}

static void set_ref(struct fsck *f, struct dinode *din, const struct ref *r, uint b) {
  if (r->table)
    put32(slot(f, r->table, r->i), b);
  else
    din->addrs[r->i] = b;
}

// What an indirect block of this depth is called.
static const char *table_name(uint depth) {
  return depth == 1 ? "indirect" : depth == 2 ? "doubly-indirect" : "deeper indirect";
}

// Visits r, then, if it still leads to an indirect block in the data area, every slot of
// that block, depth first. While below a block that two pointers lead to, repairs are off.
static void walk_ref(struct fsck *f, uint inum, struct dinode *din, const struct ref *r,
                     visit_fn *fn) {
  walk_prune = 0;
  fn(f, inum, din, r);
  uint b = get_ref(f, din, r);
  if (walk_prune || r->depth == 0 || !img_in_data(&f->img, b))
    return;
  int was_frozen = f->frozen;
  f->frozen = was_frozen || f->refs[b] > 1;
  uint64 span = tree_span(r->depth - 1);
  for (uint i = 0; i < NINDIRECT; i++) {
    struct ref child = {get32(slot(f, b, i)), r->depth - 1, r->fbn + i * span, b, i};
    walk_ref(f, inum, din, &child, fn);
  }
  f->frozen = was_frozen;
}

// Visits every pointer of the inode's tree: addrs[] in order, each followed by what is below it.
static void walk_tree(struct fsck *f, uint inum, struct dinode *din, visit_fn *fn) {
  uint64 fbn = 0;
  for (uint k = 0; k < NADDRS; k++) {
    uint depth = k < NDIRECT ? 0 : k - NDIRECT + 1;
    struct ref r = {din->addrs[k], depth, fbn, 0, k};
    walk_ref(f, inum, din, &r, fn);
    fbn += tree_span(depth);
  }
}

static void count_ref(struct fsck *f, uint inum, struct dinode *din, const struct ref *r) {
  (void)inum;
  (void)din;
  if (img_in_data(&f->img, r->b))
    f->refs[r->b] += f->refs[r->b] < 2;
}

// Counts the pointers to each block, before a round repairs anything: a block that two lead to is
// left as it is, since changing it for one could only damage it for the other.
static void count_refs(struct fsck *f) {
  for (uint inum = ROOTINO; inum < f->img.sb.ninodes; inum++) {
    struct dinode din;
    img_read_inode(&f->img, inum, &din);
    if (din.type != 0)
      walk_tree(f, inum, &din, count_ref);
  }
}

static int reporting_claims; // whether claim_ref reports a block used twice

static void claim_ref(struct fsck *f, uint inum, struct dinode *din, const struct ref *r) {
  (void)din;
  claim(f, inum, r->b, reporting_claims);
}

static void claim_blocks(struct fsck *f, uint inum, const struct dinode *din, int report) {
  struct dinode copy = *din; // a claim changes nothing
  reporting_claims = report;
  walk_tree(f, inum, &copy, claim_ref);
}

// Pointers that lead outside the data area: clearing them loses nothing, they lead to garbage.
static void check_pointer(struct fsck *f, uint inum, struct dinode *din, const struct ref *r) {
  uint lo = layout_nmeta(&f->img.sb), hi = f->img.sb.size;
  if (r->b == 0 || img_in_data(&f->img, r->b))
    return;
  int fix;
  if (r->table != 0)
    fix = problem(f, "slot cleared",
                  "inode %u: slot %u of %s block %u holds block %u, outside the data area "
                  "[%u, %u)",
                  inum, r->i, table_name(r->depth + 1), r->table, r->b, lo, hi);
  else if (r->depth == 0)
    fix = problem(f, "pointer cleared",
                  "inode %u: block pointer %u holds block %u, outside the data area [%u, %u)", inum,
                  r->i, r->b, lo, hi);
  else
    fix = problem(f, "pointer cleared",
                  "inode %u: %s pointer holds block %u, outside the data area [%u, %u)", inum,
                  table_name(r->depth), r->b, lo, hi);
  if (fix)
    set_ref(f, din, r, 0);
}

static void check_pointers(struct fsck *f, uint inum, struct dinode *din) {
  walk_tree(f, inum, din, check_pointer);
}

static uint64 size_need; // file blocks the size of the inode being checked needs

// A block wholly past the size: a data block, or an indirect block covering only such blocks.
static void check_past_size(struct fsck *f, uint inum, struct dinode *din, const struct ref *r) {
  if (r->fbn < size_need || !img_in_data(&f->img, r->b))
    return;
  const char *fix = r->table ? "slot cleared" : "pointer cleared";
  int now = r->depth == 0
                ? problem(f, fix, "inode %u: file block %llu (block %u) lies past its size %u",
                          inum, (unsigned long long)r->fbn, r->b, din->size)
                : problem(f, fix, "inode %u: %s block %u lies past its size %u", inum,
                          table_name(r->depth), r->b, din->size);
  if (now)
    set_ref(f, din, r, 0);
  walk_prune = 1; // what lies below was reported with it
}

// The size must need exactly the blocks the inode has: file blocks [0, size/BSIZE rounded
// up) all present, none beyond.
static void check_size(struct fsck *f, uint inum, struct dinode *din) {
  if (din->type == T_DIR && din->size % sizeof(struct dirent) != 0 &&
      problem(f, "rounded down",
              "inode %u: directory size %u is not a whole number of %d-byte entries", inum,
              din->size, (int)sizeof(struct dirent)))
    din->size -= din->size % sizeof(struct dirent);
  // The kernel follows a link holding a path of 1 to MAXPATH - 1 bytes; it writes no other.
  if (din->type == T_SYMLINK && (din->size == 0 || din->size >= MAXPATH))
    problem(f, NULL, "inode %u: symbolic link of %u bytes, not 1 to %d", inum, din->size,
            MAXPATH - 1);

  // The file blocks the size needs; how many of them, from the first, are there; one past
  // the last one there.
  uint64 need = ((uint64)din->size + BSIZE - 1) / BSIZE;
  uint have = 0, last = 0;
  for (uint fbn = 0; fbn < MAXFILE && fbn < need; fbn++) {
    if (img_bmap(&f->img, din, fbn) != 0) {
      last = fbn + 1;
      have += have == fbn;
    }
  }
  if (need > have) {
    // Cutting the size back is safe when no block lies past the first one missing (blocks
    // past the size are cleared below).
    char fix[64];
    snprintf(fix, sizeof(fix), "size cut to %u", have * BSIZE);
    const char *how = last <= have ? fix : NULL;
    int now =
        din->size > MAXFILE_BYTES
            ? problem(f, how, "inode %u: size %u is more than a file can hold (%llu bytes)", inum,
                      din->size, (unsigned long long)MAXFILE_BYTES)
            : problem(f, how, "inode %u: size %u needs %llu blocks, but file block %u has none",
                      inum, din->size, (unsigned long long)need, have);
    if (now) {
      din->size = have * BSIZE;
      need = have;
    }
  }
  size_need = need;
  walk_tree(f, inum, din, check_past_size);
}

static void check_inode(struct fsck *f, uint inum) {
  struct dinode din;
  img_read_inode(&f->img, inum, &din);
  if (din.type == 0)
    return;
  if (inum == 0) {
    if (problem(f, "inode cleared", "inode 0: type %d, but inode 0 is never used", din.type)) {
      memset(&din, 0, sizeof(din));
      img_write_inode(&f->img, inum, &din);
    }
    return;
  }
  if (!known_type(din.type)) {
    // Nothing about it can be trusted, but its blocks stay in use in case it is mendable.
    problem(f, NULL, "inode %u: unknown type %d", inum, din.type);
    claim_blocks(f, inum, &din, 1);
    return;
  }
  struct dinode was = din;
  check_pointers(f, inum, &din);
  check_size(f, inum, &din);
  if (memcmp(&was, &din, sizeof(din)) != 0)
    img_write_inode(&f->img, inum, &din);
  claim_blocks(f, inum, &din, 1);
}

// ---- 4. directories ----

// A directory entry's name as printed: in quotes, bytes other than printable ASCII as \xNN.
struct quoted {
  char s[4 * DIRSIZ + 3];
};

static struct quoted quote(const char name[DIRSIZ]) {
  struct quoted q;
  char *p = q.s;
  *p++ = '"';
  for (int i = 0; i < DIRSIZ && name[i] != '\0'; i++) {
    uchar c = name[i];
    if (c >= ' ' && c < 0x7f && c != '"' && c != '\\')
      *p++ = c;
    else
      p += sprintf(p, "\\x%02x", c);
  }
  *p++ = '"';
  *p = '\0';
  return q;
}

static int name_is(const char name[DIRSIZ], const char *want) {
  return strncmp(name, want, DIRSIZ) == 0;
}

// Entries 0 and 1 must be "." naming the directory and ".." naming its parent. Returns 1 when
// the entry is that and has been dealt with, 0 when it is to be checked as an ordinary entry.
static int check_dot(struct fsck *f, uint dir, uint i, struct dirent *de) {
  const char *want = i == 0 ? "." : "..";
  uint target = i == 0 ? dir : f->parent[dir];
  if (!name_is(de->name, want)) {
    problem(f, NULL, "directory %u: entry %u is %s, not \"%s\"", dir, i, quote(de->name).s, want);
    return 0;
  }
  uint inum = fs_le16(de->inum);
  if (inum != target && problem(f, "corrected", "directory %u: \"%s\" names inode %u, not %u", dir,
                                want, inum, target)) {
    inum = target;
    de->inum = fs_le16(inum);
  }
  if (i == 1 && inum < f->img.sb.ninodes && f->links[inum] < UINT_MAX)
    f->links[inum]++;
  return 1;
}

// Checks an entry other than "." and "..", counts it, and queues a directory it names.
static void check_entry(struct fsck *f, uint dir, uint64 off, struct dirent *de, uint *queued) {
  uint inum = fs_le16(de->inum);
  if (inum == 0)
    return;
  struct quoted name = quote(de->name);
  int clear = 0;
  if (name_is(de->name, ".") || name_is(de->name, "..")) {
    clear = problem(f, "entry cleared", "directory %u: another %s entry, at offset %llu", dir,
                    name.s, (unsigned long long)off);
  } else if (inum >= f->img.sb.ninodes) {
    clear = problem(f, "entry cleared", "directory %u: entry %s names inode %u, past the last (%u)",
                    dir, name.s, inum, f->img.sb.ninodes - 1);
  } else {
    struct dinode din;
    img_read_inode(&f->img, inum, &din);
    if (din.type == 0) {
      clear = problem(f, "entry cleared", "directory %u: entry %s names inode %u, which is free",
                      dir, name.s, inum);
    } else {
      if (de->name[0] == '\0')
        problem(f, NULL, "directory %u: the entry at offset %llu names inode %u but has no name",
                dir, (unsigned long long)off, inum);
      else if (memchr(de->name, '/', DIRSIZ) != NULL)
        problem(f, NULL, "directory %u: entry %s names inode %u but holds a '/'", dir, name.s,
                inum);
      if (f->links[inum] < UINT_MAX)
        f->links[inum]++;
      if (din.type == T_DIR && f->parent[inum] != 0) {
        problem(f, NULL, "directory %u: entry %s names directory %u, already reached from %u", dir,
                name.s, inum, f->parent[inum]);
      } else if (din.type == T_DIR) {
        f->parent[inum] = dir;
        f->queue[(*queued)++] = inum;
      }
    }
  }
  if (clear)
    de->inum = 0;
}

static void check_directory(struct fsck *f, uint dir, uint *queued) {
  struct dinode din;
  img_read_inode(&f->img, dir, &din);
  uint64 n = din.size / sizeof(struct dirent);
  if (n > MAXFILE_BYTES / sizeof(struct dirent))
    n = MAXFILE_BYTES / sizeof(struct dirent); // a size too large for a file was reported
  if (n < 2)
    problem(f, NULL, "directory %u: size %u leaves no room for \".\" and \"..\"", dir, din.size);
  for (uint64 i = 0; i < n; i++) {
    uint64 off = i * sizeof(struct dirent);
    uint b = img_bmap(&f->img, &din, off / BSIZE);
    if (b == 0) {
      if (i < 2)
        problem(f, NULL, "directory %u: its first block is missing", dir);
      i += BSIZE / sizeof(struct dirent) - 1; // a hole, already reported: skip the block
      continue;
    }
    uchar *at = img_block(&f->img, b) + off % BSIZE;
    struct dirent de;
    memcpy(&de, at, sizeof(de));
    f->frozen = f->refs[b] > 1;
    if (i >= 2 || !check_dot(f, dir, i, &de))
      check_entry(f, dir, off, &de, queued);
    f->frozen = 0;
    memcpy(at, &de, sizeof(de)); // unchanged unless repaired
  }
}

// Walks the tree breadth first from the root, each directory once. Returns 0 if there is
// no root directory to start from.
static int check_directories(struct fsck *f) {
  struct dinode root;
  img_read_inode(&f->img, ROOTINO, &root);
  if (root.type != T_DIR) {
    problem(f, NULL, "inode %d: the root, but its type is %d, not a directory", ROOTINO, root.type);
    return 0;
  }
  uint queued = 0;
  f->parent[ROOTINO] = ROOTINO;
  f->queue[queued++] = ROOTINO;
  for (uint next = 0; next < queued; next++)
    check_directory(f, f->queue[next], &queued);
  return 1;
}

// ---- 5. link counts and orphans ----

// Slot i of the orphan list (kernel/fs.h), beside the superblock.
static uchar *orphan_slot(const struct fsck *f, uint i) {
  return img_block(&f->img, 1) + ORPHAN_OFFSET + 4 * i;
}

// Whether an inode that no directory entry names is accounted for: one on the orphan list,
// unlinked while still open when the machine stopped, which the kernel frees at boot.
static int orphan_accounted(const struct fsck *f, uint inum) {
  for (uint i = 0; i < NORPHAN; i++)
    if (get32(orphan_slot(f, i)) == inum)
      return 1;
  return 0;
}

// Every entry of the orphan list names an allocated inode that no entry names and whose link
// count is 0, once. Clearing a bad entry is safe: the kernel would skip it anyway.
static void check_orphan_list(struct fsck *f) {
  f->r->orphans = 0;
  for (uint i = 0; i < NORPHAN; i++) {
    uchar *p = orphan_slot(f, i);
    uint inum = get32(p);
    if (inum == 0)
      continue;
    struct dinode din;
    const char *wrong = NULL;
    if (inum < ROOTINO || inum >= f->img.sb.ninodes) {
      wrong = "does not exist";
    } else {
      img_read_inode(&f->img, inum, &din);
      if (!known_type(din.type))
        wrong = "is free";
      else if (din.nlink != 0 || f->links[inum] != 0 || f->parent[inum] != 0)
        wrong = "still has a name";
      for (uint j = 0; j < i && !wrong; j++)
        if (get32(orphan_slot(f, j)) == inum)
          wrong = "is listed twice";
    }
    if (!wrong) {
      f->r->orphans++;
      continue;
    }
    if (problem(f, "slot cleared", "orphan list slot %u: inode %u %s", i, inum, wrong))
      put32(p, 0);
  }
}

static void check_orphan(struct fsck *f, uint inum, struct dinode *din) {
  if (orphan_accounted(f, inum))
    return;
  if (din->nlink != 0) {
    problem(f, NULL, "inode %u: link count %d, but no directory entry names it", inum, din->nlink);
  } else if (problem(f, "inode freed",
                     "inode %u: an orphan: no directory entry names it and its link count is 0",
                     inum)) {
    // With no links it is what the kernel frees when the last reference goes.
    memset(din, 0, sizeof(*din));
    img_write_inode(&f->img, inum, din);
  }
}

static void check_links(struct fsck *f) {
  for (uint inum = ROOTINO; inum < f->img.sb.ninodes; inum++) {
    struct dinode din;
    img_read_inode(&f->img, inum, &din);
    if (!known_type(din.type))
      continue;
    uint n = f->links[inum];
    if (n == 0 && f->parent[inum] == 0) {
      check_orphan(f, inum, &din);
      continue;
    }
    if ((int)n == din.nlink)
      continue;
    // A link count of 0 would let the kernel free an inode still in use: never set it.
    if (problem(f, n > 0 && n <= SHRT_MAX ? "link count set" : NULL,
                "inode %u: link count %d, but %u directory %s it", inum, din.nlink, n,
                n == 1 ? "entry names" : "entries name")) {
      din.nlink = n;
      img_write_inode(&f->img, inum, &din);
    }
  }
}

// ---- 6. free bitmap ----

static const char *region_of(const struct superblock *sb, uint b) {
  struct layout_region r[LAYOUT_NREGIONS];
  layout_regions(sb, r);
  for (int i = 0; i < LAYOUT_NREGIONS; i++) {
    if (b >= r[i].start && b < r[i].end)
      return r[i].what;
  }
  return "unused metadata";
}

static void check_bitmap(struct fsck *f) {
  const struct superblock *sb = &f->img.sb;
  uint datastart = layout_nmeta(sb);
  memset(f->owner, 0, sizeof(uint) * sb->size);
  for (uint inum = ROOTINO; inum < sb->ninodes; inum++) {
    struct dinode din;
    img_read_inode(&f->img, inum, &din);
    if (din.type != 0) {
      claim_blocks(f, inum, &din, 0);
      f->r->inodes_used++;
    }
  }
  for (uint b = 0; b < sb->size; b++) {
    int used = b < datastart || f->owner[b] != 0;
    int marked = img_block_used(&f->img, b);
    f->r->data_used += b >= datastart && used;
    if (used == marked)
      continue;
    int fix;
    if (!used)
      fix = problem(f, "marked free", "block %u: marked in use, but no inode uses it", b);
    else if (b < datastart)
      fix =
          problem(f, "marked in use", "block %u: a %s block, but marked free", b, region_of(sb, b));
    else
      fix = problem(f, "marked in use", "block %u: used by inode %u, but marked free", b,
                    f->owner[b]);
    if (fix)
      img_mark_block(&f->img, b, used);
  }
  // The last bitmap block has bits for blocks past the end, which must stay clear.
  uint bits = (sb->size + BPB - 1) / BPB * BPB;
  for (uint b = sb->size; b < bits; b++) {
    if (img_block_used(&f->img, b) &&
        problem(f, "marked free", "block %u: past the last block (%u), but marked in use", b,
                sb->size - 1))
      img_mark_block(&f->img, b, 0);
  }
}

// One round of passes 3 to 6.
static void check_files(struct fsck *f) {
  uint size = f->img.sb.size, ninodes = f->img.sb.ninodes;
  memset(f->owner, 0, size * sizeof(uint));
  memset(f->refs, 0, size);
  memset(f->parent, 0, ninodes * sizeof(uint));
  memset(f->links, 0, ninodes * sizeof(uint));
  f->r->inodes_used = f->r->data_used = 0;
  count_refs(f);
  for (uint inum = 0; inum < ninodes; inum++)
    check_inode(f, inum);
  if (check_directories(f)) {
    check_orphan_list(f);
    check_links(f);
  }
  check_bitmap(f);
}

// A repair can make another possible: a pointer cleared in one inode leaves a block no longer
// shared with one looked at before. So repairing goes round again until a round fixes nothing
// (a bound keeps that finite whatever the image).
#define MAX_ROUNDS 8

int fsck_check(uchar *disk, uint64 len, int repair, FILE *out, struct fsck_report *r) {
  memset(r, 0, sizeof(*r));
  struct fsck f = {.repair = repair, .out = out, .r = r};
  f.img.disk = disk;
  int ok = 1;
  if (check_superblock(&f, len) < 0) {
    r->fatal = 1;
  } else {
    check_log(&f);
    uint ninodes = f.img.sb.ninodes;
    f.owner = calloc(f.img.sb.size, sizeof(uint));
    f.refs = calloc(f.img.sb.size, 1);
    f.parent = calloc(ninodes, sizeof(uint));
    f.links = calloc(ninodes, sizeof(uint));
    f.queue = calloc(ninodes, sizeof(uint));
    ok = f.owner && f.parent && f.links && f.queue && f.refs;
    for (int round = 0; ok && round < MAX_ROUNDS; round++) {
      f.fixed_now = 0;
      check_files(&f);
      if (f.fixed_now == 0)
        break;
    }
  }
  ok = ok && !f.nomem;
  free(f.owner);
  free(f.refs);
  free(f.parent);
  free(f.links);
  free(f.queue);
  seen_free(&f.seen);
  return ok ? (int)r->problems : -1;
}
