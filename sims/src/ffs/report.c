#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "linebuf.h"
#include "pyfmt.h"

static const char *type_name(ffs_type t) {
  return t == FFS_REGULAR ? "regular" : t == FFS_DIRECTORY ? "directory" : "";
}

/* --- the dump ------------------------------------------------------------ */

/* The original's numeric header row: digit (value % 10) where value goes
 * up every 10^power positions, a blank every 10. */
static void numeric_header(linebuf *b, int power, long long count) {
  long long step = 1;
  for (int k = 0; k < power; k++)
    step *= 10;
  long long counter = 0, value = 0;
  for (long long i = 0; i < count; i++) {
    if (i > 0 && i % 10 == 0)
      lb_char(b, ' ');
    lb_char(b, (char)('0' + value % 10));
    if (++counter == step) {
      value++;
      counter = 0;
    }
  }
}

static void spaces(linebuf *b, long long count) {
  for (long long i = 0; i < count; i++)
    lb_char(b, ' ');
}

static int digits(long long v) {
  char buf[24];
  return snprintf(buf, sizeof buf, "%lld", v);
}

/* A group's bitmap: '-' free, else the owner's symbol; a blank every 10. */
static bool bitmap_string(ffs_fs *fs, linebuf *b, const int32_t *slots, long long count) {
  for (long long i = 0; i < count; i++) {
    if (i > 0 && i % 10 == 0)
      lb_char(b, ' ');
    if (slots[i] == FFS_FREE) {
      lb_char(b, '-');
      continue;
    }
    char sym;
    if (!ffs_symbol(fs, slots[i], &sym)) {
      snprintf(fs->error, sizeof fs->error,
               "a bitmap names inode %d, which has no symbol (the original raises KeyError)",
               (int)slots[i]);
      return false;
    }
    lb_char(b, sym);
  }
  return true;
}

static int compare_names(const void *a, const void *b) {
  return strcmp(((const ffs_name *)a)->path, ((const ffs_name *)b)->path);
}

