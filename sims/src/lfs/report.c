/* lfs's block listing, picture and JSON blocks; see report.h. */
#include "report.h"

#include <string.h>

#include "linebuf.h"

static void put_entry(linebuf *b, int32_t v) {
  if (v != -1) {
    lb_int(b, v, 0);
    lb_char(b, ' ');
  } else {
    lb_str(b, "-- ");
  }
}

void lfs_print_blocks(const lfs *f, long long start, long long end, bool show_live, FILE *out) {
  linebuf b;
  lb_init(&b);
  for (long long i = start; i < end; i++) {
    const lfs_block *k = &f->disk[i];
    lb_str(&b, "[ ");
    lb_int(&b, i, 3);
    lb_str(&b, " ]");
    if (show_live)
      lb_str(&b, lfs_live(f, i) ? " live " : "      ");
    else
      lb_str(&b, " ?    ");
    switch (k->kind) {
    case BLK_CHECKPOINT:
    case BLK_IMAP:
      lb_str(&b, k->kind == BLK_CHECKPOINT ? "checkpoint: " : "chunk(imap): ");
      for (int e = 0; e < 16; e++)
        put_entry(&b, k->entries[e]);
      break;
    case BLK_DIR:
      for (int e = 0; e < LFS_DIR_ENTRIES; e++) {
        if (k->dir.inum[e] != -1) {
          lb_char(&b, '[');
          lb_str(&b, lfs_name(f, k->dir.name[e]));
          lb_char(&b, ',');
          lb_int(&b, k->dir.inum[e], 0);
          lb_str(&b, "] ");
        } else {
          lb_str(&b, "-- ");
        }
      }
      break;
    case BLK_DATA:
      for (int r = 0; r < 16; r++) {
        lb_char(&b, k->data.letter);
        lb_int(&b, k->data.index, 0);
      }
      break;
    case BLK_INODE:
      lb_str(&b, k->inode.is_dir ? "type:dir size:" : "type:reg size:");
      lb_int(&b, k->inode.size, 0);
      lb_str(&b, " refs:");
      lb_int(&b, k->inode.refs, 0);
      lb_str(&b, " ptrs: ");
      for (int p = 0; p < LFS_INODE_PTRS; p++)
        put_entry(&b, k->inode.ptr[p]);
      break;
    }
    lb_char(&b, '\n');
    if (b.len > 1 << 16)
      lb_flush(&b, out);
  }
  lb_flush(&b, out);
  lb_free(&b);
}

static char kind_letter(const lfs *f, long long i) {
  static const char letters[] = {'c', 'd', 'f', 'i', 'm'};
  char c = letters[f->disk[i].kind];
  return lfs_live(f, i) ? (char)(c - 'a' + 'A') : c;
}

#define PICTURE_ROWS 64
#define SEGMENT      16

