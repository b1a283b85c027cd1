/* process-run --timeline: one row per process and one column per tick,
 * showing when each process used the CPU, waited for it, or waited for an
 * I/O, with a CPU row and an I/O row below. Long runs wrap into blocks. */
#ifndef PRUN_TIMELINE_H
#define PRUN_TIMELINE_H

#include <stdio.h>

#include "prun.h"

#define TIMELINE_BLOCK    60 /* ticks per block of rows */
#define TIMELINE_MAX_ROWS 40 /* processes drawn; the rest are counted */

/* Mark of a process in one tick. */
char pr_timeline_mark(const pr_sim *s, const pr_tick *t, size_t pid);

/* Runs the simulation (again) and draws it. Returns false if the run fails
 * one of the original's assertions. */
bool pr_print_timeline(pr_sim *s, FILE *out);

#endif
