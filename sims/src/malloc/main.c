/* malloc: a free-list allocator answering random (or listed) allocations
 * and frees. A drop-in for OSTEP's malloc.py. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pyfmt.h"
#include "heap.h"
#include "json.h"
#include "linebuf.h"
#include "lists.h"
#include "live.h"
#include "membar.h"
#include "opts.h"
#include "pynum.h"
#include "pyrandom.h"

/* Limits of ours, so that no address or size leaves 64 bits. */
#define MAX_HEAP    (1LL << 50) /* |heap size|, |base address| */
#define MAX_REQUEST (1LL << 32) /* |range|, |header|, alignment, listed sizes */
#define MAX_OPS     100000000LL /* random operations */

typedef struct {
  char *seed;
  long long heap_size, base, header, align, nops, range, percent;
  const char *policy_text, *order_text, *ops_text;
  bool coalesce, compute, json, picture;
} options;

/* One operation of an -A list. */
typedef struct {
  bool alloc;
  long long value; /* bytes to allocate, or the pointer number to free */
} list_op;

typedef struct {
  const options *o;
  heap h;
  linebuf line;
  json_writer *json;
  membar bar; /* template for the pictures; width 0 when nothing to draw */
  long long allocs, failed, frees;
} run;

static void check_range(const char *opt, long long v, long long lo, long long hi) {
  if (v < lo || v > hi)
    opts_die("option %s: %lld is out of range (from %lld to %lld)", opt, v, lo, hi);
}

/* The part of op between its first and second `sep`, as Python's
 * op.split(sep)[1]; it must pass int(). */
static long long list_value(const char *op, char sep) {
  const char *start = strchr(op, sep) + 1, *end = strchr(start, sep);
  size_t len = end ? (size_t)(end - start) : strlen(start);
  char *text = malloc(len + 1);
  if (!text)
    abort();
  memcpy(text, start, len);
  text[len] = '\0';
  long long v = 0;
  pynum_status status = pyint_parse(text, PYINT_PLAIN, &v);
  if (status == PYNUM_INVALID)
    opts_die("option -A: '%s' is not +SIZE or -INDEX (SIZE and INDEX integers)", op);
  if (status == PYNUM_RANGE && sep == '+')
    opts_die("option -A: the size in '%s' is too large", op);
  if (status == PYNUM_RANGE) /* an index that large is never valid */
    v = LLONG_MAX;
  free(text);
  if (sep == '+' && (v < -MAX_REQUEST || v > MAX_REQUEST))
    opts_die("option -A: the size in '%s' is out of range (from %lld to %lld)", op, -MAX_REQUEST,
             MAX_REQUEST);
  return v;
}

static list_op *parse_list(const char *text, size_t *count) {
  str_list items = list_split(text, ',');
  list_op *ops = malloc(items.count * sizeof *ops);
  if (!ops)
    abort();
  for (size_t i = 0; i < items.count; i++) {
    const char *op = items.items[i];
    if (op[0] != '+' && op[0] != '-')
      opts_die("option -A: '%s' is not +SIZE or -INDEX (a comma-separated list such as "
               "+10,+20,-0)",
               op);
    ops[i].alloc = op[0] == '+';
    ops[i].value = list_value(op, op[0]);
  }
  *count = items.count;
  list_free(&items);
  return ops;
}

static void print_header(const options *o) {
  printf("seed %s\n", o->seed);
  printf("size %lld\n", o->heap_size);
  printf("baseAddr %lld\n", o->base);
  printf("headerSize %lld\n", o->header);
  printf("alignment %lld\n", o->align);
  printf("policy %s\n", o->policy_text);
  printf("listOrder %s\n", o->order_text);
  printf("coalesce %s\n", pyfmt_bool(o->coalesce));
  printf("numOps %lld\n", o->nops);
  printf("range %lld\n", o->range);
  printf("percentAlloc %lld\n", o->percent);
  printf("allocList %s\n", o->ops_text);
  printf("compute %s\n", pyfmt_bool(o->compute));
  printf("\n");
}

