#include "seg.h"

#include <math.h>

#include "vmsim.h"

const char *seg_size_error(long long address_space, long long physical_memory) {
  if (physical_memory <= 4)
    return "must specify a bigger physical memory size";
  if (address_space == 0)
    return "must specify a non-zero address-space size";
  if (physical_memory <= address_space)
    return "physical memory size > address space size (for this simulation)";
  return NULL;
}

/* Python's asize / 2: a float, which comparisons then use exactly. */
static double half(long long address_space) {
  return (double)address_space / 2.0;
}

/* How many b in 0 .. P-1 the original accepts for segment 1: it must end
 * below P and lie wholly above or wholly below segment 0. */
static long long base1_choices(const seg_problem *p) {
  long long P = p->physical_memory;
  long long hi = P - 1 - p->len1 < P - 1 ? P - 1 - p->len1 : P - 1;
  long long above = p->base0 + p->len0 + 1 > 0 ? p->base0 + p->len0 + 1 : 0;
  long long below = p->base0 - p->len1 - 1 < hi ? p->base0 - p->len1 - 1 : hi;
  return vm_count(above, hi) + vm_count(0, below) - vm_count(above, below);
}

static seg_status refuse(const char **message, const char *text) {
  *message = text;
  return SEG_REFUSED;
}

seg_status seg_place(seg_problem *p, long long len0, long long len1, long long base0,
                     long long base1, pyrandom *rng, const char **message) {
  long long P = p->physical_memory;
  if (len0 == -1)
    len0 = vm_draw_length(p->address_space, rng);
  if (len1 == -1)
    len1 = vm_draw_length(p->address_space, rng);
  p->len0 = len0;
  p->len1 = len1;
  if ((base0 == -1 || base1 == -1) && P <= 2 * p->address_space)
    return refuse(message, "physical memory must be 2x GREATER than address space size (if "
                           "randomly generating base registers)");
  if (base0 == -1) {
    *message = vm_placement_problem(P, vm_bases_below(P, len0), "segment 0");
    if (*message)
      return SEG_BAD;
    do
      base0 = vm_draw_below(P, rng);
    while (base0 + len0 >= P);
  }
  p->base0 = base0;
  if (base1 == -1) {
    *message = vm_placement_problem(P, base1_choices(p), "segment 1");
    if (*message)
      return SEG_BAD;
    for (;;) {
      base1 = vm_draw_below(P, rng);
      if (base1 + len1 < P && (base1 > base0 + len0 || base1 + len1 < base0))
        break;
    }
  } else {
    base1 -= len1;
  }
  p->base1 = base1;
  if (P < base0 + len0 - 1)
    return refuse(message, "seg0 is not in physical memory");
  if (P < base1)
    return refuse(message, "seg1 is not in physical memory");
  /* Python compares the integer with the float exactly. */
  if (len0 > (long long)floor(half(p->address_space)))
    return refuse(message, "length0 register is too large for this address space");
  if (len1 > (long long)floor(half(p->address_space)))
    return refuse(message, "length1 register is too large for this address space");
  return SEG_OK;
}

bool seg_overlap(const seg_problem *p) {
  return p->len0 + p->base0 > p->base1 && p->base1 > p->base0;
}

int seg_segment(const seg_problem *p, long long va) {
  return va >= (long long)ceil(half(p->address_space));
}

bool seg_translate(const seg_problem *p, long long va, long long *pa) {
  if (seg_segment(p, va)) {
    /* a negative offset from the top of segment 1 */
    long long addr = p->base1 + p->len1 + (va - p->address_space);
    if (addr < p->base1)
      return false;
    *pa = addr;
    return true;
  }
  if (va >= p->len0)
    return false;
  *pa = va + p->base0;
  return true;
}
