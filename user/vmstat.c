// vmstat: the kernel's virtual-memory counters (kernel/vmstat.h).
//   vmstat            the whole system's, since boot
//   vmstat -p PID     one process's: what the kernel did while running it
//   vmstat N [COUNT]  the system's every N ticks, COUNT times (default 10): what changed
#include "kernel/types.h"
#include "kernel/vmstat.h"
#include "user/user.h"

static const char *fault_names[VM_FAULT_KINDS] = {"lazy", "cow", "pagein", "file", "guard", "bad"};
static const char *flush_names[VM_FLUSH_CAUSES] = {"switch", "reuse", "munmap", "cow",
                                                   "shrink", "exec",  "other"};

static void usage(void) {
  fprintf(2, "usage: vmstat [-p pid | ticks [count]]\n");
  exit(1);
}

static int number(const char *s) {
  if (*s == 0)
    return -1;
  for (const char *p = s; *p; p++)
    if (*p < '0' || *p > '9')
      return -1;
  return atoi(s);
}

static void get(int pid, struct vmstats *v) {
  if (vmstats(pid, v) < 0) {
    fprintf(2, "vmstat: no process %d\n", pid);
    exit(1);
  }
}

static void show(struct vmstats *v) {
  printf("faults ");
  for (int i = 0; i < VM_FAULT_KINDS; i++)
    printf(" %s %lu", fault_names[i], v->faults[i]);
  printf("\npages   allocated %lu cow_copies %lu in %lu out %lu\n", v->pages_allocated,
         v->cow_copies, v->pages_in, v->pages_out);
  printf("flushes");
  for (int i = 0; i < VM_FLUSH_CAUSES; i++)
    printf(" %s %lu", flush_names[i], v->flushes[i]);
  printf("\nasids   generations %lu", v->asid_generations);
  if (v->pages_free)
    printf(" pages_free %lu", v->pages_free);
  if (v->asids)
    printf(" usable %lu", v->asids);
  printf("\nswap    slots %lu used %lu reads %lu writes %lu\n", v->swap_slots, v->swap_slots_used,
         v->swap_reads, v->swap_writes);
}

// One line of what changed between two snapshots.
static void show_change(struct vmstats *a, struct vmstats *b) {
  uint64 faults = 0, flushes = 0;
  for (int i = 0; i < VM_FAULT_KINDS; i++)
    faults += b->faults[i] - a->faults[i];
  for (int i = 0; i < VM_FLUSH_CAUSES; i++)
    flushes += b->flushes[i] - a->flushes[i];
  printf("%6lu %6lu %6lu %6lu %6lu %6lu %6lu\n", faults,
         b->faults[VM_FAULT_LAZY] - a->faults[VM_FAULT_LAZY],
         b->pages_allocated - a->pages_allocated, b->cow_copies - a->cow_copies,
         b->pages_in - a->pages_in, b->pages_out - a->pages_out, flushes);
}

int main(int argc, char *argv[]) {
  struct vmstats v, w;
  if (argc == 1) {
    get(0, &v);
    show(&v);
  } else if (argc == 3 && strcmp(argv[1], "-p") == 0) {
    int pid = number(argv[2]);
    if (pid <= 0)
      usage();
    get(pid, &v);
    show(&v);
  } else if (argc <= 3) {
    int ticks = number(argv[1]), count = argc == 3 ? number(argv[2]) : 10;
    if (ticks <= 0 || count <= 0)
      usage();
    printf("faults   lazy  alloc    cow     in    out flushes (every %d ticks)\n", ticks);
    get(0, &v);
    for (int i = 0; i < count; i++) {
      pause(ticks);
      get(0, &w);
      show_change(&v, &w);
      v = w;
    }
  } else {
    usage();
  }
  exit(0);
}
