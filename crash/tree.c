// The file tree of an image, for the crash-state explorer's oracle (see tree.h). Reads the
// image with mkfs/layout.c, the host's one description of the disk format.
#include <stdlib.h>
#include <string.h>

#include "kernel/types.h"
#include "kernel/fs.h"
#include "kernel/stat.h"
#include "mkfs/layout.h"
#include "crash/tree.h"

#define MAX_DEPTH 32

struct lines {
  char **v;
  int n, cap;
};

static void add(struct lines *l, char *s) {
  if (l->n == l->cap) {
    l->cap = l->cap ? 2 * l->cap : 64;
    l->v = realloc(l->v, l->cap * sizeof(char *));
    if (l->v == NULL)
      abort();
  }
  l->v[l->n++] = s;
}

// A 64-bit hash of the file's bytes, eight at a time (every state hashes every file).
static uint64 content_hash(const struct fsimage *img, uint inum, uint size) {
  uint64 h = 1469598103934665603ULL;
  uint64 buf[BSIZE / 8];
  if (size > MAXFILE_BYTES)
    size = MAXFILE_BYTES;
  for (uint off = 0; off < size; off += BSIZE) {
    uint n = size - off < BSIZE ? size - off : BSIZE;
    memset(buf, 0, sizeof(buf));
    if (img_read(img, inum, off, buf, n) < 0)
      memset(buf, 0, n);
    for (uint i = 0; i < (n + 7) / 8; i++) {
      h = (h ^ buf[i]) * 0x9E3779B97F4A7C15ULL;
      h ^= h >> 29;
    }
  }
  return h ^ size;
}

// One walk of an image's tree.
struct walk {
  const struct fsimage *img;
  uchar *seen;       // directories reached so far, by inode number
  struct lines *out; // the lines
  int content;       // hash each file's content into its line
  int damaged;       // a name leads to a bad inode, or a directory is reached twice
};

static void entry(struct walk *w, uint inum, const char *path, int depth);

static void walk_dir(struct walk *w, uint dir, const struct dinode *din, const char *path,
                     int depth) {
  const struct fsimage *img = w->img;
  uint size = din->size > MAXFILE_BYTES ? MAXFILE_BYTES : din->size;
  for (uint off = 0; off + sizeof(struct dirent) <= size; off += sizeof(struct dirent)) {
    struct dirent de;
    if (img_read(img, dir, off, &de, sizeof(de)) < 0)
      break;
    uint inum = fs_le16(de.inum);
    if (inum == 0)
      continue;
    char name[DIRSIZ + 1];
    memcpy(name, de.name, DIRSIZ);
    name[DIRSIZ] = 0;
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
      continue;
    char child[4096];
    snprintf(child, sizeof(child), "%s%s%s", path, strcmp(path, "/") ? "/" : "", name);
    entry(w, inum, child, depth + 1);
  }
}

static void entry(struct walk *w, uint inum, const char *path, int depth) {
  const struct fsimage *img = w->img;
  char line[4200];
  if (inum >= img->sb.ninodes) {
    snprintf(line, sizeof(line), "%s bad-inode %u", path, inum);
    w->damaged = 1;
    add(w->out, strdup(line));
    return;
  }
  struct dinode din;
  img_read_inode(img, inum, &din);
  short type = din.type, nlink = din.nlink;
  uint size = din.size;
  const char *tn = type == T_DIR       ? "dir"
                   : type == T_FILE    ? "file"
                   : type == T_DEVICE  ? "dev"
                   : type == T_SYMLINK ? "link"
                                       : "free";
  if (type == T_SYMLINK) {
    // A link is the path it holds (at most MAXPATH - 1 bytes in a sound one).
    char target[128];
    uint n = size < sizeof(target) - 1 ? size : sizeof(target) - 1;
    if (img_read(img, inum, 0, target, n) < 0)
      n = 0;
    target[n] = '\0';
    snprintf(line, sizeof(line), "%s link %u %d -> %s", path, size, nlink, target);
  } else if (type == T_DIR)
    snprintf(line, sizeof(line), "%s dir %u %d", path, size, nlink);
  else if (type == T_FILE && w->content)
    snprintf(line, sizeof(line), "%s file %u %d %016llx", path, size, nlink,
             (unsigned long long)content_hash(img, inum, size));
  else
    snprintf(line, sizeof(line), "%s %s %u %d", path, tn, size, nlink);
  add(w->out, strdup(line));
  if (type != T_DIR)
    return;
  if (w->seen[inum] || depth >= MAX_DEPTH) {
    w->damaged = 1; // a directory reached twice: a loop, or a second name
    return;
  }
  w->seen[inum] = 1;
  walk_dir(w, inum, &din, path, depth);
}