/* ---- the picture ---- */

/* Marks: neighbouring blocks and chunks alternate, so that a boundary
 * shows even where two of them touch. */
static const char picture_marks[] = "h#=.:";
enum { MARK_HEADER, MARK_USED, MARK_USED_ALT, MARK_FREE, MARK_FREE_ALT };

typedef struct {
  long long addr, size;
  bool used;
} piece;

typedef struct {
  piece *pieces;
  size_t n, cap;
} piece_list;

static void add_piece(piece_list *l, long long addr, long long size, bool used) {
  if (l->n == l->cap) {
    l->cap = l->cap ? 2 * l->cap : 64;
    l->pieces = realloc(l->pieces, l->cap * sizeof *l->pieces);
    if (!l->pieces)
      abort();
  }
  l->pieces[l->n++] = (piece){addr, size, used};
}

static void add_block(void *ctx, long long addr, long long size) {
  add_piece(ctx, addr, size, true);
}

static int by_address(const void *a, const void *b) {
  const piece *x = a, *y = b;
  return (x->addr > y->addr) - (x->addr < y->addr);
}

static void print_legend(run *r) {
  const options *o = r->o;
  if (r->bar.width == 0) {
    printf("Heap pictures: nothing to draw (the heap has no bytes)\n\n");
    return;
  }
  printf("Heap pictures after each operation: h header, # or = an allocated block,\n");
  printf("  . or : a free chunk (touching neighbours alternate); the heap is %lld..%lld,\n",
         o->base, o->base + o->heap_size - 1);
  printf("  a column is %lld byte%s\n\n", r->bar.per_col, r->bar.per_col == 1 ? "" : "s");
}

static void print_bar(run *r) {
  if (r->bar.width == 0)
    return;
  static piece_list all;
  all.n = 0;
  for (size_t i = 0; i < r->h.nfree; i++)
    add_piece(&all, r->h.free_list[i].addr, r->h.free_list[i].size, false);
  heap_each_block(&r->h, add_block, &all);
  qsort(all.pieces, all.n, sizeof *all.pieces, by_address);
  membar bar = r->bar;
  bool alt = false; /* the piece before took the alternate mark */
  for (size_t i = 0; i < all.n; i++) {
    const piece *p = &all.pieces[i], *prev = i ? &all.pieces[i - 1] : NULL;
    alt = prev && prev->used == p->used && prev->addr + prev->size == p->addr && !alt;
    if (!p->used) {
      membar_add(&bar, p->addr, p->addr + p->size, alt ? MARK_FREE_ALT : MARK_FREE);
      continue;
    }
    long long header = r->h.header > 0 ? (r->h.header < p->size ? r->h.header : p->size) : 0;
    membar_add(&bar, p->addr, p->addr + header, MARK_HEADER);
    membar_add(&bar, p->addr + header, p->addr + p->size, alt ? MARK_USED_ALT : MARK_USED);
  }
  char text[MEMBAR_MAX_WIDTH + 1];
  membar_render(&bar, picture_marks, ' ', text);
  lb_str(&r->line, "heap |");
  lb_str(&r->line, text);
  lb_str(&r->line, "|\n");
}

/* ---- reporting each operation ---- */

static void json_free_list(run *r) {
  json_writer *w = r->json;
  json_key(w, "free_list");
  json_array_begin_compact(w);
  for (size_t i = 0; i < r->h.nfree; i++) {
    json_object_begin_compact(w);
    json_kv_int(w, "addr", r->h.free_list[i].addr);
    json_kv_int(w, "size", r->h.free_list[i].size);
    json_object_end(w);
  }
  json_array_end(w);
}

