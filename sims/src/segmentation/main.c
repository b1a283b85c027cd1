/* segmentation: translate virtual addresses through two segments, one
 * growing up and one growing down. A drop-in for OSTEP's segmentation.py. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "lists.h"
#include "opts.h"
#include "pynum.h"
#include "seg.h"
#include "vmsim.h"

typedef struct {
  char *seed;
  const char *addresses_text, *asize_text, *psize_text;
  const char *base0_text, *len0_text, *base1_text, *len1_text;
  long long naddresses;
  bool compute, json, picture;
} options;

/* The addresses to translate: drawn, or the -A list up to its first bad
 * item. */
typedef struct {
  bool random;
  long long count;   /* addresses to translate */
  long long *list;   /* the -A values */
  char *bad_address; /* the first -A address outside the address space (its
                        decimal text), which ends the trace; or NULL */
} address_source;

static address_source parse_addresses(const options *o, const seg_problem *p) {
  address_source src = {.random = !strcmp(o->addresses_text, "-1")};
  if (src.random) {
    src.count = o->naddresses > 0 ? o->naddresses : 0;
    return src;
  }
  str_list items = list_split(o->addresses_text, ',');
  src.list = malloc(items.count * sizeof *src.list);
  if (!src.list)
    opts_die("out of memory");
  for (size_t i = 0; i < items.count && !src.bad_address; i++) {
    char *decimal = NULL;
    pynum_status status = pyint_parse_decimal(items.items[i], PYINT_PLAIN, &decimal);
    if (status != PYNUM_OK)
      opts_die("option -A: '%s' is not an integer (a comma-separated list of addresses, or -1)",
               items.items[i]);
    long long va = 0;
    if (pyint_parse(items.items[i], PYINT_PLAIN, &va) != PYNUM_OK || va < 0 ||
        va >= p->address_space) {
      src.bad_address = decimal;
    } else {
      src.list[src.count++] = va;
      free(decimal);
    }
  }
  list_free(&items);
  return src;
}

static long long next_address(const address_source *src, long long i, const seg_problem *p,
                              pyrandom *rng) {
  return src->random ? vm_draw_below(p->address_space, rng) : src->list[i];
}

static vm_translation translate(const seg_problem *p, long long va) {
  vm_translation t = {.va = va, .segment = seg_segment(p, va)};
  t.valid = seg_translate(p, va, &t.pa);
  return t;
}

static void print_args(const options *o) {
  printf("ARG seed %s\n", o->seed);
  printf("ARG address space size %s\n", o->asize_text);
  printf("ARG phys mem size %s\n", o->psize_text);
  printf("\n");
}

static void print_registers(const seg_problem *p) {
  char hex[32];
  printf("Segment register information:\n\n");
  printf("  Segment 0 base  (grows positive) : 0x%s (decimal %lld)\n", vm_hex(p->base0, 8, hex),
         p->base0);
  printf("  Segment 0 limit                  : %lld\n\n", p->len0);
  long long top = p->base1 + p->len1;
  printf("  Segment 1 base  (grows negative) : 0x%s (decimal %lld)\n", vm_hex(top, 8, hex), top);
  printf("  Segment 1 limit                  : %lld\n\n", p->len1);
}

