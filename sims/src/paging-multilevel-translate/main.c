/* paging-multilevel-translate: translate virtual addresses through a
 * two-level page table laid out in a dump of physical memory. A drop-in
 * for OSTEP's paging-multilevel-translate.py. */
#include <stdio.h>

#include "json.h"
#include "multilevel.h"
#include "opts.h"

typedef struct {
  char *seed;
  long long allocated, naddresses;
  bool compute, json;
} options;

static void print_entry(const char *indent, const char *name, int index, int entry) {
  int frame = entry & 0x7f;
  printf("%s--> %s index:0x%x [decimal %d] %s contents:0x%x (valid %d, pfn 0x%02x [decimal %d])\n",
         indent, name, index, index, name, entry, entry >> 7, frame, frame);
}

static void print_text(const options *o, const ml_machine *m, pyrandom *rng) {
  printf("ARG seed %s\nARG allocated %lld\nARG num %lld\n\n", o->seed, o->allocated, o->naddresses);
  for (int frame = 0; frame < ML_FRAMES; frame++) {
    printf("page %3d:", frame);
    for (int j = 0; j < ML_PAGE_SIZE; j++)
      printf("%02x", m->memory[frame * ML_PAGE_SIZE + j]);
    printf("\n");
  }
  printf("\nPDBR: %d  (decimal) [This means the page directory is held in this page]\n\n", m->pdbr);

  for (long long i = 0; i < o->naddresses; i++) {
    int va = ml_next_address(m, rng, i);
    if (!o->compute) {
      printf("Virtual Address %04x: Translates To What Physical Address (And Fetches what "
             "Value)? Or Fault?\n",
             va);
      continue;
    }
    ml_walk walk;
    ml_translate(m, va, &walk);
    printf("Virtual Address 0x%04x:\n", va);
    print_entry("  ", "pde", walk.pde_index, walk.pde);
    if (walk.result != ML_PDE_FAULT)
      print_entry("    ", "pte", walk.pte_index, walk.pte);
    switch (walk.result) {
    case ML_TRANSLATED:
      printf("      --> Translates to Physical Address 0x%03x --> Value: 0x%02x\n", walk.paddr,
             walk.value);
      break;
    case ML_PDE_FAULT: printf("      --> Fault (page directory entry not valid)\n"); break;
    case ML_PTE_FAULT: printf("      --> Fault (page table entry not valid)\n"); break;
    }
  }
  printf("\n");
}

static const char *result_name(ml_result r) {
  switch (r) {
  case ML_TRANSLATED: return "translated";
  case ML_PDE_FAULT: return "pde-fault";
  default: return "pte-fault";
  }
}

static void print_json(const options *o, const ml_machine *m, pyrandom *rng) {
  json_writer w;
  json_init(&w, stdout);
  json_document_begin(&w, "paging-multilevel-translate", NULL, NULL);
  json_kv_int(&w, "page_size", ML_PAGE_SIZE);
  json_kv_int(&w, "pdbr", m->pdbr);

  json_key(&w, "allocated_vpns");
  json_array_begin_compact(&w);
  for (int i = 0; i < m->nallocated; i++)
    json_int(&w, m->allocated[i]);
  json_array_end(&w);

  json_key(&w, "memory"); /* one array of bytes per frame */
  json_array_begin(&w);
  for (int frame = 0; frame < ML_FRAMES; frame++) {
    json_array_begin_compact(&w);
    for (int j = 0; j < ML_PAGE_SIZE; j++)
      json_int(&w, m->memory[frame * ML_PAGE_SIZE + j]);
    json_array_end(&w);
  }
  json_array_end(&w);

  json_key(&w, "addresses");
  json_array_begin(&w);
  for (long long i = 0; i < o->naddresses; i++) {
    int va = ml_next_address(m, rng, i);
    ml_walk walk;
    ml_translate(m, va, &walk);
    json_object_begin_compact(&w);
    json_kv_int(&w, "va", va);
    json_kv_string(&w, "result", result_name(walk.result));
    json_kv_int(&w, "pde_index", walk.pde_index);
    json_kv_int(&w, "pde", walk.pde);
    if (walk.result != ML_PDE_FAULT) {
      json_kv_int(&w, "pte_index", walk.pte_index);
      json_kv_int(&w, "pte", walk.pte);
    }
    if (walk.result == ML_TRANSLATED) {
      json_kv_int(&w, "pa", walk.paddr);
      json_kv_int(&w, "value", walk.value);
    }
    json_object_end(&w);
  }
  json_array_end(&w);
  json_object_end(&w);
  json_finish(&w);
}

int main(int argc, char **argv) {
  options o = {.seed = "0", .allocated = 64, .naddresses = 10};
  const opt_spec specs[] = {
      {'s', "seed", OPT_BIGINT, &o.seed, NULL, "the random seed"},
      {'a', "allocated", OPT_INT, &o.allocated, NULL, "how many virtual pages to allocate"},
      {'n', "addresses", OPT_INT, &o.naddresses, "NUM", "how many virtual addresses to draw"},
      {'c', "solve", OPT_FLAG, &o.compute, NULL, "compute the answers"},
      {0, "json", OPT_FLAG, &o.json, NULL, "print memory and every translation step as JSON"},
  };
  opts_parse(argc, argv, specs, (int)(sizeof specs / sizeof specs[0]));

  pyrandom rng;
  if (pyrandom_seed_str(&rng, o.seed) != 0)
    opts_die("option -s: invalid seed %s", opts_repr(o.seed));
  static ml_machine machine;
  if (!ml_build(&machine, &rng, o.allocated))
    opts_die("option -a: the %d frames of physical memory ran out after %d of %lld pages "
             "(with this seed; try fewer pages)",
             ML_FRAMES, machine.nallocated - 1, o.allocated);
  if (o.json)
    print_json(&o, &machine, &rng);
  else
    print_text(&o, &machine, &rng);
  return 0;
}
