// Lock statistics under the names MIT's xv6 lock lab uses (its kalloctest and bcachetest),
// over lockstat. In libthread.a, so only programs that call them link them.
#include "kernel/types.h"
#include "kernel/lockstat.h"
#include "user/user.h"

static struct lockstat stats[NLOCKSTAT];

static int append(char *buf, int sz, int at, const char *s) {
  for (; *s && at < sz - 1; s++)
    buf[at++] = *s;
  buf[at] = 0;
  return at;
}

static int append_num(char *buf, int sz, int at, uint64 n) {
  char digits[24];
  int i = sizeof(digits) - 1;
  digits[i] = 0;
  do {
    digits[--i] = '0' + n % 10;
    n /= 10;
  } while (n);
  return append(buf, sz, at, digits + i);
}

static int starts_with(const char *s, const char *prefix) {
  while (*prefix && *s == *prefix)
    s++, prefix++;
  return *prefix == 0;
}

static int counted(const char *name) {
  return starts_with(name, "kalloc") || starts_with(name, "bcache");
}

// The allocator's and the buffer cache's locks as text, one line per name, then
// "tot= N": the spins spent waiting for them since boot. The length written, or -1.
int statistics(void *buf, int sz) {
  if (sz <= 0)
    return -1;
  int n = lockstat(stats, NLOCKSTAT);
  if (n < 0)
    return -1;
  uint64 total = 0;
  int at = append(buf, sz, 0, "allocator and buffer cache locks:\n");
  for (int i = 0; i < n && i < NLOCKSTAT; i++) {
    if (!counted(stats[i].name))
      continue;
    total += stats[i].spins;
    at = append(buf, sz, at, stats[i].name);
    at = append(buf, sz, at, ": acquires ");
    at = append_num(buf, sz, at, stats[i].acquires);
    at = append(buf, sz, at, ", spins ");
    at = append_num(buf, sz, at, stats[i].spins);
    at = append(buf, sz, at, "\n");
  }
  at = append(buf, sz, at, "tot= ");
  at = append_num(buf, sz, at, total);
  return append(buf, sz, at, "\n");
}

// There is no system call to keep a process on one hart: the process runs wherever the
// scheduler puts it.
int cpupin(int cpu) {
  return -1;
}