/* The free list (or the question), the picture, a blank line. */
static void after_op(run *r) {
  if (r->json) {
    json_free_list(r);
    json_object_end(r->json);
    return;
  }
  linebuf *b = &r->line;
  if (r->o->compute) {
    lb_str(b, "Free List [ Size ");
    lb_int(b, (long long)r->h.nfree, 0);
    lb_str(b, " ]: ");
    for (size_t i = 0; i < r->h.nfree; i++) {
      lb_str(b, "[ addr:");
      lb_int(b, r->h.free_list[i].addr, 0);
      lb_str(b, " sz:");
      lb_int(b, r->h.free_list[i].size, 0);
      lb_str(b, " ]");
    }
    lb_char(b, '\n');
  } else {
    lb_str(b, r->o->ops_text[0] ? "List?\n" : "List? \n");
  }
  if (r->o->picture)
    print_bar(r);
  lb_char(b, '\n');
  lb_flush(b, stdout);
}

/* An allocation: `shown` is what the original prints as returned. */
static void report_alloc(run *r, long long ptr, long long size, heap_alloc_status status,
                         long long addr, long long searched, long long shown) {
  r->allocs++;
  r->failed += status != HEAP_ALLOCATED;
  if (r->json) {
    json_writer *w = r->json;
    json_object_begin_compact(w);
    json_kv_string(w, "op", "alloc");
    json_kv_int(w, "ptr", ptr);
    json_kv_int(w, "size", size);
    json_kv_bool(w, "ok", status == HEAP_ALLOCATED);
    json_key(w, "block");
    if (status == HEAP_ALLOCATED)
      json_int(w, addr);
    else
      json_null(w);
    json_kv_int(w, "returned", shown);
    json_kv_int(w, "searched", searched);
    return;
  }
  linebuf *b = &r->line;
  lb_str(b, "ptr[");
  lb_int(b, ptr, 0);
  lb_str(b, "] = Alloc(");
  lb_int(b, size, 0);
  lb_char(b, ')');
  if (r->o->compute) {
    lb_str(b, " returned ");
    lb_int(b, shown, 0);
    lb_str(b, " (searched ");
    lb_int(b, searched, 0);
    lb_str(b, " elements)\n");
  } else {
    lb_str(b, " returned ?\n");
  }
}

static void report_free(run *r, long long ptr, long long addr, int rc) {
  r->frees++;
  if (r->json) {
    json_writer *w = r->json;
    json_object_begin_compact(w);
    json_kv_string(w, "op", "free");
    json_kv_int(w, "ptr", ptr);
    json_kv_int(w, "block", addr);
    json_kv_int(w, "returned", rc);
    return;
  }
  linebuf *b = &r->line;
  lb_str(b, "Free(ptr[");
  lb_int(b, ptr, 0);
  lb_str(b, "])\n");
  if (r->o->compute) {
    lb_str(b, "returned ");
    lb_int(b, rc, 0);
    lb_char(b, '\n');
  } else {
    lb_str(b, "returned ?\n");
  }
}

static heap_alloc_status do_alloc(run *r, long long size, long long *addr, long long *searched) {
  heap_alloc_status status = heap_alloc(&r->h, size, addr, searched);
  if (status == HEAP_DUPLICATE) {
    lb_flush(&r->line, stdout);
    opts_die("Alloc(%lld) would return address %lld, which is already allocated (a 0-byte "
             "block stays in the free list)",
             size, *addr);
  }
  return status;
}

/* ---- the two modes ---- */

static void run_random(run *r, pyrandom *rng) {
  const options *o = r->o;
  double percent = (double)o->percent / 100.0;
  live_list live;
  live_init(&live);
  long long c = 0;
  for (long long j = 0; j < o->nops;) {
    if (pyrandom_random(rng) < percent) {
      long long size = (long long)(pyrandom_random(rng) * (double)o->range) + 1, addr = -1,
                searched;
      heap_alloc_status status = do_alloc(r, size, &addr, &searched);
      if (status != HEAP_ALLOCATED)
        addr = -1;
      if (addr != -1) /* a block at address -1 looks failed to the original */
        live_append(&live, c, addr);
      report_alloc(r, c, size, status, addr, searched, addr + o->header);
      c++;
    } else if (live.nlive > 0) {
      size_t d = (size_t)(pyrandom_random(rng) * (double)live.nlive);
      long long id, addr;
      live_take(&live, d, &id, &addr);
      report_free(r, id, addr, heap_free(&r->h, addr));
    } else {
      continue;
    }
    j++;
    after_op(r);
  }
  live_destroy(&live);
}

