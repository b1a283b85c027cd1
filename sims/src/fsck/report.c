#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "linebuf.h"

/* --- the original's text ------------------------------------------------- */

static void put_inode(linebuf *b, const fsck_inode *ino) {
  if (ino->type == FSCK_FREE) {
    lb_str(b, "[]");
    return;
  }
  lb_char(b, '[');
  lb_char(b, (char)ino->type);
  lb_str(b, " a:");
  lb_int(b, ino->addr, 0);
  lb_str(b, " r:");
  lb_int(b, ino->refs, 0);
  lb_char(b, ']');
}

static void put_block(linebuf *b, const fsck_block *blk) {
  lb_char(b, '[');
  if (blk->type == FSCK_FILE) {
    lb_char(b, blk->data);
  } else if (blk->type == FSCK_DIR) {
    for (int i = 0; i < blk->nentries; i++) {
      if (i > 0)
        lb_char(b, ' ');
      lb_char(b, '(');
      lb_str(b, blk->entries[i].name);
      lb_char(b, ',');
      lb_int(b, blk->entries[i].inum, 0);
      lb_char(b, ')');
    }
  }
  lb_char(b, ']');
}

void fsck_print_state(const fsck_fs *fs, FILE *out) {
  linebuf b;
  lb_init(&b);
  lb_str(&b, "inode bitmap ");
  lb_str(&b, fs->ibitmap.bits);
  lb_str(&b, "\ninodes       ");
  for (long long i = 0; i < fs->ninodes; i++) {
    put_inode(&b, &fs->inodes[i]);
    lb_char(&b, ' ');
    if (b.len > 65536)
      lb_flush(&b, out);
  }
  lb_str(&b, "\ndata bitmap  ");
  lb_str(&b, fs->dbitmap.bits);
  lb_str(&b, "\ndata         ");
  for (long long i = 0; i < fs->ndata; i++) {
    put_block(&b, &fs->data[i]);
    lb_char(&b, ' ');
    if (b.len > 65536)
      lb_flush(&b, out);
  }
  lb_char(&b, '\n');
  lb_flush(&b, out);
  lb_free(&b);
}

/* Python's repr of a directory's list of (name, inum) tuples. */
static void print_entry_list(const fsck_block *blk, const fsck_corruption *c, FILE *out) {
  fputc('[', out);
  for (int i = 0; i < blk->nentries; i++) {
    /* the list is printed before the entry is altered */
    const fsck_dirent *e = i == c->entry ? &c->before : &blk->entries[i];
    fprintf(out, "%s('%s', %lld)", i ? ", " : "", e->name, e->inum);
  }
  fputc(']', out);
}

void fsck_print_corruption(const fsck_fs *fs, const fsck_corruption *c, FILE *out) {
  switch (c->kind) {
  case FSCK_C_DATA_BITMAP: fprintf(out, "DATA BITMAP corrupt bit %lld\n", c->bit); break;
  case FSCK_C_INODE_BITMAP: fprintf(out, "INODE BITMAP corrupt bit %lld\n", c->bit); break;
  case FSCK_C_FILE_REFCNT:
  case FSCK_C_DIR_REFCNT:
    fprintf(out, "INODE %lld refcnt %s\n", c->inode, c->delta > 0 ? "increased" : "decreased");
    break;
  case FSCK_C_FILE_ORPHAN:
  case FSCK_C_DIR_ORPHAN: fprintf(out, "INODE %lld orphan\n", c->inode); break;
  case FSCK_C_FILE_DEAD_BLOCK:
  case FSCK_C_DIR_DEAD_BLOCK:
    fprintf(out, "INODE %lld points to dead block %lld\n", c->inode, c->block);
    break;
  case FSCK_C_FILE_TYPE:
  case FSCK_C_DIR_TYPE:
    /* the original says this for both directions */
    fprintf(out, "INODE %lld was type file, now dir\n", c->inode);
    break;
  default:
    fprintf(out, "INODE %lld with directory ", c->inode);
    print_entry_list(&fs->data[c->block], c, out);
    fprintf(out, ":\n  entry ('%s', %lld) altered to refer to ", c->before.name, c->before.inum);
    if (c->kind == FSCK_C_ENTRY_INODE)
      fprintf(out, "unallocated inode (%lld)\n", c->after.inum);
    else
      fprintf(out, "different name (%s)\n", c->after.name);
    break;
  }
}

