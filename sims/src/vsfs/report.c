#include "report.h"

#include <stdlib.h>
#include <string.h>

static void bits(linebuf *b, const unsigned char *map, long long n, char one, char zero) {
  for (long long i = 0; i < n; i++)
    lb_char(b, map[i] ? one : zero);
}

static char type_letter(vsfs_type t) {
  return t == VSFS_DIR ? 'd' : 'f';
}

void vsfs_dump(linebuf *b, const vsfs_fs *fs) {
  lb_str(b, "inode bitmap  ");
  bits(b, fs->ibitmap, fs->ninodes, '1', '0');
  lb_str(b, "\ninodes       ");
  for (long long i = 0; i < fs->ninodes; i++) {
    const vsfs_inode *n = &fs->inodes[i];
    if (n->type == VSFS_FREE) {
      lb_str(b, "[]");
      continue;
    }
    lb_char(b, '[');
    lb_char(b, type_letter(n->type));
    lb_str(b, " a:");
    lb_int(b, n->addr, 0);
    lb_str(b, " r:");
    lb_int(b, n->refs, 0);
    lb_char(b, ']');
  }
  lb_str(b, "\ndata bitmap   ");
  bits(b, fs->dbitmap, fs->ndata, '1', '0');
  lb_str(b, "\ndata         ");
  for (long long i = 0; i < fs->ndata; i++) {
    const vsfs_block *blk = &fs->blocks[i];
    lb_char(b, '[');
    if (blk->type == VSFS_FILE) {
      lb_char(b, blk->data);
    } else if (blk->type == VSFS_DIR) {
      for (int k = 0; k < blk->used; k++) {
        if (k > 0)
          lb_char(b, ' ');
        lb_char(b, '(');
        lb_str(b, blk->entries[k].name);
        lb_char(b, ',');
        lb_int(b, blk->entries[k].inum, 0);
        lb_char(b, ')');
      }
    }
    lb_char(b, ']');
  }
  lb_char(b, '\n');
}

void vsfs_op_text(linebuf *b, const vsfs_op *op) {
  switch (op->kind) {
  case OP_APPEND:
    lb_str(b, "fd=open(\"");
    lb_str(b, op->path);
    lb_str(b, "\", O_WRONLY|O_APPEND); write(fd, buf, BLOCKSIZE); close(fd);");
    break;
  case OP_UNLINK:
    lb_str(b, "unlink(\"");
    lb_str(b, op->path);
    lb_str(b, "\");");
    break;
  case OP_LINK:
    lb_str(b, "link(\"");
    lb_str(b, op->target);
    lb_str(b, "\", \"");
    lb_str(b, op->path);
    lb_str(b, "\");");
    break;
  case OP_MKDIR:
  case OP_CREAT:
    lb_str(b, op->kind == OP_MKDIR ? "mkdir(\"" : "creat(\"");
    lb_str(b, op->path);
    lb_str(b, "\");");
    break;
  }
}

/* ---- picture ------------------------------------------------------------ */

static void describe(linebuf *b, const vsfs_fs *fs, long long inum) {
  const vsfs_inode *n = &fs->inodes[inum];
  lb_str(b, " (inode ");
  lb_int(b, inum, 0);
  if (n->addr == -1) {
    lb_str(b, ", empty");
  } else {
    lb_str(b, ", block ");
    lb_int(b, n->addr, 0);
    if (n->type == VSFS_FILE) {
      lb_str(b, " '");
      lb_char(b, fs->blocks[n->addr].data);
      lb_char(b, '\'');
    }
  }
  long long links = n->refs;
  if (n->type == VSFS_FILE && links > 1) {
    lb_str(b, ", ");
    lb_int(b, links, 0);
    lb_str(b, " links");
  }
  lb_str(b, ")\n");
}

typedef struct {
  linebuf prefix;
  long long lines, skipped;
} tree_walk;

