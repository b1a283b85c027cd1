#include "reloc.h"

#include "vmsim.h"

const char *reloc_size_error(long long address_space, long long physical_memory) {
  if (physical_memory <= 1)
    return "Error: must specify a non-zero physical memory size.";
  if (address_space == 0)
    return "Error: must specify a non-zero address-space size.";
  if (physical_memory <= address_space)
    return "Error: physical memory size must be GREATER than address space size (for this "
           "simulation)";
  return NULL;
}

const char *reloc_place(reloc_problem *p, long long limit, long long base, pyrandom *rng) {
  if (limit == -1)
    limit = vm_draw_length(p->address_space, rng);
  p->limit = limit;
  if (base == -1) {
    const char *problem =
        vm_placement_problem(p->physical_memory, vm_bases_below(p->physical_memory, limit),
                             "an address space of this limit");
    if (problem)
      return problem;
    do
      base = vm_draw_below(p->physical_memory, rng);
    while (base + limit >= p->physical_memory);
  }
  p->base = base;
  return NULL;
}

bool reloc_fits(const reloc_problem *p) {
  return p->base + p->limit <= p->physical_memory;
}

bool reloc_translate(const reloc_problem *p, long long va, long long *pa) {
  if (va >= p->limit)
    return false;
  *pa = va + p->base;
  return true;
}