bool ffs_print_dump(ffs_fs *fs, const ffs_view *v, FILE *out) {
  const ffs_config *c = &fs->cfg;
  long long ipg = c->inodes_per_group, bpg = c->blocks_per_group, n = c->ngroups;
  fprintf(out, "\nnum_groups:       %lld\ninodes_per_group: %lld\nblocks_per_group: %lld\n\n", n,
          ipg, bpg);
  fprintf(out, "free data blocks: %lld (of %lld)\n", fs->total_data_free, n * bpg);
  fprintf(out, "free inodes:      %lld (of %lld)\n\n", fs->total_inodes_free, n * ipg);
  fprintf(out, "spread inodes?    %s\nspread data?      %s\ncontig alloc:     %lld\n\n",
          pyfmt_bool(c->spread_inodes), pyfmt_bool(c->spread_data), c->contig);

  linebuf b;
  lb_init(&b);
  int inode_power = digits(ipg) - 1, data_power = digits(bpg) - 1;
  for (int p = inode_power > data_power ? inode_power : data_power; p >= 0; p--) {
    lb_str(&b, "     ");
    if (inode_power >= p)
      numeric_header(&b, p, ipg);
    else
      spaces(&b, ipg);
    if (data_power >= p)
      numeric_header(&b, p, bpg);
    else
      spaces(&b, ipg); /* sic: the original pads the data part by the inodes */
    lb_char(&b, '\n');
    lb_flush(&b, out);
  }
  fprintf(out, "\ngroup %.*s", (int)(ipg < 6 ? ipg : 6), "inodes");
  spaces(&b, ipg - 6);
  lb_str(&b, "data\n");
  lb_flush(&b, out);

  bool ok = true;
  long long count = 0, group_size = ipg + bpg;
  for (long long g = 0; g < n && ok; g++) {
    char head[32];
    snprintf(head, sizeof head, "  %3lld ", g);
    lb_str(&b, head);
    if (v->compute) {
      ok = bitmap_string(fs, &b, &fs->ibitmap[g * ipg], ipg);
      lb_char(&b, ' ');
      ok = ok && bitmap_string(fs, &b, &fs->dbitmap[g * bpg], bpg);
      if (ok && v->show_block_addresses) {
        char addr[64];
        snprintf(addr, sizeof addr, "  [%4lld-%4lld]", count, count + group_size - 1);
        lb_str(&b, addr);
      }
    } else {
      for (long long i = 0; i < ipg; i++)
        lb_char(&b, '?');
      lb_char(&b, ' ');
      for (long long i = 0; i < bpg; i++)
        lb_char(&b, '?');
    }
    lb_char(&b, '\n');
    if (ok)
      lb_flush(&b, out);
    count += group_size;
  }
  lb_free(&b);
  if (!ok)
    return false;

  if (!v->show_symbol_map && !v->per_file_stats) {
    fprintf(out, "\n");
    return true;
  }
  fprintf(out, "\nsymbol  inode#  filename     filetype %s\n",
          v->per_file_stats ? "  block_addresses" : "");
  ffs_name *sorted = malloc((fs->nnames ? fs->nnames : 1) * sizeof *sorted);
  if (!sorted) {
    snprintf(fs->error, sizeof fs->error, "out of memory");
    return false;
  }
  memcpy(sorted, fs->names, fs->nnames * sizeof *sorted);
  qsort(sorted, fs->nnames, sizeof *sorted, compare_names);
  for (size_t k = 0; k < fs->nnames && ok; k++) {
    const ffs_inode *rec = ffs_inode_of(fs, sorted[k].inum);
    char sym;
    if (!rec || !ffs_symbol(fs, sorted[k].inum, &sym)) {
      snprintf(fs->error, sizeof fs->error, "'%s' has no symbol (the original raises KeyError)",
               sorted[k].path);
      ok = false;
      break;
    }
    fprintf(out, "%-6c  %6lld  %-11s  %-10s ", sym, sorted[k].inum, sorted[k].path,
            type_name(rec->type));
    if (v->per_file_stats)
      for (size_t i = 0; i < rec->nblocks; i++)
        fprintf(out, "%lld ", rec->blocks[i]);
    fprintf(out, "\n");
  }
  free(sorted);
  if (ok)
    fprintf(out, "\n");
  return ok;
}

/* --- spans --------------------------------------------------------------- */

/* Disk addresses (groups laid out as inodes then data) of an inode and of
 * its first and last data blocks. */
static void addresses(const ffs_fs *fs, long long inum, const ffs_inode *rec, long long *inode_addr,
                      long long *min_addr, long long *max_addr) {
  long long ipg = fs->cfg.inodes_per_group, bpg = fs->cfg.blocks_per_group;
  long long group_size = ipg + bpg;
  long long m = inum % ipg;
  if (m < 0)
    m += ipg;
  *inode_addr = m + inum / ipg * group_size;
  *min_addr = 1 + fs->cfg.ngroups * group_size;
  *max_addr = -1;
  for (size_t k = 0; k < rec->nblocks; k++) {
    long long d = rec->blocks[k], i = d % bpg;
    if (i < 0)
      i += bpg;
    long long a = i + d / bpg * group_size + ipg;
    if (a > *max_addr)
      *max_addr = a;
    if (a < *min_addr)
      *min_addr = a;
  }
}

void ffs_free_spans(ffs_spans *s) {
  free(s->files);
  free(s->dirs);
  memset(s, 0, sizeof *s);
}