static void print_path_list(const fsck_fs *fs, bool files, FILE *out) {
  size_t n = files ? fsck_nfiles(fs) : fs->ndirs;
  fputc('[', out);
  for (size_t i = 0; i < n; i++) {
    if (i)
      fputs(", ", out);
    if (files) {
      char *p = fsck_file_path(fs, fsck_file_at(fs, i));
      fprintf(out, "'%s'", p ? p : "?");
      free(p);
    } else {
      fprintf(out, "'%s'", fs->dirs[i].path);
    }
  }
  fputc(']', out);
}

void fsck_print_files(const fsck_fs *fs, FILE *out) {
  print_path_list(fs, true, out);
}

void fsck_print_dirs(const fsck_fs *fs, FILE *out) {
  print_path_list(fs, false, out);
}

/* --- the picture --------------------------------------------------------- */

#define PICTURE_ROW 64

static const char *type_word(fsck_type t) {
  return t == FSCK_FILE ? "file" : t == FSCK_DIR ? "dir" : "free";
}

/* A bitmap in rows of PICTURE_ROW bits; a caret under the flipped bit. */
static void picture_bitmap(const char *title, const fsck_bitmap *bm, long long marked, FILE *out) {
  fprintf(out, "%s\n", title);
  for (long long row = 0; row < bm->size; row += PICTURE_ROW) {
    long long n = bm->size - row < PICTURE_ROW ? bm->size - row : PICTURE_ROW;
    fprintf(out, "  %6lld  %.*s\n", row, (int)n, bm->bits + row);
    if (marked >= row && marked < row + n)
      fprintf(out, "> %6s  %*s^ bit %lld flipped, now %c\n", "", (int)(marked - row), "", marked,
              bm->bits[marked]);
  }
}

/* The inode or block a corruption touched, and what to say about it. */
typedef struct {
  long long ibit, dbit, inode, block;
  char inode_note[96], block_note[96];
} picture_marks;

static picture_marks marks_of(const fsck_fs *fs, const fsck_corruption *c) {
  picture_marks m = {-1, -1, -1, -1, "", ""};
  if (!c)
    return m;
  switch (c->kind) {
  case FSCK_C_DATA_BITMAP:
    m.dbit = m.block = c->bit;
    snprintf(m.block_note, sizeof m.block_note, "the data bitmap now says %s",
             fs->dbitmap.bits[c->bit] == '1' ? "allocated" : "free");
    break;
  case FSCK_C_INODE_BITMAP:
    m.ibit = m.inode = c->bit;
    snprintf(m.inode_note, sizeof m.inode_note, "the inode bitmap now says %s",
             fs->ibitmap.bits[c->bit] == '1' ? "allocated" : "free");
    break;
  case FSCK_C_FILE_REFCNT:
  case FSCK_C_DIR_REFCNT:
    m.inode = c->inode;
    snprintf(m.inode_note, sizeof m.inode_note, "refcnt %s by one",
             c->delta > 0 ? "increased" : "decreased");
    break;
  case FSCK_C_FILE_ORPHAN:
  case FSCK_C_DIR_ORPHAN:
    m.inode = c->inode;
    snprintf(m.inode_note, sizeof m.inode_note, "orphan: a free inode made live, in no directory");
    break;
  case FSCK_C_FILE_DEAD_BLOCK:
  case FSCK_C_DIR_DEAD_BLOCK:
    m.inode = c->inode;
    m.block = c->block;
    snprintf(m.inode_note, sizeof m.inode_note, "now points to free block %lld (was %lld)",
             c->block, c->old_addr);
    snprintf(m.block_note, sizeof m.block_note, "free, yet inode %lld points here", c->inode);
    break;
  case FSCK_C_FILE_TYPE:
  case FSCK_C_DIR_TYPE:
    m.inode = c->inode;
    snprintf(m.inode_note, sizeof m.inode_note, "type changed from %s", type_word(c->old_type));
    break;
  default:
    m.block = c->block;
    if (c->kind == FSCK_C_ENTRY_INODE)
      snprintf(m.block_note, sizeof m.block_note,
               "entry '%s' now refers to unallocated inode %lld (was %lld)", c->before.name,
               c->after.inum, c->before.inum);
    else
      snprintf(m.block_note, sizeof m.block_note, "entry '%s' (inode %lld) renamed to '%s'",
               c->before.name, c->before.inum, c->after.name);
    break;
  }
  return m;
}

