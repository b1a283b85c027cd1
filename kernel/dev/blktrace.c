// The block trace (see blktrace.h). Lines, each printed whole under one lock so nothing else
// on the console can split it:
//   BT S call num pid        system call `call` (a sequence number), number num, starts;
//                            printed only before its first disk event, to keep the trace short
//   BT W call block hex      a write of `block`; hex is its contents with the trailing zero
//                            bytes left out
//   BT W call block =k       a write whose contents equal those of the k'th write (from 0)
//   BT W call block ~k,o:hex,...  the k'th write's contents with the bytes from offset o
//                            (decimal) replaced by hex: most writes change a few bytes of a
//                            block written shortly before, and the console is slow
//   BT F call                a barrier (see crash/README.md)
//   BT C call                a commit finished: the log is empty, the disk holds the new state
//   BT R call ret            the system call returns ret (only if its S was printed)
//   BT M id text             a mark of the workload program (blkmark)
// call 0 is work done outside any system call (recovery at boot).

#include "kernel/types.h"
#include "kernel/fs.h"
#include "kernel/lib/spinlock.h"
#include "kernel/lib/printf.h"
#include "kernel/lib/string.h"
#include "kernel/lib/bootargs.h"
#include "kernel/core/proc.h"
#include "kernel/dev/blktrace.h"

int blktrace_on;

// Install writes repeat what the log writes just wrote: remember the recent writes' contents
// and name the earlier write instead of printing a block again.
#define RECENT 64

static struct {
  struct spinlock lock;
  uint64 calls;  // system calls begun so far
  uint64 writes; // W lines printed so far
  uchar recent[RECENT][BSIZE];
  uint64 recent_id[RECENT]; // 1 + the number of the write held in recent[i]; 0: none
  char line[2 * BSIZE + 64];
} bt;

void blktrace_init(void) {
  initlock(&bt.lock, "blktrace");
  blktrace_on = bootarg_int("blktrace", 0) != 0;
  if (blktrace_on)
    printf("BT I blktrace on, block size %d\n", BSIZE);
}

// The current system call, printing its S line if this is its first disk event.
// Caller holds bt.lock.
static uint64 current_call(void) {
  struct proc *p = myproc();
  if (p == 0 || p->bt_call == 0)
    return 0;
  if (!p->bt_shown) {
    p->bt_shown = 1;
    printf("BT S %lu %d %d\n", p->bt_call, p->bt_num, p->pid);
  }
  return p->bt_call;
}

static const char hex[] = "0123456789abcdef";

static char *put_hex(char *p, const uchar *data, int n) {
  for (int i = 0; i < n; i++) {
    *p++ = hex[data[i] >> 4];
    *p++ = hex[data[i] & 15];
  }
  return p;
}

static char *put_uint(char *p, uint v) {
  char d[12];
  int n = 0;
  do {
    d[n++] = '0' + v % 10;
    v /= 10;
  } while (v);
  while (n)
    *p++ = d[--n];
  return p;
}

// Writes data as changes to old into bt.line, giving up (returning 0) past limit characters.
// Runs of differing bytes closer than 8 bytes are merged: each run costs its offset.
static int encode_delta(const uchar *old, const uchar *data, uint64 ref, int limit) {
  char *p = bt.line, *end = bt.line + limit;
  *p++ = '~';
  p = put_uint(p, ref);
  for (int i = 0; i < BSIZE;) {
    if (old[i] == data[i]) {
      i++;
      continue;
    }
    int j = i + 1, same = 0;
    for (; j < BSIZE && same < 8; j++)
      same = old[j] == data[j] ? same + 1 : 0;
    j -= same;
    if (p + 12 + 2 * (j - i) > end)
      return 0;
    *p++ = ',';
    p = put_uint(p, i);
    *p++ = ':';
    p = put_hex(p, data + i, j - i);
    i = j;
  }
  *p = 0;
  return 1;
}

void blktrace_write(uint blockno, const uchar *data) {
  if (!blktrace_on)
    return;
  acquire(&bt.lock);
  uint64 call = current_call();
  uint64 id = bt.writes++;
  // The shortest of: the same as a recent write, a recent write changed, the bytes in full.
  int best = -1, best_diff = BSIZE + 1;
  for (int i = 0; i < RECENT; i++) {
    if (bt.recent_id[i] == 0)
      continue;
    int diff = 0;
    for (int k = 0; k < BSIZE && diff < best_diff; k++)
      diff += bt.recent[i][k] != data[k];
    if (diff < best_diff) {
      best = i;
      best_diff = diff;
    }
  }
  int len = BSIZE;
  while (len > 0 && data[len - 1] == 0)
    len--;
  if (best >= 0 && best_diff == 0) {
    printf("BT W %lu %d =%lu\n", call, blockno, bt.recent_id[best] - 1);
  } else if (best >= 0 && encode_delta(bt.recent[best], data, bt.recent_id[best] - 1, 2 * len)) {
    printf("BT W %lu %d %s\n", call, blockno, bt.line);
  } else {
    *put_hex(bt.line, data, len) = 0;
    printf("BT W %lu %d %s\n", call, blockno, len ? bt.line : "-");
  }
  memmove(bt.recent[id % RECENT], data, BSIZE); // over the oldest one
  bt.recent_id[id % RECENT] = id + 1;
  release(&bt.lock);
}

static void event(char kind) {
  if (!blktrace_on)
    return;
  acquire(&bt.lock);
  uint64 call = current_call();
  printf("BT %c %lu\n", kind, call);
  release(&bt.lock);
}

void blktrace_flush(void) {
  event('F');
}

void blktrace_commit(void) {
  event('C');
}

void blktrace_call_begin(int num) {
  struct proc *p = myproc();
  acquire(&bt.lock);
  p->bt_call = ++bt.calls;
  p->bt_num = num;
  p->bt_shown = 0;
  release(&bt.lock);
}

void blktrace_call_end(uint64 ret) {
  struct proc *p = myproc();
  if (p->bt_shown)
    printf("BT R %lu %ld\n", p->bt_call, (long)ret);
  p->bt_call = 0;
  p->bt_shown = 0;
}

void blktrace_mark(int id, const char *text) {
  printf("BT M %d %s\n", id, text);
}