bool ffs_compute_spans(ffs_fs *fs, ffs_spans *s) {
  memset(s, 0, sizeof *s);
  size_t n = fs->nnames;
  s->files = calloc(n ? n : 1, sizeof *s->files);
  s->dirs = calloc(n ? n : 1, sizeof *s->dirs);
  long long *results = calloc(n ? 3 * n : 1, sizeof *results);
  long long *result_inum = calloc(n ? n : 1, sizeof *result_inum);
  if (!s->files || !s->dirs || !results || !result_inum) {
    free(results);
    free(result_inum);
    snprintf(fs->error, sizeof fs->error, "out of memory");
    return false;
  }
  size_t nresults = 0;
  bool ok = true;
  for (size_t k = 0; k < n; k++) {
    long long inum = fs->names[k].inum;
    const ffs_inode *rec = ffs_inode_of(fs, inum);
    if (!rec) {
      ok = false;
      s->failed = 1;
      break;
    }
    if (rec->type == FFS_DIRECTORY)
      continue;
    for (size_t r = 0; r < nresults; r++)
      if (result_inum[r] == inum) {
        free(results);
        free(result_inum);
        snprintf(fs->error, sizeof fs->error,
                 "two files have inode %lld (the original fails an assertion)", inum);
        s->failed = 1;
        return false;
      }
    long long ia, lo, hi;
    addresses(fs, inum, rec, &ia, &lo, &hi);
    long long amin = ia < lo ? ia : lo, amax = ia > hi ? ia : hi;
    results[3 * nresults] = ia;
    results[3 * nresults + 1] = lo;
    results[3 * nresults + 2] = hi;
    result_inum[nresults++] = inum;
    s->files[s->nfiles++] = (ffs_span){fs->names[k].path, inum, amax - amin};
    s->file_sum += amax - amin;
  }
  for (size_t k = 0; k < n && ok; k++) {
    long long inum = fs->names[k].inum;
    const ffs_inode *rec = ffs_inode_of(fs, inum);
    if (rec->type != FFS_DIRECTORY)
      continue;
    long long ia, lo, hi;
    addresses(fs, inum, rec, &ia, &lo, &hi);
    long long amin = ia, amax = ia;
    long long all[3] = {ia, lo, hi};
    for (int i = 0; i < 3; i++) {
      amin = all[i] < amin ? all[i] : amin;
      amax = all[i] > amax ? all[i] : amax;
    }
    for (size_t e = 0; e < rec->nentries && ok; e++) {
      const ffs_dirent *de = &rec->entries[e];
      if (!strcmp(de->name, ".") || !strcmp(de->name, ".."))
        continue;
      const ffs_inode *child = ffs_inode_of(fs, de->inum);
      if (child && child->type == FFS_DIRECTORY)
        continue;
      size_t r = 0;
      while (r < nresults && result_inum[r] != de->inum)
        r++;
      if (r == nresults) {
        ok = false;
        s->failed = 2;
        break;
      }
      for (int i = 0; i < 3; i++) {
        long long a = results[3 * r + i];
        amin = a < amin ? a : amin;
        amax = a > amax ? a : amax;
      }
    }
    s->dirs[s->ndirs++] = (ffs_span){fs->names[k].path, inum, amax - amin};
    s->dir_sum += amax - amin;
  }
  free(results);
  free(result_inum);
  if (!ok)
    snprintf(fs->error, sizeof fs->error,
             "a directory names a file the name map lacks (the original raises KeyError)");
  return ok;
}

void ffs_print_spans(const ffs_spans *s, bool compute, FILE *out) {
  fprintf(out, "span: files\n");
  for (size_t k = 0; k < s->nfiles; k++)
    if (compute)
      fprintf(out, "  file: %10s  filespan: %3lld\n", s->files[k].path, s->files[k].span);
    else
      fprintf(out, "  file: %10s  filespan: ?\n", s->files[k].path);
  if (s->failed == 1)
    return;
  if (s->nfiles > 0) {
    if (compute) {
      char avg[64];
      snprintf(avg, sizeof avg, "%3.2f", (double)s->file_sum / (double)s->nfiles);
      fprintf(out, "               avg  filespan: %6s\n", avg);
    } else {
      fprintf(out, "               avg  filespan: ?\n");
    }
  }
  fprintf(out, "\nspan: directories\n");
  for (size_t k = 0; k < s->ndirs; k++)
    if (compute)
      fprintf(out, "  dir:  %10s  dirspan: %3lld\n", s->dirs[k].path, s->dirs[k].span);
    else
      fprintf(out, "  dir:  %10s  dirspan: ?\n", s->dirs[k].path);
  if (s->failed == 2)
    return;
  if (compute) {
    char avg[64];
    snprintf(avg, sizeof avg, "%3.2f", (double)s->dir_sum / (double)s->ndirs);
    fprintf(out, "               avg  dirspan: %6s\n", avg);
  } else {
    fprintf(out, "               avg  dirspan: ?\n");
  }
  fprintf(out, "\n");
}