void fsck_print_picture(const fsck_fs *fs, const fsck_corruption *c, bool mark, FILE *out) {
  picture_marks m = marks_of(fs, mark ? c : NULL);
  if (!c)
    fprintf(out, "\nThe file system (not corrupted):\n\n");
  else if (mark)
    fprintf(out, "\nThe file system after the corruption ('>' marks what changed):\n\n");
  else
    fprintf(out, "\nThe file system after the corruption (which structure is wrong?):\n\n");

  picture_bitmap("inode bitmap", &fs->ibitmap, m.ibit, out);
  fprintf(out, "inodes (allocated in the bitmap or in use)\n");
  linebuf b;
  lb_init(&b);
  for (long long i = 0; i < fs->ninodes; i++) {
    const fsck_inode *ino = &fs->inodes[i];
    bool marked = i == m.inode;
    if (ino->type == FSCK_FREE && fs->ibitmap.bits[i] == '0' && !marked)
      continue;
    fprintf(out, "%c %6lld  %-4s", marked ? '>' : ' ', i, type_word(ino->type));
    if (ino->type != FSCK_FREE)
      fprintf(out, "  a:%-5lld r:%lld", ino->addr, ino->refs);
    if (i == m.inode)
      fprintf(out, "   <- %s", m.inode_note);
    fputc('\n', out);
  }
  picture_bitmap("data bitmap", &fs->dbitmap, m.dbit, out);
  fprintf(out, "data blocks (allocated in the bitmap or in use)\n");
  for (long long i = 0; i < fs->ndata; i++) {
    const fsck_block *blk = &fs->data[i];
    bool marked = i == m.block;
    if (blk->type == FSCK_FREE && fs->dbitmap.bits[i] == '0' && !marked)
      continue;
    lb_clear(&b);
    put_block(&b, blk);
    fprintf(out, "%c %6lld  %-4s  %.*s", marked ? '>' : ' ', i, type_word(blk->type), (int)b.len,
            b.text);
    if (i == m.block)
      fprintf(out, "   <- %s", m.block_note);
    fputc('\n', out);
  }
  lb_free(&b);
}

/* --- JSON ---------------------------------------------------------------- */

static const char *const kind_names[FSCK_NCORRUPTIONS] = {
    "data_bitmap", "inode_bitmap", "file_refcnt", "file_orphan", "file_dead_block", "file_type",
    "entry_inode", "entry_name",   "dir_refcnt",  "dir_orphan",  "dir_dead_block",  "dir_type",
};

const char *fsck_kind_name(int kind) {
  return kind >= 0 && kind < FSCK_NCORRUPTIONS ? kind_names[kind] : "none";
}

static void json_type(json_writer *w, fsck_type t) {
  json_kv_string(w, "type", type_word(t));
}

