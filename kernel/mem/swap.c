// Swap slots: the swap disk in page-sized slots, each with a count of the swapped PTEs that
// hold it (fork gives a child the parent's swapped pages by sharing their slots).

#include "kernel/types.h"
#include "kernel/vmstat.h"
#include "kernel/arch/riscv.h"
#include "kernel/lib/spinlock.h"
#include "kernel/lib/printf.h"
#include "kernel/mem/vm.h"
#include "kernel/mem/swap.h"

#define MAXSLOTS 8192 // 32 MB of swap at most; a bigger disk's rest is unused

static struct {
  struct spinlock lock;
  uint64 nslots, used;
  uint64 next; // where the search for a free slot starts
  uchar refs[MAXSLOTS];
  int (*rw)(uint64 slot, char *page, int write);
} swap;

void swap_attach(uint64 nslots, int (*rw)(uint64, char *, int)) {
  initlock(&swap.lock, "swap");
  swap.nslots = nslots < MAXSLOTS ? nslots : MAXSLOTS;
  swap.rw = rw;
  vmstats_all.swap_slots = swap.nslots;
  printf("swap: %d slots of %d KB\n", (int)swap.nslots, PGSIZE / 1024);
}

int swap_enabled(void) {
  return swap.nslots > 0;
}

long swap_alloc(void) {
  if (swap.nslots == 0)
    return -1;
  acquire(&swap.lock);
  long slot = -1;
  for (uint64 i = 0; i < swap.nslots; i++) {
    uint64 s = (swap.next + i) % swap.nslots;
    if (swap.refs[s] == 0) {
      swap.refs[s] = 1;
      swap.used++;
      swap.next = (s + 1) % swap.nslots;
      slot = s;
      break;
    }
  }
  release(&swap.lock);
  return slot;
}

void swap_dup(uint64 slot) {
  acquire(&swap.lock);
  if (slot >= swap.nslots || swap.refs[slot] == 0 || swap.refs[slot] == 0xff)
    panic("swap_dup");
  swap.refs[slot]++;
  release(&swap.lock);
}

void swap_free(uint64 slot) {
  acquire(&swap.lock);
  if (slot >= swap.nslots || swap.refs[slot] == 0)
    panic("swap_free");
  if (--swap.refs[slot] == 0)
    swap.used--;
  release(&swap.lock);
}

int swap_read(uint64 slot, char *page) {
  VMSTAT_INC(swap_reads);
  return swap.rw(slot, page, 0);
}

int swap_write(uint64 slot, char *page) {
  VMSTAT_INC(swap_writes);
  return swap.rw(slot, page, 1);
}

void swap_counts(uint64 *slots, uint64 *used) {
  *slots = *used = 0;
  if (swap.nslots == 0)
    return; // no swap disk: the lock was never set up
  acquire(&swap.lock);
  *slots = swap.nslots;
  *used = swap.used;
  release(&swap.lock);
}