/* The trace; false when an address outside the address space ended it. */
static bool print_trace(const options *o, const seg_problem *p, const address_source *src,
                        pyrandom *rng) {
  printf("Virtual Address Trace\n");
  for (long long i = 0; i < src->count; i++) {
    vm_translation t = {.va = next_address(src, i, p, rng)};
    if (t.va < 0 || t.va >= p->address_space) { /* a negative address space */
      printf("Error: virtual address %lld cannot be generated in an address space of size "
             "%lld\n",
             t.va, p->address_space);
      return false;
    }
    t = translate(p, t.va);
    vm_print_translation(i, &t, o->compute);
  }
  if (src->bad_address) {
    printf("Error: virtual address %s cannot be generated in an address space of size %lld\n",
           src->bad_address, p->address_space);
    return false;
  }
  printf("\n");
  if (!o->compute)
    printf("For each virtual address, either write down the physical address it translates to\n"
           "OR write down that it is an out-of-bounds address (a segmentation violation). For\n"
           "this problem, you should assume a simple address space with two segments: the top\n"
           "bit of the virtual address can thus be used to check whether the virtual address\n"
           "is in segment 0 (topbit=0) or segment 1 (topbit=1). Note that the base/limit pairs\n"
           "given to you grow in different directions, depending on the segment, i.e., segment "
           "0\n"
           "grows in the positive direction, whereas segment 1 in the negative. \n"
           "\n");
  return true;
}

typedef struct {
  long long base0, len0, base1, len1; /* the option values, -1 for drawn */
} register_options;

/* The original reads these string options as numbers: bytes in --json. */
typedef struct {
  const seg_problem *p;
  const register_options *r;
} json_sizes;

static bool size_option(json_writer *w, const opt_spec *spec, void *ctx) {
  const seg_problem *p = ((const json_sizes *)ctx)->p;
  const register_options *r = ((const json_sizes *)ctx)->r;
  switch (spec->short_name) {
  case 'a': json_int(w, p->address_space); return true;
  case 'p': json_int(w, p->physical_memory); return true;
  case 'b': json_int(w, r->base0); return true;
  case 'l': json_int(w, r->len0); return true;
  case 'B': json_int(w, r->base1); return true;
  case 'L': json_int(w, r->len1); return true;
  default: return false;
  }
}

static void print_json(const options *o, const register_options *r, const seg_problem *p,
                       const address_source *src, pyrandom *rng) {
  static json_writer w;
  json_sizes sizes = {p, r};
  vm_json_begin(&w, "segmentation", size_option, &sizes);
  json_kv_int(&w, "address_space_size", p->address_space);
  json_kv_int(&w, "physical_memory_size", p->physical_memory);
  json_key(&w, "segments");
  json_array_begin(&w);
  json_object_begin_compact(&w);
  json_kv_int(&w, "segment", 0);
  json_kv_string(&w, "grows", "positive");
  json_kv_int(&w, "base", p->base0);
  json_kv_int(&w, "limit", p->len0);
  json_kv_int(&w, "physical_start", p->base0);
  json_kv_int(&w, "virtual_start", 0);
  json_object_end(&w);
  json_object_begin_compact(&w);
  json_kv_int(&w, "segment", 1);
  json_kv_string(&w, "grows", "negative");
  json_kv_int(&w, "base", p->base1 + p->len1);
  json_kv_int(&w, "limit", p->len1);
  json_kv_int(&w, "physical_start", p->base1);
  json_kv_int(&w, "virtual_start", p->address_space - p->len1);
  json_object_end(&w);
  json_array_end(&w);
  json_key(&w, "translations");
  json_array_begin(&w);
  long long valid = 0;
  for (long long i = 0; i < src->count; i++) {
    vm_translation t = translate(p, next_address(src, i, p, rng));
    vm_json_translation(&w, &t);
    valid += t.valid;
  }
  vm_json_end(&w, src->count, valid);
}

