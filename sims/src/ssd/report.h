/* How ssd shows a device: the original's state dump and statistics, and
 * the --picture of blocks, page states and wear. */
#ifndef SSD_REPORT_H
#define SSD_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "ssd.h"

/* The original's dump: FTL map, block and page numbers, page states, data
 * and liveness. Returns false (having printed the part the original
 * prints) where the original crashes: a mapped FTL with fewer than 7
 * physical pages divides by zero. */
bool ssd_print_dump(const ssd *s, FILE *out);

/* The original's -S statistics. */
void ssd_print_stats(const ssd *s, FILE *out);

/* One row per erase block: its erase, program and read counts, its pages
 * as live / stale / erased / never-erased marks, and a bar of its wear. */
void ssd_print_picture(const ssd *s, FILE *out);

#endif