static void tree(linebuf *b, const vsfs_fs *fs, long long dir, tree_walk *w, int depth) {
  const vsfs_block *blk = &fs->blocks[fs->inodes[dir].addr];
  int last = -1;
  for (int k = 0; k < blk->used; k++)
    if (blk->entries[k].name[0] != '.')
      last = k;
  for (int k = 0; k <= last; k++) {
    const vsfs_entry *e = &blk->entries[k];
    if (e->name[0] == '.')
      continue;
    bool is_dir = fs->inodes[e->inum].type == VSFS_DIR;
    if (w->lines >= PICTURE_TREE_LINES) {
      w->skipped++;
    } else {
      w->lines++;
      lb_str(b, "  ");
      for (size_t i = 0; i < w->prefix.len; i++)
        lb_char(b, w->prefix.text[i]);
      lb_str(b, k == last ? "`-- " : "|-- ");
      lb_str(b, e->name);
      if (is_dir)
        lb_char(b, '/');
      describe(b, fs, e->inum);
    }
    if (is_dir && depth < 1000) {
      size_t keep = w->prefix.len;
      lb_str(&w->prefix, k == last ? "    " : "|   ");
      tree(b, fs, e->inum, w, depth + 1);
      w->prefix.len = keep;
    }
  }
}

void vsfs_picture(linebuf *b, const vsfs_fs *fs) {
  lb_str(b, "  inodes [");
  bits(b, fs->ibitmap, fs->ninodes, '#', '.');
  lb_str(b, "]  data [");
  bits(b, fs->dbitmap, fs->ndata, '#', '.');
  lb_str(b, "]\n  /");
  describe(b, fs, 0);
  tree_walk w = {0};
  lb_init(&w.prefix);
  tree(b, fs, 0, &w, 0);
  if (w.skipped) {
    lb_str(b, "  ... ");
    lb_int(b, w.skipped, 0);
    lb_str(b, " more names\n");
  }
  lb_free(&w.prefix);
}

/* ---- JSON --------------------------------------------------------------- */

static const char *type_name(vsfs_type t) {
  return t == VSFS_DIR ? "d" : t == VSFS_FILE ? "f" : "free";
}

static void json_bits(json_writer *w, const char *key, const unsigned char *map, long long n) {
  char *s = malloc((size_t)n + 1);
  if (!s)
    return;
  for (long long i = 0; i < n; i++)
    s[i] = map[i] ? '1' : '0';
  s[n] = '\0';
  json_kv_string(w, key, s);
  free(s);
}

void vsfs_json_state(json_writer *w, const vsfs_fs *fs) {
  json_object_begin(w);
  json_bits(w, "inode_bitmap", fs->ibitmap, fs->ninodes);
  json_key(w, "inodes");
  json_array_begin(w);
  for (long long i = 0; i < fs->ninodes; i++) {
    const vsfs_inode *n = &fs->inodes[i];
    json_object_begin_compact(w);
    json_kv_int(w, "inode", i);
    json_kv_string(w, "type", type_name(n->type));
    if (n->type != VSFS_FREE) {
      json_kv_int(w, "addr", n->addr);
      json_kv_int(w, "refs", n->refs);
    }
    json_object_end(w);
  }
  json_array_end(w);
  json_bits(w, "data_bitmap", fs->dbitmap, fs->ndata);
  json_key(w, "data");
  json_array_begin(w);
  for (long long i = 0; i < fs->ndata; i++) {
    const vsfs_block *blk = &fs->blocks[i];
    json_object_begin_compact(w);
    json_kv_int(w, "block", i);
    json_kv_string(w, "type", type_name(blk->type));
    if (blk->type == VSFS_FILE) {
      char s[2] = {blk->data, '\0'};
      json_kv_string(w, "data", s);
    } else if (blk->type == VSFS_DIR) {
      json_key(w, "entries");
      json_array_begin_compact(w);
      for (int k = 0; k < blk->used; k++) {
        json_object_begin_compact(w);
        json_kv_string(w, "name", blk->entries[k].name);
        json_kv_int(w, "inode", blk->entries[k].inum);
        json_object_end(w);
      }
      json_array_end(w);
    }
    json_object_end(w);
  }
  json_array_end(w);
  json_object_end(w);
}