int main(int argc, char **argv) {
  static char outbuf[1 << 16];
  setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
  options o = {
      .seed = "0",
      .addresses_text = "-1",
      .asize_text = "1k",
      .psize_text = "16k",
      .base0_text = "-1",
      .len0_text = "-1",
      .base1_text = "-1",
      .len1_text = "-1",
      .naddresses = 5,
  };
  const opt_spec specs[] = {
      {'s', "seed", OPT_BIGINT, &o.seed, NULL, "the random seed"},
      {'A', "addresses", OPT_STRING, &o.addresses_text, NULL,
       "comma-separated virtual addresses to translate; -1 draws them at random"},
      {'a', "asize", OPT_STRING, &o.asize_text, NULL,
       "size of the address space (e.g. 16, 64k, 32m, 1g)"},
      {'p', "physmem", OPT_STRING, &o.psize_text, "PSIZE",
       "size of physical memory (e.g. 16, 64k, 32m, 1g)"},
      {'n', "numaddrs", OPT_INT, &o.naddresses, "NUM",
       "how many random virtual addresses to translate"},
      {'b', "b0", OPT_STRING, &o.base0_text, "BASE0",
       "value of the segment 0 base register; -1 draws it"},
      {'l', "l0", OPT_STRING, &o.len0_text, "LEN0",
       "value of the segment 0 limit register; -1 draws it"},
      {'B', "b1", OPT_STRING, &o.base1_text, "BASE1",
       "value of the segment 1 base register (its top end); -1 draws it"},
      {'L', "l1", OPT_STRING, &o.len1_text, "LEN1",
       "value of the segment 1 limit register; -1 draws it"},
      {'c', NULL, OPT_FLAG, &o.compute, NULL, "compute the answers", "solve"},
      {0, "json", OPT_FLAG, &o.json, NULL, "print the segments and every translation as JSON"},
      {0, "picture", OPT_FLAG, &o.picture, NULL,
       "draw the address space and where its segments lie in physical memory"},
  };
  opts_parse(argc, argv, specs, (int)(sizeof specs / sizeof specs[0]));

  seg_problem p = {
      .address_space = vm_size_option("-a", o.asize_text),
      .physical_memory = vm_size_option("-p", o.psize_text),
  };
  const char *refusal = seg_size_error(p.address_space, p.physical_memory);
  if (refusal) {
    if (o.json)
      opts_die("%s", refusal);
    print_args(&o);
    printf("Error: %s\n", refusal);
    return 1;
  }
  register_options r;
  r.len0 = vm_size_option("-l", o.len0_text);
  r.len1 = vm_size_option("-L", o.len1_text);
  r.base0 = vm_size_option("-b", o.base0_text);
  r.base1 = vm_size_option("-B", o.base1_text);

  pyrandom rng;
  if (pyrandom_seed_str(&rng, o.seed) != 0)
    opts_die("option -s: invalid seed '%s'", o.seed);
  seg_status status = seg_place(&p, r.len0, r.len1, r.base0, r.base1, &rng, &refusal);
  if (status == SEG_BAD || (status == SEG_REFUSED && o.json))
    opts_die("%s", refusal);
  if (status == SEG_REFUSED) {
    print_args(&o);
    printf("Error: %s\n", refusal);
    return 1;
  }
  /* The original reads -A only after its overlap check. */
  bool overlap = seg_overlap(&p);
  if (overlap && o.json)
    opts_die("segments overlap in physical memory");
  address_source addresses = {0};
  if (!overlap)
    addresses = parse_addresses(&o, &p);
  if (o.json) {
    if (addresses.bad_address)
      opts_die("virtual address %s cannot be generated in an address space of size %lld",
               addresses.bad_address, p.address_space);
    if (addresses.random && addresses.count > 0 && p.address_space < 0)
      opts_die("virtual addresses cannot be generated in an address space of size %lld",
               p.address_space);
    print_json(&o, &r, &p, &addresses, &rng);
    return 0;
  }

  print_args(&o);
  print_registers(&p);
  int rc = 1;
  if (overlap)
    printf("Error: segments overlap in physical memory\n");
  else if (print_trace(&o, &p, &addresses, &rng))
    rc = 0;
  if (rc == 0 && o.picture) {
    vm_piece pieces[2] = {
        {'0', "segment 0 (grows positive)", 0, p.base0, p.len0},
        {'1', "segment 1 (grows negative)", p.address_space - p.len1, p.base1, p.len1},
    };
    vm_picture(stdout, p.address_space, p.physical_memory, pieces, 2);
  }
  free(addresses.list);
  free(addresses.bad_address);
  return rc;
}