/* --- the picture --------------------------------------------------------- */

#define PICTURE_COLUMNS 64
#define PICTURE_ROWS    20 /* kept rows: PICTURE_ROWS to 2 * PICTURE_ROWS */
#define PICTURE_LABEL   26
#define PICTURE_BAR     30

typedef struct {
  char label[PICTURE_LABEL + 1];
  char inodes[PICTURE_COLUMNS + 1];
  char data[PICTURE_COLUMNS + 1];
} picture_row;

struct ffs_picture {
  long long columns; /* one per group, or per few groups */
  long long stride;  /* keep every stride-th step */
  long long steps;   /* steps seen */
  picture_row *rows; /* kept rows, at most 2 * PICTURE_ROWS */
  size_t nrows;
  picture_row last; /* the latest step, kept or not */
  long long last_step;
};

ffs_picture *ffs_picture_new(const ffs_fs *fs) {
  ffs_picture *p = calloc(1, sizeof *p);
  if (!p)
    return NULL;
  p->rows = calloc(2 * PICTURE_ROWS, sizeof *p->rows);
  if (!p->rows) {
    free(p);
    return NULL;
  }
  p->columns = fs->cfg.ngroups < PICTURE_COLUMNS ? fs->cfg.ngroups : PICTURE_COLUMNS;
  p->stride = 1;
  return p;
}

/* '.' nothing used, '1'..'9' tenths used (at least 1 when anything is),
 * '#' all used. */
static char fill_mark(long long used, long long total) {
  if (used <= 0)
    return '.';
  if (used >= total)
    return '#';
  long long tenths = used * 10 / total;
  return (char)('0' + (tenths < 1 ? 1 : tenths));
}

/* Groups [first, last) that column c covers. */
static void column_groups(const ffs_picture *p, const ffs_fs *fs, long long c, long long *first,
                          long long *last) {
  *first = c * fs->cfg.ngroups / p->columns;
  *last = (c + 1) * fs->cfg.ngroups / p->columns;
}

static void fill_row(const ffs_picture *p, const ffs_fs *fs, picture_row *row) {
  for (long long c = 0; c < p->columns; c++) {
    long long first, last, iused = 0, dused = 0;
    column_groups(p, fs, c, &first, &last);
    for (long long g = first; g < last; g++) {
      iused += fs->cfg.inodes_per_group - fs->ifree[g];
      dused += fs->cfg.blocks_per_group - fs->dfree[g];
    }
    row->inodes[c] = fill_mark(iused, (last - first) * fs->cfg.inodes_per_group);
    row->data[c] = fill_mark(dused, (last - first) * fs->cfg.blocks_per_group);
  }
  row->inodes[p->columns] = row->data[p->columns] = '\0';
}

void ffs_picture_step(ffs_picture *p, const ffs_fs *fs, const char *label, bool ok) {
  picture_row *row = &p->last;
  snprintf(row->label, sizeof row->label, "%s%s", label, ok ? "" : " (failed)");
  if (strlen(label) + (ok ? 0 : 9) > PICTURE_LABEL)
    memcpy(row->label + PICTURE_LABEL - 3, "...", 3);
  fill_row(p, fs, row);
  p->last_step = ++p->steps;
  if ((p->steps - 1) % p->stride != 0)
    return;
  if (p->nrows == 2 * PICTURE_ROWS) {
    /* keep every other row and sample half as often from now on */
    for (size_t k = 0; k < PICTURE_ROWS; k++)
      p->rows[k] = p->rows[2 * k];
    p->nrows = PICTURE_ROWS;
    p->stride *= 2;
    if ((p->steps - 1) % p->stride != 0)
      return;
  }
  p->rows[p->nrows++] = *row;
}

