/* Pieces shared by the address-translation simulators (relocation,
 * segmentation): the originals' size arguments, Python's hex formatting,
 * the guard on their random placement loops, and the --picture of an
 * address space placed in physical memory. */
#ifndef SIMS_VMSIM_H
#define SIMS_VMSIM_H

#include <stdbool.h>
#include <stdio.h>

#include "json.h"
#include "pyrandom.h"

/* Sizes and register values beyond this (2^60 bytes) are refused, so that
 * sums of two of them stay inside 64 bits. */
#define VM_MAX_SIZE (1LL << 60)

/* A random placement loop whose expected number of draws exceeds this is
 * refused instead of run (the original would run for hours). */
#define VM_MAX_EXPECTED_DRAWS 100000000LL

/* The originals' convert(): a number with an optional k, m or g suffix.
 * Dies (exit 2) naming opt when the text is malformed or beyond
 * VM_MAX_SIZE. */
long long vm_size_option(const char *opt, const char *text);

/* Python's '%0*x' % v (width 1 to 16): negative values get a '-' that
 * counts in the width. */
const char *vm_hex(long long v, int width, char buf[32]);

/* int(n * random()), as the originals draw addresses and bases. */
long long vm_draw_below(long long n, pyrandom *rng);
/* int(asize/4.0 + asize/4.0 * random()): a random segment length, a
 * quarter to a half of the address space. */
long long vm_draw_length(long long address_space, pyrandom *rng);

/* The originals draw a base int(range * random()) until it is acceptable,
 * and `accepted` of the values 0 .. range-1 are. Returns NULL when that
 * loop ends soon, else why not: no value is acceptable (the original loops
 * forever) or it would take more than VM_MAX_EXPECTED_DRAWS draws on
 * average. `what` names what is placed, for the message (static buffer). */
const char *vm_placement_problem(long long range, long long accepted, const char *what);

/* Number of integers in [lo, hi] (0 when hi < lo). */
long long vm_count(long long lo, long long hi);
/* How many bases b in 0 .. range-1 have b + length < range. */
long long vm_bases_below(long long range, long long length);

/* One translated address. */
typedef struct {
  long long va;
  int segment; /* 0 or 1; -1 where there are no segments */
  bool valid;
  long long pa; /* when valid */
} vm_translation;

/* The trace line of translation number i, as the originals print it: the
 * answer with `compute`, else the question. */
void vm_print_translation(long long i, const vm_translation *t, bool compute);

/* JSON: the document's start, "simulator" and "options" (custom and ctx
 * as for json_document_begin) ... */
void vm_json_begin(json_writer *w, const char *simulator, json_option_fn custom, void *ctx);
/* ... one translation in the "translations" array ... */
void vm_json_translation(json_writer *w, const vm_translation *t);
/* ... and the end: closes the array, adds the counts, finishes. */
void vm_json_end(json_writer *w, long long count, long long valid);

/* One piece of the address space for the picture: virtual bytes
 * [vstart, vstart + length) live at physical [pstart, pstart + length). */
typedef struct {
  char mark;
  const char *name;
  long long vstart, pstart, length;
} vm_piece;

/* The --picture: a bar of the address space and one of physical memory,
 * each piece drawn with its mark, then a legend. */
void vm_picture(FILE *out, long long address_space, long long physical_memory,
                const vm_piece *pieces, int npieces);

#endif
