/* Segmentation with two segments (the book's chapter "Segmentation"): the
 * top bit of a virtual address picks the segment; segment 0 grows up from
 * virtual 0, segment 1 grows down from the top of the address space. */
#ifndef SEG_H
#define SEG_H

#include <stdbool.h>

#include "pyrandom.h"

typedef struct {
  long long address_space, physical_memory; /* bytes */
  long long base0, len0;                    /* segment 0: physical [base0, base0 + len0) */
  /* Segment 1 lies at physical [base1, base1 + len1); its base register, as
   * printed and as given with -B, is the top end base1 + len1. */
  long long base1, len1;
} seg_problem;

typedef enum {
  SEG_OK,
  SEG_REFUSED, /* the original prints "Error: <message>" on stdout, exit 1 */
  SEG_BAD,     /* the original would loop forever or for hours */
} seg_status;

/* The original's checks on the two sizes, in its order: NULL or the
 * message. */
const char *seg_size_error(long long address_space, long long physical_memory);

/* Sets the registers as the original does, given the option values (-1:
 * draw): both lengths first, then base 0, then base 1 away from segment 0;
 * then its checks that the segments fit. base1 is the -B value (the top
 * end). *message explains anything but SEG_OK. */
seg_status seg_place(seg_problem *p, long long len0, long long len1, long long base0,
                     long long base1, pyrandom *rng, const char **message);

/* The original's last check, made after it prints the registers. */
bool seg_overlap(const seg_problem *p);

/* The segment of a virtual address: 1 when it is in the upper half. */
int seg_segment(const seg_problem *p, long long va);

/* Translates an address in 0 .. address_space-1: false for a segmentation
 * violation in its segment. */
bool seg_translate(const seg_problem *p, long long va, long long *pa);

#endif