/* Width of a bar cell: "[###---] used/total". */
static int bar_cell_width(long long total) {
  long long width = total < PICTURE_BAR ? total : PICTURE_BAR;
  return (int)width + 3 + 2 * digits(total) + 1;
}

static void print_bar(long long used, long long total, FILE *out) {
  long long width = total < PICTURE_BAR ? total : PICTURE_BAR;
  long long filled = total > 0 ? (used * width + total - 1) / total : 0;
  fputc('[', out);
  for (long long i = 0; i < width; i++)
    fputc(i < filled ? '#' : '-', out);
  fprintf(out, "] %*lld/%lld", digits(total), used, total);
}

void ffs_picture_print(ffs_picture *p, const ffs_fs *fs, FILE *out) {
  long long per = (fs->cfg.ngroups + p->columns - 1) / p->columns;
  fprintf(out, "\nCylinder groups filling up: inodes and data blocks used per group\n");
  fprintf(out, "('.' none used, 1-9 tenths used, '#' full)\n\n");
  int w = (int)p->columns;
  fprintf(out, "%6s %-*s  %-*s  %s\n", "step", PICTURE_LABEL, "", w, "inodes", "data");
  if (per == 1) {
    linebuf b;
    lb_init(&b);
    for (long long c = 0; c < p->columns; c++)
      lb_char(&b, (char)('0' + c % 10));
    lb_char(&b, '\0');
    fprintf(out, "%6s %-*s  %-*s  %s\n", "", PICTURE_LABEL, "group", w, b.text, b.text);
    lb_free(&b);
  } else {
    fprintf(out, "%6s %-*s  groups 0 to %lld, about %lld to a column\n", "", PICTURE_LABEL, "",
            fs->cfg.ngroups - 1, per);
  }
  if (p->steps == 0)
    fprintf(out, "%6s %-*s\n", "", PICTURE_LABEL, "(no commands)");
  for (size_t k = 0; k < p->nrows; k++) {
    long long step = 1 + (long long)k * p->stride;
    const picture_row *row = step == p->last_step ? &p->last : &p->rows[k];
    fprintf(out, "%6lld %-*s  %s  %s\n", step, PICTURE_LABEL, row->label, row->inodes, row->data);
  }
  if (p->nrows > 0 && 1 + (long long)(p->nrows - 1) * p->stride != p->last_step)
    fprintf(out, "%6lld %-*s  %s  %s\n", p->last_step, PICTURE_LABEL, p->last.label, p->last.inodes,
            p->last.data);

  int iw = bar_cell_width(fs->cfg.inodes_per_group);
  fprintf(out, "\n%5s  %-*s  %s\n", "group", iw, "inodes", "data");
  for (long long g = 0; g < fs->cfg.ngroups; g++) {
    if (g == 32 && fs->cfg.ngroups > 40) {
      fprintf(out, "  ... %lld more groups\n", fs->cfg.ngroups - 32);
      break;
    }
    fprintf(out, "%5lld  ", g);
    print_bar(fs->cfg.inodes_per_group - fs->ifree[g], fs->cfg.inodes_per_group, out);
    fprintf(out, "%*s", iw - bar_cell_width(fs->cfg.inodes_per_group) + 2, "");
    print_bar(fs->cfg.blocks_per_group - fs->dfree[g], fs->cfg.blocks_per_group, out);
    fputc('\n', out);
  }
}

void ffs_picture_free(ffs_picture *p) {
  if (!p)
    return;
  free(p->rows);
  free(p);
}

/* --- JSON ---------------------------------------------------------------- */