static void run_list(run *r, const list_op *ops, size_t nops) {
  long long *ptrs = malloc((nops ? nops : 1) * sizeof *ptrs);
  bool *have = calloc(nops ? nops : 1, sizeof *have);
  if (!ptrs || !have)
    abort();
  long long c = 0, allocated = 0;
  for (size_t i = 0; i < nops; i++) {
    if (ops[i].alloc) {
      long long addr = -1, searched;
      heap_alloc_status status = do_alloc(r, ops[i].value, &addr, &searched);
      if (status != HEAP_ALLOCATED)
        addr = -1;
      if (addr != -1) { /* a block at address -1 looks failed to the original */
        ptrs[c] = addr;
        have[c] = true;
        allocated++;
      }
      report_alloc(r, c, ops[i].value, status, addr, searched, addr);
      c++;
    } else {
      long long index = ops[i].value;
      if (index >= allocated) {
        if (r->json) {
          json_object_begin_compact(r->json);
          json_kv_string(r->json, "op", "invalid_free");
          json_kv_int(r->json, "ptr", index);
          json_object_end(r->json);
        } else {
          lb_str(&r->line, "Invalid Free: Skipping\n");
        }
        continue;
      }
      if (!have[index]) {
        if (!r->json) {
          lb_str(&r->line, "Free(ptr[");
          lb_int(&r->line, index, 0);
          lb_str(&r->line, "])\n");
          lb_flush(&r->line, stdout);
        }
        opts_die("option -A: -%lld frees ptr[%lld], whose allocation failed", index, index);
      }
      report_free(r, index, ptrs[index], heap_free(&r->h, ptrs[index]));
    }
    after_op(r);
  }
  free(ptrs);
  free(have);
}

