/* relocation: translate virtual addresses with a base and a bounds
 * register. A drop-in for OSTEP's relocation.py. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "opts.h"
#include "reloc.h"
#include "vmsim.h"

typedef struct {
  char *seed;
  const char *asize_text, *psize_text, *base_text, *limit_text;
  long long naddresses;
  bool compute, json, picture;
} options;

static void print_args(const options *o) {
  printf("\n");
  printf("ARG seed %s\n", o->seed);
  printf("ARG address space size %s\n", o->asize_text);
  printf("ARG phys mem size %s\n", o->psize_text);
  printf("\n");
}

static void print_registers(const reloc_problem *p) {
  char hex[32];
  printf("Base-and-Bounds register information:\n\n");
  printf("  Base   : 0x%s (decimal %lld)\n", vm_hex(p->base, 8, hex), p->base);
  printf("  Limit  : %lld\n\n", p->limit);
}

static vm_translation translate(const reloc_problem *p, pyrandom *rng) {
  vm_translation t = {.va = vm_draw_below(p->address_space, rng), .segment = -1};
  t.valid = reloc_translate(p, t.va, &t.pa);
  return t;
}

static void print_trace(const options *o, const reloc_problem *p, pyrandom *rng) {
  printf("Virtual Address Trace\n");
  for (long long i = 0; i < o->naddresses; i++) {
    vm_translation t = translate(p, rng);
    vm_print_translation(i, &t, o->compute);
  }
  printf("\n");
  if (!o->compute)
    printf("For each virtual address, either write down the physical address it translates to\n"
           "OR write down that it is an out-of-bounds address (a segmentation violation). For\n"
           "this problem, you should assume a simple virtual address space of a given size.\n"
           "\n");
}

/* The option values in bytes, for --json (the original reads the size
 * options as numbers). */
typedef struct {
  long long asize, psize, base, limit;
} sizes;

static bool size_option(json_writer *w, const opt_spec *spec, void *ctx) {
  const sizes *s = ctx;
  switch (spec->short_name) {
  case 'a': json_int(w, s->asize); return true;
  case 'p': json_int(w, s->psize); return true;
  case 'b': json_int(w, s->base); return true;
  case 'l': json_int(w, s->limit); return true;
  default: return false;
  }
}

static void print_json(const options *o, const reloc_problem *p, long long base_opt,
                       long long limit_opt, pyrandom *rng) {
  static json_writer w;
  sizes s = {p->address_space, p->physical_memory, base_opt, limit_opt};
  vm_json_begin(&w, "relocation", size_option, &s);
  json_kv_int(&w, "address_space_size", p->address_space);
  json_kv_int(&w, "physical_memory_size", p->physical_memory);
  json_kv_int(&w, "base", p->base);
  json_kv_int(&w, "limit", p->limit);
  json_key(&w, "translations");
  json_array_begin(&w);
  long long valid = 0;
  for (long long i = 0; i < o->naddresses; i++) {
    vm_translation t = translate(p, rng);
    vm_json_translation(&w, &t);
    valid += t.valid;
  }
  vm_json_end(&w, o->naddresses > 0 ? o->naddresses : 0, valid);
}

int main(int argc, char **argv) {
  static char outbuf[1 << 16];
  setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
  options o = {
      .seed = "0",
      .asize_text = "1k",
      .psize_text = "16k",
      .base_text = "-1",
      .limit_text = "-1",
      .naddresses = 5,
  };
  const opt_spec specs[] = {
      {'s', "seed", OPT_BIGINT, &o.seed, NULL, "the random seed"},
      {'a', "asize", OPT_STRING, &o.asize_text, NULL,
       "size of the address space (e.g. 16, 64k, 32m, 1g)"},
      {'p', "physmem", OPT_STRING, &o.psize_text, "PSIZE",
       "size of physical memory (e.g. 16, 64k, 32m, 1g)"},
      {'n', "addresses", OPT_INT, &o.naddresses, "NUM",
       "how many random virtual addresses to translate"},
      {'b', "b", OPT_STRING, &o.base_text, "BASE", "value of the base register; -1 draws it"},
      {'l', "l", OPT_STRING, &o.limit_text, "LIMIT", "value of the limit register; -1 draws it"},
      {'c', "compute", OPT_FLAG, &o.compute, NULL, "compute the answers"},
      {0, "json", OPT_FLAG, &o.json, NULL, "print the registers and every translation as JSON"},
      {0, "picture", OPT_FLAG, &o.picture, NULL,
       "draw the address space and where it lies in physical memory"},
  };
  opts_parse(argc, argv, specs, (int)(sizeof specs / sizeof specs[0]));

  reloc_problem p = {
      .address_space = vm_size_option("-a", o.asize_text),
      .physical_memory = vm_size_option("-p", o.psize_text),
  };
  const char *refusal = reloc_size_error(p.address_space, p.physical_memory);
  if (refusal) {
    if (o.json)
      opts_die("%s", refusal + strlen("Error: "));
    print_args(&o);
    printf("%s\n", refusal);
    return 1;
  }
  long long limit = vm_size_option("-l", o.limit_text);
  long long base = vm_size_option("-b", o.base_text);

  pyrandom rng;
  if (pyrandom_seed_str(&rng, o.seed) != 0)
    opts_die("option -s: invalid seed '%s'", o.seed);
  const char *problem = reloc_place(&p, limit, base, &rng);
  if (problem)
    opts_die("%s", problem);
  if (o.json) {
    if (!reloc_fits(&p))
      opts_die("address space does not fit into physical memory with those base/bounds values "
               "(base + limit = %lld, physical memory %lld)",
               p.base + p.limit, p.physical_memory);
    print_json(&o, &p, base, limit, &rng);
    return 0;
  }

  print_args(&o);
  print_registers(&p);
  if (!reloc_fits(&p)) {
    printf("Error: address space does not fit into physical memory with those base/bounds "
           "values.\n");
    printf("Base + Limit: %lld   Psize: %lld\n", p.base + p.limit, p.physical_memory);
    return 1;
  }
  print_trace(&o, &p, &rng);
  if (o.picture) {
    vm_piece piece = {'A', "in bounds (below the limit)", 0, p.base, p.limit};
    vm_picture(stdout, p.address_space, p.physical_memory, &piece, 1);
  }
  return 0;
}
