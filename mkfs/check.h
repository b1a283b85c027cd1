#ifndef MKFS_CHECK_H
#define MKFS_CHECK_H
// fsck's checks of a file-system image held in memory; fsck.c does the file I/O.

#include <stdio.h>

#include "kernel/types.h"

struct fsck_report {
  uint problems; // problems found, each printed on a line of its own
  uint fixable;  // of those, the ones a repair is allowed to fix
  uint fixed;    // of those, the ones this run fixed (only when repairing)
  int fatal;     // the superblock is unusable: nothing beyond it was checked
  int changed;   // a repair modified the image: write it back
  // What is in use once the check is done (when not fatal).
  uint inodes_used, data_used;
  uint orphans; // inodes on the orphan list, which the kernel frees at its next boot
};

// Checks the image of `len` bytes at `disk`, printing one line per problem to
// `out`. With `repair`, fixes what is safe in place and says so on the same
// line. A committed transaction in the log is installed in memory before the
// rest is checked, as the kernel does at boot, so `disk` may change even
// without `repair` (r->changed stays 0 then: nothing needs writing back).
// Returns r->problems, or -1 if memory ran out.
int fsck_check(uchar *disk, uint64 len, int repair, FILE *out, struct fsck_report *r);

#endif