void ffs_json_state(json_writer *w, ffs_fs *fs) {
  const ffs_config *c = &fs->cfg;
  json_kv_int(w, "free_data_blocks", fs->total_data_free);
  json_kv_int(w, "data_blocks", c->ngroups * c->blocks_per_group);
  json_kv_int(w, "free_inodes", fs->total_inodes_free);
  json_kv_int(w, "inodes", c->ngroups * c->inodes_per_group);
  json_key(w, "groups");
  json_array_begin(w);
  linebuf b;
  lb_init(&b);
  long long group_size = c->inodes_per_group + c->blocks_per_group;
  for (long long g = 0; g < c->ngroups; g++) {
    json_object_begin_compact(w);
    json_kv_int(w, "group", g);
    json_kv_int(w, "first_address", g * group_size);
    json_kv_int(w, "last_address", g * group_size + group_size - 1);
    json_kv_int(w, "free_inodes", fs->ifree[g]);
    json_kv_int(w, "free_data_blocks", fs->dfree[g]);
    const int32_t *rows[2] = {&fs->ibitmap[g * c->inodes_per_group],
                              &fs->dbitmap[g * c->blocks_per_group]};
    long long counts[2] = {c->inodes_per_group, c->blocks_per_group};
    const char *keys[2] = {"inode_map", "data_map"};
    for (int k = 0; k < 2; k++) {
      lb_clear(&b);
      for (long long i = 0; i < counts[k]; i++) {
        char sym = '-';
        if (rows[k][i] != FFS_FREE && !ffs_symbol(fs, rows[k][i], &sym))
          sym = '?';
        lb_char(&b, sym);
      }
      lb_char(&b, '\0');
      json_kv_string(w, keys[k], b.text);
    }
    json_object_end(w);
  }
  lb_free(&b);
  json_array_end(w);

  json_key(w, "files");
  json_array_begin(w);
  ffs_name *sorted = malloc((fs->nnames ? fs->nnames : 1) * sizeof *sorted);
  if (sorted) {
    memcpy(sorted, fs->names, fs->nnames * sizeof *sorted);
    qsort(sorted, fs->nnames, sizeof *sorted, compare_names);
    for (size_t k = 0; k < fs->nnames; k++) {
      const ffs_inode *rec = ffs_inode_of(fs, sorted[k].inum);
      char sym[2] = {'?', '\0'};
      ffs_symbol(fs, sorted[k].inum, &sym[0]);
      json_object_begin_compact(w);
      json_kv_string(w, "path", sorted[k].path);
      json_kv_int(w, "inode", sorted[k].inum);
      json_kv_string(w, "symbol", sym);
      json_kv_string(w, "type", rec ? type_name(rec->type) : "");
      json_key(w, "blocks");
      json_array_begin_compact(w);
      for (size_t i = 0; rec && i < rec->nblocks; i++)
        json_int(w, rec->blocks[i]);
      json_array_end(w);
      json_object_end(w);
    }
    free(sorted);
  }
  json_array_end(w);
}

void ffs_json_spans(json_writer *w, const ffs_spans *s) {
  json_key(w, "spans");
  json_object_begin(w);
  json_key(w, "files");
  json_array_begin(w);
  for (size_t k = 0; k < s->nfiles; k++) {
    json_object_begin_compact(w);
    json_kv_string(w, "path", s->files[k].path);
    json_kv_int(w, "filespan", s->files[k].span);
    json_object_end(w);
  }
  json_array_end(w);
  json_key(w, "average_filespan");
  if (s->nfiles > 0)
    json_double(w, (double)s->file_sum / (double)s->nfiles);
  else
    json_null(w);
  json_key(w, "directories");
  json_array_begin(w);
  for (size_t k = 0; k < s->ndirs; k++) {
    json_object_begin_compact(w);
    json_kv_string(w, "path", s->dirs[k].path);
    json_kv_int(w, "dirspan", s->dirs[k].span);
    json_object_end(w);
  }
  json_array_end(w);
  json_key(w, "average_dirspan");
  json_double(w, s->ndirs ? (double)s->dir_sum / (double)s->ndirs : 0.0);
  json_object_end(w);
}
