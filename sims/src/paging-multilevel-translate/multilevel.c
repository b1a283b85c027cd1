#include "multilevel.h"

#include <string.h>

#define PDE_SHIFT  10
#define PTE_SHIFT  5
#define INDEX_MASK 0x1f
#define VALID_BIT  0x80
#define FRAME_MASK 0x7f

/* A random free frame, drawn until one is free; -1 when none is left. */
static int take_free_frame(ml_machine *m, pyrandom *rng) {
  if (m->frames_used >= ML_FRAMES)
    return -1;
  int frame;
  do
    frame = (int)(pyrandom_random(rng) * ML_FRAMES);
  while (m->frame_used[frame]);
  m->frame_used[frame] = true;
  m->frames_used++;
  return frame;
}

static uint8_t *frame_bytes(ml_machine *m, int frame) {
  return &m->memory[frame * ML_PAGE_SIZE];
}

static bool map_page(ml_machine *m, pyrandom *rng, int vpn, int data_frame) {
  uint8_t *pde = &frame_bytes(m, m->pdbr)[vpn >> (PDE_SHIFT - PTE_SHIFT)];
  if (!(*pde & VALID_BIT)) {
    int table = take_free_frame(m, rng);
    if (table < 0)
      return false;
    *pde = (uint8_t)(VALID_BIT | table);
    memset(frame_bytes(m, table), ML_UNUSED_ENTRY, ML_PAGE_SIZE);
  }
  uint8_t *pte = &frame_bytes(m, *pde & FRAME_MASK)[vpn & INDEX_MASK];
  *pte = (uint8_t)(VALID_BIT | data_frame);
  return true;
}

bool ml_build(ml_machine *m, pyrandom *rng, long long npages) {
  memset(m, 0, sizeof *m);
  m->pdbr = take_free_frame(m, rng);
  memset(frame_bytes(m, m->pdbr), ML_UNUSED_ENTRY, ML_PAGE_SIZE);

  bool vpn_used[ML_VIRTUAL_PAGES] = {false};
  for (long long i = 0; i < npages; i++) {
    /* Frames (128) always run out before virtual pages (1024) do, so
         * this search ends. */
    int vpn;
    do
      vpn = (int)(pyrandom_random(rng) * ML_VIRTUAL_PAGES);
    while (vpn_used[vpn]);
    vpn_used[vpn] = true;
    m->allocated[m->nallocated++] = vpn;

    int data = take_free_frame(m, rng);
    if (data < 0 || !map_page(m, rng, vpn, data))
      return false;
    uint8_t *bytes = frame_bytes(m, data);
    for (int j = 0; j < ML_PAGE_SIZE; j++)
      bytes[j] = (uint8_t)(pyrandom_random(rng) * 31);
  }
  return true;
}

void ml_translate(const ml_machine *m, int vaddr, ml_walk *walk) {
  memset(walk, 0, sizeof *walk);
  walk->pde_index = (vaddr >> PDE_SHIFT) & INDEX_MASK;
  walk->pde = m->memory[m->pdbr * ML_PAGE_SIZE + walk->pde_index];
  if (!(walk->pde & VALID_BIT)) {
    walk->result = ML_PDE_FAULT;
    return;
  }
  walk->pte_index = (vaddr >> PTE_SHIFT) & INDEX_MASK;
  walk->pte = m->memory[(walk->pde & FRAME_MASK) * ML_PAGE_SIZE + walk->pte_index];
  if (!(walk->pte & VALID_BIT)) {
    walk->result = ML_PTE_FAULT;
    return;
  }
  walk->paddr = (walk->pte & FRAME_MASK) << ML_PAGE_BITS | (vaddr & (ML_PAGE_SIZE - 1));
  walk->value = m->memory[walk->paddr];
  walk->result = ML_TRANSLATED;
}

int ml_next_address(const ml_machine *m, pyrandom *rng, long long i) {
  /* The coin is drawn even when no allocated page is left for it. */
  bool anywhere = pyrandom_random(rng) * 100 > 50.0;
  if (anywhere || i >= m->nallocated)
    return (int)(pyrandom_random(rng) * ML_VIRTUAL_SIZE);
  return m->allocated[i] << ML_PAGE_BITS | (int)(pyrandom_random(rng) * ML_PAGE_SIZE);
}
