/* Shared pieces of the address-translation simulators: see vmsim.h. */
#include "vmsim.h"

#include "membar.h"
#include "opts.h"
#include "pynum.h"

long long vm_size_option(const char *opt, const char *text) {
  long long value = 0;
  pynum_status status = pysize_parse(text, &value);
  if (status == PYNUM_INVALID)
    opts_die("option %s: invalid size '%s' (a number with an optional k, m or g suffix)", opt,
             text);
  if (status == PYNUM_RANGE || value > VM_MAX_SIZE || value < -VM_MAX_SIZE)
    opts_die("option %s: '%s' is too large (the limit is 2^60 bytes, 1024p)", opt, text);
  return value;
}

const char *vm_hex(long long v, int width, char buf[32]) {
  width = width < 1 ? 1 : width > 16 ? 16 : width;
  if (v < 0)
    snprintf(buf, 32, "-%0*llx", width - 1, 0ULL - (unsigned long long)v);
  else
    snprintf(buf, 32, "%0*llx", width, v);
  return buf;
}

long long vm_count(long long lo, long long hi) {
  return hi < lo ? 0 : hi - lo + 1;
}

long long vm_bases_below(long long range, long long length) {
  long long top = range - 1 - length;
  return vm_count(0, top < range - 1 ? top : range - 1);
}

long long vm_draw_below(long long n, pyrandom *rng) {
  return (long long)((double)n * pyrandom_random(rng));
}

long long vm_draw_length(long long address_space, pyrandom *rng) {
  double quarter = (double)address_space / 4.0;
  return (long long)(quarter + quarter * pyrandom_random(rng));
}

const char *vm_placement_problem(long long range, long long accepted, const char *what) {
  static char message[200];
  if (accepted <= 0)
    snprintf(message, sizeof message,
             "%s fits nowhere in physical memory (the original would draw bases forever)", what);
  else if (range / accepted > VM_MAX_EXPECTED_DRAWS)
    snprintf(message, sizeof message,
             "placing %s at random would take about %lld draws (the limit is %lld)", what,
             range / accepted, VM_MAX_EXPECTED_DRAWS);
  else
    return NULL;
  return message;
}

void vm_print_translation(long long i, const vm_translation *t, bool compute) {
  char hex[32];
  printf("  VA %2lld: 0x%s (decimal: %4lld) --> ", i, vm_hex(t->va, 8, hex), t->va);
  if (!compute) {
    printf("PA or segmentation violation?\n");
    return;
  }
  if (!t->valid) {
    printf("SEGMENTATION VIOLATION");
    if (t->segment >= 0)
      printf(" (SEG%d)", t->segment);
    printf("\n");
    return;
  }
  printf("VALID");
  if (t->segment >= 0)
    printf(" in SEG%d", t->segment);
  printf(": 0x%s (decimal: %4lld)\n", vm_hex(t->pa, 8, hex), t->pa);
}

void vm_json_begin(json_writer *w, const char *simulator, json_option_fn custom, void *ctx) {
  json_init(w, stdout);
  json_document_begin(w, simulator, custom, ctx);
}

void vm_json_translation(json_writer *w, const vm_translation *t) {
  json_object_begin_compact(w);
  json_kv_int(w, "va", t->va);
  if (t->segment >= 0)
    json_kv_int(w, "segment", t->segment);
  json_kv_bool(w, "valid", t->valid);
  json_key(w, "pa");
  if (t->valid)
    json_int(w, t->pa);
  else
    json_null(w);
  json_object_end(w);
}

void vm_json_end(json_writer *w, long long count, long long valid) {
  json_array_end(w);
  json_kv_int(w, "valid_count", valid);
  json_kv_int(w, "violation_count", count - valid);
  json_object_end(w);
  json_finish(w);
}

static void print_bar(FILE *out, const char *label, long long size, const vm_piece *pieces,
                      int npieces, int physical) {
  membar bar;
  membar_init(&bar, 0, size, MEMBAR_MAX_WIDTH);
  char marks[MEMBAR_MAX_MARKS + 1] = {0};
  for (int i = 0; i < npieces && i < MEMBAR_MAX_MARKS; i++) {
    long long start = physical ? pieces[i].pstart : pieces[i].vstart;
    if (pieces[i].length > 0)
      membar_add(&bar, start, start + pieces[i].length, i);
    marks[i] = pieces[i].mark;
  }
  char line[MEMBAR_MAX_WIDTH + 1];
  membar_render(&bar, marks, '.', line);
  fprintf(out, "  %-15s 0 |%s| %lld\n", label, line, size);
}

static long long bytes_per_column(long long size) {
  membar bar;
  membar_init(&bar, 0, size, MEMBAR_MAX_WIDTH);
  return bar.per_col;
}

void vm_picture(FILE *out, long long address_space, long long physical_memory,
                const vm_piece *pieces, int npieces) {
  fprintf(out, "Picture: the address space placed in physical memory\n");
  if (address_space <= 0) {
    fprintf(out, "  (nothing to draw: the address space has no bytes)\n\n");
    return;
  }
  fprintf(out, "  (a column is %lld byte%s of the address space, %lld of physical memory)\n\n",
          bytes_per_column(address_space), bytes_per_column(address_space) == 1 ? "" : "s",
          bytes_per_column(physical_memory));
  print_bar(out, "address space", address_space, pieces, npieces, 0);
  print_bar(out, "physical memory", physical_memory, pieces, npieces, 1);
  fprintf(out, "\n");
  for (int i = 0; i < npieces; i++) {
    const vm_piece *p = &pieces[i];
    if (p->length <= 0)
      fprintf(out, "  %c  %s: empty\n", p->mark, p->name);
    else
      fprintf(out, "  %c  %s: virtual %lld..%lld -> physical %lld..%lld\n", p->mark, p->name,
              p->vstart, p->vstart + p->length - 1, p->pstart, p->pstart + p->length - 1);
  }
  fprintf(out, "  .  not in use\n\n");
}