static int by_path(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static struct fsimage image_at(const uchar *disk) {
  struct fsimage img;
  memset(&img, 0, sizeof(img));
  img.disk = (uchar *)disk;
  sb_decode(disk + BSIZE, &img.sb);
  return img;
}

char *tree_of(const uchar *disk, uint64 len, int *damaged) {
  return tree_lines(disk, len, damaged, 1);
}

// Whether every region the superblock names lies inside an image of len bytes: only then can
// the tree be read (a crash state's block 1 may hold anything).
static int superblock_fits(const struct superblock *sb, uint64 len) {
  if (sb->magic != FSMAGIC || sb->size > len / BSIZE || sb->ninodes <= ROOTINO ||
      sb->nblocks > sb->size)
    return 0;
  struct layout_region r[LAYOUT_NREGIONS];
  layout_regions(sb, r);
  for (int i = 0; i < LAYOUT_NREGIONS; i++)
    if (r[i].end > sb->size)
      return 0;
  return 1;
}

char *tree_lines(const uchar *disk, uint64 len, int *damaged, int content) {
  struct fsimage img = image_at(disk);
  int fits = len >= 2 * BSIZE && superblock_fits(&img.sb, len);
  uchar *seen = calloc(fits ? img.sb.ninodes : 1, 1);
  struct lines l = {0};
  if (seen == NULL)
    abort();
  struct walk w = {.img = &img, .seen = seen, .out = &l, .content = content};
  if (fits) {
    entry(&w, ROOTINO, "/", 0);
  } else {
    add(&l, strdup("/ superblock-damaged"));
    w.damaged = 1;
  }
  qsort(l.v, l.n, sizeof(char *), by_path);
  size_t total = 1;
  for (int i = 0; i < l.n; i++)
    total += strlen(l.v[i]) + 1;
  char *s = malloc(total), *p = s;
  if (s == NULL)
    abort();
  for (int i = 0; i < l.n; i++) {
    size_t n = strlen(l.v[i]);
    memcpy(p, l.v[i], n);
    p[n] = '\n';
    p += n + 1;
    free(l.v[i]);
  }
  *p = 0;
  free(l.v);
  free(seen);
  if (damaged)
    *damaged = w.damaged;
  return s;
}

// The inode a path names in an image (0 if none). Paths are those of tree lines.
static uint lookup(const struct fsimage *img, const char *path) {
  uint inum = ROOTINO;
  char name[DIRSIZ + 1];
  for (const char *p = path; *p && inum;) {
    while (*p == '/')
      p++;
    if (!*p)
      break;
    const char *end = strchr(p, '/');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    if (n > DIRSIZ)
      return 0;
    memcpy(name, p, n);
    name[n] = 0;
    struct dinode din;
    img_read_inode(img, inum, &din);
    inum = din.type == T_DIR ? img_lookup(img, inum, name) : 0;
    if (inum >= img->sb.ninodes)
      return 0;
    p += n;
  }
  return inum;
}

// Whether block bn of the file at path holds the same first len bytes in images a and b.
static int same_bytes(const struct fsimage *a, const struct fsimage *b, const char *path, uint bn,
                      uint len) {
  uint ia = lookup(a, path), ib = lookup(b, path);
  if (ia == 0 || ib == 0)
    return 0;
  struct dinode da, db;
  img_read_inode(a, ia, &da);
  img_read_inode(b, ib, &db);
  if (da.type != T_FILE || db.type != T_FILE || db.size < bn * BSIZE + len)
    return 0;
  uchar x[BSIZE], y[BSIZE];
  if (img_read(a, ia, bn * BSIZE, x, len) != (int)len ||
      img_read(b, ib, bn * BSIZE, y, len) != (int)len)
    return 0;
  return memcmp(x, y, len) == 0;
}

int tree_data_within(const uchar *got, const uchar *const *ck, int nck, char *why, int whylen) {
  struct fsimage g = image_at(got);
  struct fsimage *c = malloc(nck * sizeof(*c));
  if (c == NULL)
    abort();
  for (int t = 0; t < nck; t++)
    c[t] = image_at(ck[t]);
  char *lines = tree_lines(got, 0, NULL, 0);
  int ok = 1;
  for (char *line = lines; ok && *line;) {
    char *nl = strchr(line, '\n');
    *nl = 0;
    char path[4200];
    uint size;
    int nlink;
    if (sscanf(line, "%4199s file %u %d", path, &size, &nlink) == 3) {
      for (uint bn = 0; ok && bn * BSIZE < size; bn++) {
        uint len = size - bn * BSIZE < BSIZE ? size - bn * BSIZE : BSIZE;
        int found = 0;
        for (int t = 0; t < nck && !found; t++)
          found = same_bytes(&g, &c[t], path, bn, len);
        if (!found) {
          snprintf(why, whylen, "block %u of %s", bn, path);
          ok = 0;
        }
      }
    }
    line = nl + 1;
  }
  free(lines);
  free(c);
  return ok;
}

// The next line of *p (without its newline) into a malloc'd string, or NULL at the end.
static char *next_line(const char **p) {
  if (**p == 0)
    return NULL;
  const char *nl = strchr(*p, '\n');
  size_t n = nl ? (size_t)(nl - *p) : strlen(*p);
  char *s = strndup(*p, n);
  *p += n + (nl != NULL);
  return s;
}

void tree_diff(FILE *out, const char *indent, const char *want, const char *got) {
  char *w = next_line(&want), *g = next_line(&got);
  int shown = 0, more = 0;
  while (w || g) {
    // Past 12 lines, only count them: a state that lost its root differs everywhere.
    FILE *to = shown < 12 ? out : NULL;
    int c = !w ? 1 : !g ? -1 : strcmp(w, g);
    if (c == 0) {
      free(w);
      free(g);
      w = next_line(&want);
      g = next_line(&got);
    } else if (c < 0) {
      if (to)
        fprintf(to, "%s- %s\n", indent, w);
      shown++;
      more += !to;
      free(w);
      w = next_line(&want);
    } else {
      if (to)
        fprintf(to, "%s+ %s\n", indent, g);
      shown++;
      more += !to;
      free(g);
      g = next_line(&got);
    }
  }
  if (more)
    fprintf(out, "%s... and %d more lines\n", indent, more);
}