void fsck_json_state(json_writer *w, const char *key, const fsck_fs *fs) {
  json_key(w, key);
  json_object_begin(w);
  json_kv_string(w, "inode_bitmap", fs->ibitmap.bits);
  json_key(w, "inodes");
  json_array_begin(w);
  for (long long i = 0; i < fs->ninodes; i++) {
    const fsck_inode *ino = &fs->inodes[i];
    if (ino->type == FSCK_FREE)
      continue;
    json_object_begin_compact(w);
    json_kv_int(w, "inode", i);
    json_type(w, ino->type);
    json_kv_int(w, "addr", ino->addr);
    json_kv_int(w, "refs", ino->refs);
    json_object_end(w);
  }
  json_array_end(w);
  json_kv_string(w, "data_bitmap", fs->dbitmap.bits);
  json_key(w, "data");
  json_array_begin(w);
  for (long long i = 0; i < fs->ndata; i++) {
    const fsck_block *blk = &fs->data[i];
    if (blk->type == FSCK_FREE)
      continue;
    json_object_begin_compact(w);
    json_kv_int(w, "block", i);
    json_type(w, blk->type);
    if (blk->type == FSCK_FILE) {
      char s[2] = {blk->data, '\0'};
      json_kv_string(w, "data", s);
    } else {
      json_key(w, "entries");
      json_array_begin_compact(w);
      for (int e = 0; e < blk->nentries; e++) {
        json_object_begin_compact(w);
        json_kv_string(w, "name", blk->entries[e].name);
        json_kv_int(w, "inode", blk->entries[e].inum);
        json_object_end(w);
      }
      json_array_end(w);
    }
    json_object_end(w);
  }
  json_array_end(w);
  json_object_end(w);
}

void fsck_json_corruption(json_writer *w, const fsck_fs *fs, const fsck_corruption *c) {
  json_key(w, "corruption");
  if (!c) {
    json_null(w);
    return;
  }
  json_object_begin(w);
  json_kv_int(w, "number", c->kind);
  json_kv_string(w, "kind", fsck_kind_name(c->kind));
  char *text = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&text, &len);
  if (mem) {
    fsck_print_corruption(fs, c, mem);
    fclose(mem);
    if (len > 0 && text[len - 1] == '\n')
      text[len - 1] = '\0';
    json_kv_string(w, "answer", text);
  }
  free(text);
  switch (c->kind) {
  case FSCK_C_DATA_BITMAP:
  case FSCK_C_INODE_BITMAP: json_kv_int(w, "bit", c->bit); break;
  case FSCK_C_FILE_REFCNT:
  case FSCK_C_DIR_REFCNT:
    json_kv_int(w, "inode", c->inode);
    json_kv_int(w, "refs_change", c->delta);
    break;
  case FSCK_C_FILE_ORPHAN:
  case FSCK_C_DIR_ORPHAN: json_kv_int(w, "inode", c->inode); break;
  case FSCK_C_FILE_DEAD_BLOCK:
  case FSCK_C_DIR_DEAD_BLOCK:
    json_kv_int(w, "inode", c->inode);
    json_kv_int(w, "old_addr", c->old_addr);
    json_kv_int(w, "new_addr", c->block);
    break;
  case FSCK_C_FILE_TYPE:
  case FSCK_C_DIR_TYPE:
    json_kv_int(w, "inode", c->inode);
    json_kv_string(w, "old_type", type_word(c->old_type));
    json_kv_string(w, "new_type", type_word(c->old_type == FSCK_FILE ? FSCK_DIR : FSCK_FILE));
    break;
  default:
    json_kv_int(w, "inode", c->inode);
    json_kv_int(w, "block", c->block);
    json_kv_int(w, "entry", c->entry);
    json_key(w, "before");
    json_object_begin_compact(w);
    json_kv_string(w, "name", c->before.name);
    json_kv_int(w, "inode", c->before.inum);
    json_object_end(w);
    json_key(w, "after");
    json_object_begin_compact(w);
    json_kv_string(w, "name", c->after.name);
    json_kv_int(w, "inode", c->after.inum);
    json_object_end(w);
    break;
  }
  json_object_end(w);
}

static void json_paths(json_writer *w, const fsck_fs *fs, bool files) {
  size_t n = files ? fsck_nfiles(fs) : fs->ndirs;
  json_array_begin_compact(w);
  for (size_t i = 0; i < n; i++) {
    if (files) {
      char *p = fsck_file_path(fs, fsck_file_at(fs, i));
      json_string(w, p ? p : "?");
      free(p);
    } else {
      json_string(w, fs->dirs[i].path);
    }
  }
  json_array_end(w);
}

void fsck_json_end(json_writer *w, const fsck_fs *fs) {
  json_key(w, "files");
  json_paths(w, fs, true);
  json_key(w, "directories");
  json_paths(w, fs, false);
  json_object_end(w);
  json_finish(w);
}