void lfs_print_picture(const lfs *f, FILE *out) {
  long long live = 0;
  for (long long i = 0; i < f->len; i++)
    live += lfs_live(f, i);
  fprintf(out, "Log picture: capital = live, small = dead; C checkpoint region, M imap chunk,\n"
               "I inode, D directory data, F file data\n");
  /* one row per 16-block segment, or per larger stretch when the log is
   * long; a stretch wider than 64 blocks shows one mark per group:
   * '#' all live, '+' some live, '.' none */
  long long per_row = SEGMENT;
  while ((f->len + per_row - 1) / per_row > PICTURE_ROWS)
    per_row *= 2;
  long long group = per_row > 64 ? per_row / 64 : 1;
  for (long long start = 0; start < f->len; start += per_row) {
    long long end = start + per_row < f->len ? start + per_row : f->len;
    long long row_live = 0;
    fprintf(out, "%8lld |", start);
    for (long long g = start; g < end; g += group) {
      long long ge = g + group < end ? g + group : end, n = 0;
      for (long long i = g; i < ge; i++)
        n += lfs_live(f, i);
      row_live += n;
      if (group == 1)
        fputc(kind_letter(f, g), out);
      else
        fputc(n == ge - g ? '#' : n > 0 ? '+' : '.', out);
    }
    long long width = (per_row + group - 1) / group, shown = (end - start + group - 1) / group;
    fprintf(out, "%*s| %lld/%lld live\n", (int)(width - shown), "", row_live, end - start);
  }
  fprintf(out, "checkpoint region (block 0 on disk):");
  for (int c = 0; c < LFS_CR_PTRS; c++)
    if (f->disk[0].entries[c] != -1)
      fprintf(out, " chunk %d at %d", c, f->disk[0].entries[c]);
  fprintf(out, "\n");
  if (memcmp(f->disk[0].entries, f->cr, sizeof f->cr) != 0) {
    fprintf(out, "checkpoint region in memory (not yet synced):");
    for (int c = 0; c < LFS_CR_PTRS; c++)
      if (f->cr[c] != -1)
        fprintf(out, " chunk %d at %d", c, f->cr[c]);
    fprintf(out, "\n");
  }
  fprintf(out, "live: %lld of %lld blocks (%.1f%%); cleaning would free %lld\n", live, f->len,
          f->len ? 100.0 * (double)live / (double)f->len : 0.0, f->len - live);
}

static void json_entries(json_writer *w, const char *key, const int32_t *v, int n) {
  json_key(w, key);
  json_array_begin_compact(w);
  for (int i = 0; i < n; i++)
    json_int(w, v[i]);
  json_array_end(w);
}

void lfs_json_block(const lfs *f, long long i, json_writer *w) {
  const lfs_block *k = &f->disk[i];
  static const char *kinds[] = {"checkpoint", "directory", "data", "inode", "imap"};
  json_object_begin_compact(w);
  json_kv_int(w, "address", i);
  json_kv_bool(w, "live", lfs_live(f, i));
  json_kv_string(w, "type", kinds[k->kind]);
  switch (k->kind) {
  case BLK_CHECKPOINT:
  case BLK_IMAP: json_entries(w, "entries", k->entries, 16); break;
  case BLK_DIR:
    json_key(w, "entries");
    json_array_begin_compact(w);
    for (int e = 0; e < LFS_DIR_ENTRIES; e++) {
      if (k->dir.inum[e] == -1) {
        json_null(w);
        continue;
      }
      json_object_begin_compact(w);
      json_kv_string(w, "name", lfs_name(f, k->dir.name[e]));
      json_kv_int(w, "inum", k->dir.inum[e]);
      json_object_end(w);
    }
    json_array_end(w);
    break;
  case BLK_DATA: {
    char text[16 * 12 + 1];
    size_t n = 0;
    for (int r = 0; r < 16; r++)
      n += (size_t)snprintf(text + n, sizeof text - n, "%c%d", k->data.letter, k->data.index);
    json_kv_string(w, "contents", text);
    break;
  }
  case BLK_INODE:
    json_kv_string(w, "inode_type", k->inode.is_dir ? "dir" : "reg");
    json_kv_int(w, "size", k->inode.size);
    json_kv_int(w, "refs", k->inode.refs);
    json_entries(w, "pointers", k->inode.ptr, LFS_INODE_PTRS);
    break;
  }
  json_object_end(w);
}

void lfs_print_repr(const char *s, FILE *out) {
  char quote = strchr(s, '\'') && !strchr(s, '"') ? '"' : '\'';
  fputc(quote, out);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == quote || *p == '\\')
      fprintf(out, "\\%c", *p);
    else if (*p == '\n')
      fputs("\\n", out);
    else if (*p == '\t')
      fputs("\\t", out);
    else if (*p == '\r')
      fputs("\\r", out);
    else if (*p < 0x20 || *p == 0x7f)
      fprintf(out, "\\x%02x", *p);
    else
      fputc(*p, out);
  }
  fputc(quote, out);
}
