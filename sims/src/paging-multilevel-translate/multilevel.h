/* A tiny machine with a two-level page table: 32-byte pages, 128 frames
 * (4 KiB of memory), a 32 KiB virtual address space split 5/5/5 bits into
 * page directory index, page table index and offset. Directory and table
 * entries are one byte: bit 7 valid, bits 0-6 the frame number; unused
 * entries hold 0x7f. */
#ifndef MULTILEVEL_H
#define MULTILEVEL_H

#include <stdbool.h>
#include <stdint.h>

#include "pyrandom.h"

#define ML_PAGE_SIZE     32
#define ML_PAGE_BITS     5
#define ML_FRAMES        128
#define ML_VIRTUAL_PAGES 1024
#define ML_VIRTUAL_SIZE  (ML_PAGE_SIZE * ML_VIRTUAL_PAGES)
#define ML_UNUSED_ENTRY  0x7f

typedef struct {
  uint8_t memory[ML_FRAMES * ML_PAGE_SIZE];
  bool frame_used[ML_FRAMES];
  int frames_used;
  int pdbr; /* frame of the page directory */
  /* Virtual pages in the order they were allocated. */
  int allocated[ML_VIRTUAL_PAGES];
  int nallocated;
} ml_machine;

/* Builds the process as the original does: a page directory frame, then per
 * page a random unused VPN, a data frame, a page table frame when its
 * directory entry is still empty, and 32 random bytes of data. Returns
 * false when the frames run out (the original fails an assertion). */
bool ml_build(ml_machine *m, pyrandom *rng, long long npages);

typedef enum { ML_TRANSLATED, ML_PDE_FAULT, ML_PTE_FAULT } ml_result;

/* Every step of one translation. */
typedef struct {
  int pde_index, pde; /* directory entry: index and contents */
  int pte_index, pte; /* table entry (when the PDE is valid) */
  int paddr, value;   /* when translated */
  ml_result result;
} ml_walk;

void ml_translate(const ml_machine *m, int vaddr, ml_walk *walk);

/* The i-th address to translate: half the time (and once the allocated
 * pages are used up) anywhere, else inside the i-th allocated page. */
int ml_next_address(const ml_machine *m, pyrandom *rng, long long i);

#endif
