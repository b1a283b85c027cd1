/* Output held back until the run has succeeded: a --json document is
 * written to a temporary file and copied to stdout at the end, so that a
 * run that stops with an error (exit 2) leaves no half document behind. */
#ifndef SIMS_SPOOL_H
#define SIMS_SPOOL_H

#include <stdio.h>

/* A temporary file to write to, or stdout when none can be made. */
FILE *spool_open(void);
/* Copies what was written to stdout and closes the spool (nothing to do
 * when it is stdout). */
void spool_finish(FILE *spool);

#endif
