// Swap slots: the swap disk in page-sized slots, each with a count of the swapped PTEs that
// hold it (fork gives a child the parent's swapped pages by sharing their slots).
//
// Pages are written behind: swap_out takes a page for its slot and queues it; the queue is
// written when it is full (swap_write_queued), runs of neighbouring slots in one disk request
// each, and then its pages are freed. Until its write is done a page stays in RAM: reading
// its slot copies it from there, and freeing the slot frees it without a write.

#include "kernel/types.h"
#include "kernel/vmstat.h"
#include "kernel/arch/riscv.h"
#include "kernel/lib/spinlock.h"
#include "kernel/lib/printf.h"
#include "kernel/lib/string.h"
#include "kernel/mem/kalloc.h"
#include "kernel/mem/vm.h"
#include "kernel/mem/swap.h"

#define MAXSLOTS 8192 // 32 MB of swap at most; a bigger disk's rest is unused

static struct {
  struct spinlock lock;
  uint64 nslots, used;
  uint64 next; // where the search for a free slot starts
  uchar refs[MAXSLOTS];
  char *unwritten[MAXSLOTS]; // the slot's page, not on the disk yet
  uchar writing[MAXSLOTS];   // its write is in flight: only the writer may free the page
  uint64 queue[SWAP_BATCH];  // slots whose page waits for the next swap_write_queued
  int queued;
  void (*rw)(struct swap_io *io, int n, int write);
} swap;

void swap_attach(uint64 nslots, void (*rw)(struct swap_io *, int, int)) {
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
    if (swap.refs[s] == 0 && swap.unwritten[s] == 0) { // not freed while being written
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

// Nobody needs slot's unwritten page any more: free it, unless its writer will.
static void drop_unwritten(uint64 slot) {
  if (swap.unwritten[slot] == 0 || swap.writing[slot])
    return;
  for (int i = 0; i < swap.queued; i++)
    if (swap.queue[i] == slot)
      swap.queue[i] = swap.queue[--swap.queued];
  kfree(swap.unwritten[slot]);
  swap.unwritten[slot] = 0;
}

void swap_free(uint64 slot) {
  acquire(&swap.lock);
  if (slot >= swap.nslots || swap.refs[slot] == 0)
    panic("swap_free");
  if (--swap.refs[slot] == 0) {
    swap.used--;
    drop_unwritten(slot);
  }
  release(&swap.lock);
}

int swap_read(uint64 slot, char *page) {
  acquire(&swap.lock);
  char *unwritten = slot < swap.nslots ? swap.unwritten[slot] : 0;
  if (unwritten)
    memmove(page, unwritten, PGSIZE);
  release(&swap.lock);
  if (unwritten)
    return 0;
  VMSTAT_INC(swap_reads);
  char *pages[1] = {page};
  struct swap_io io = {slot, pages, 1, 0};
  swap.rw(&io, 1, 0);
  return io.status;
}

void swap_out(uint64 slot, char *page) {
  acquire(&swap.lock);
  if (slot >= swap.nslots || swap.refs[slot] == 0 || swap.unwritten[slot] ||
      swap.queued == SWAP_BATCH)
    panic("swap_out");
  swap.unwritten[slot] = page;
  swap.queue[swap.queued++] = slot;
  release(&swap.lock);
}

int swap_queue_full(void) {
  if (swap.nslots == 0)
    return 0; // no swap disk: the lock was never set up
  acquire(&swap.lock);
  int full = swap.queued == SWAP_BATCH;
  release(&swap.lock);
  return full;
}

int swap_write_queued(void) {
  uint64 slot[SWAP_BATCH];
  char *page[SWAP_BATCH];
  if (swap.nslots == 0)
    return 0;
  acquire(&swap.lock);
  int n = swap.queued;
  for (int i = 0; i < n; i++) { // sorted, so that neighbours go in one request
    int j = i;
    for (; j > 0 && slot[j - 1] > swap.queue[i]; j--)
      slot[j] = slot[j - 1];
    slot[j] = swap.queue[i];
  }
  for (int i = 0; i < n; i++) {
    page[i] = swap.unwritten[slot[i]];
    swap.writing[slot[i]] = 1;
  }
  swap.queued = 0;
  release(&swap.lock);
  if (n == 0)
    return 0;

  struct swap_io io[SWAP_BATCH];
  int nio = 0;
  for (int i = 0; i < n; i++) {
    if (nio > 0 && io[nio - 1].slot + io[nio - 1].n == slot[i])
      io[nio - 1].n++;
    else
      io[nio++] = (struct swap_io){slot[i], &page[i], 1, 0};
  }
  VMSTAT_ADD(swap_writes, nio);
  swap.rw(io, nio, 1);

  // A page whose write failed stays in RAM until its slot is freed.
  int failed = 0;
  acquire(&swap.lock);
  for (int r = 0; r < nio; r++) {
    for (int k = 0; k < io[r].n; k++) {
      uint64 s = io[r].slot + k;
      swap.writing[s] = 0;
      if (io[r].status == 0 || swap.refs[s] == 0) {
        kfree(swap.unwritten[s]);
        swap.unwritten[s] = 0;
      }
    }
    failed |= io[r].status != 0;
  }
  release(&swap.lock);
  return failed ? -1 : n;
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