int main(int argc, char **argv) {
  static char outbuf[1 << 16];
  setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
  options o = {
      .seed = "0",
      .heap_size = 100,
      .base = 1000,
      .header = 0,
      .align = -1,
      .policy_text = "BEST",
      .order_text = "ADDRSORT",
      .nops = 10,
      .range = 10,
      .percent = 50,
      .ops_text = "",
  };
  const opt_spec specs[] = {
      {'s', "seed", OPT_BIGINT, &o.seed, NULL, "the random seed"},
      {'S', "size", OPT_INT, &o.heap_size, "HEAPSIZE", "heap size in bytes"},
      {'b', "baseAddr", OPT_INT, &o.base, "BASEADDR", "address of the heap's first byte"},
      {'H', "headerSize", OPT_INT, &o.header, "HEADERSIZE",
       "bytes of header in each allocated block"},
      {'a', "alignment", OPT_INT, &o.align, "ALIGNMENT",
       "round requests up to a multiple of this (-1: no alignment)"},
      {'p', "policy", OPT_STRING, &o.policy_text, "POLICY",
       "free-list search: BEST, WORST or FIRST fit"},
      {'l', "listOrder", OPT_STRING, &o.order_text, "ORDER",
       "free-list order: ADDRSORT, SIZESORT+, SIZESORT-, INSERT-FRONT or INSERT-BACK"},
      {'C', "coalesce", OPT_FLAG, &o.coalesce, NULL, "merge touching free chunks after each free"},
      {'n', "numOps", OPT_INT, &o.nops, "OPSNUM", "how many random operations"},
      {'r', "range", OPT_INT, &o.range, "OPSRANGE", "largest random allocation in bytes"},
      {'P', "percentAlloc", OPT_INT, &o.percent, "OPSPALLOC",
       "percentage of random operations that allocate"},
      {'A', "allocList", OPT_STRING, &o.ops_text, "OPSLIST",
       "operations to run instead of random ones (e.g. +10,+20,-0)"},
      {'c', "compute", OPT_FLAG, &o.compute, NULL, "compute the answers"},
      {0, "json", OPT_FLAG, &o.json, NULL, "print every operation and free list as JSON"},
      {0, "picture", OPT_FLAG, &o.picture, NULL,
       "after each operation, draw the heap as a bar of used and free bytes"},
  };
  opts_parse(argc, argv, specs, (int)(sizeof specs / sizeof specs[0]));

  heap_policy policy;
  heap_order order;
  if (!heap_policy_parse(o.policy_text, &policy))
    opts_die("option -p: policy must be BEST, WORST or FIRST, not '%s'", o.policy_text);
  if (!heap_order_parse(o.order_text, &order))
    opts_die("option -l: list order must be ADDRSORT, SIZESORT+, SIZESORT-, INSERT-FRONT or "
             "INSERT-BACK, not '%s'",
             o.order_text);
  if (o.align != -1 && o.align <= 0)
    opts_die("option -a: alignment must be -1 (none) or positive, not %lld", o.align);
  check_range("-S", o.heap_size, -MAX_HEAP, MAX_HEAP);
  check_range("-b", o.base, -MAX_HEAP, MAX_HEAP);
  check_range("-H", o.header, -MAX_REQUEST, MAX_REQUEST);
  check_range("-a", o.align, -1, MAX_REQUEST);
  check_range("-r", o.range, -MAX_REQUEST, MAX_REQUEST);
  if (o.percent <= 0)
    opts_die("option -P: percent of allocations must be positive, not %lld", o.percent);
  size_t nlisted = 0;
  list_op *listed = NULL;
  if (o.ops_text[0])
    listed = parse_list(o.ops_text, &nlisted);
  else if (o.nops > MAX_OPS)
    opts_die("option -n: at most %lld random operations, not %lld", MAX_OPS, o.nops);
  pyrandom rng;
  if (pyrandom_seed_str(&rng, o.seed) != 0)
    opts_die("option -s: invalid seed '%s'", o.seed);

  run r = {.o = &o};
  heap_init(&r.h, o.heap_size, o.base, o.header, o.align, policy, order, o.coalesce);
  lb_init(&r.line);
  membar_init(&r.bar, o.base, o.base + o.heap_size, MEMBAR_MAX_WIDTH);
  if (o.json) {
    r.json = malloc(sizeof *r.json);
    if (!r.json)
      abort();
    json_init(r.json, stdout);
    json_document_begin(r.json, "malloc", NULL, NULL);
    json_kv_string(r.json, "mode", listed ? "list" : "random");
    json_key(r.json, "operations");
    json_array_begin(r.json);
  } else {
    print_header(&o);
    if (o.picture)
      print_legend(&r);
  }
  if (listed)
    run_list(&r, listed, nlisted);
  else
    run_random(&r, &rng);
  if (r.json) {
    json_array_end(r.json);
    json_kv_int(r.json, "allocs", r.allocs);
    json_kv_int(r.json, "failed_allocs", r.failed);
    json_kv_int(r.json, "frees", r.frees);
    long long free_bytes = 0;
    for (size_t i = 0; i < r.h.nfree; i++)
      free_bytes += r.h.free_list[i].size;
    json_kv_int(r.json, "free_chunks", (long long)r.h.nfree);
    json_kv_int(r.json, "free_bytes", free_bytes);
    json_object_end(r.json);
    json_finish(r.json);
    free(r.json);
  }
  lb_flush(&r.line, stdout);
  lb_free(&r.line);
  heap_destroy(&r.h);
  free(listed);
  return 0;
}
