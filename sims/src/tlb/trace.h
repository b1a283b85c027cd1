/* Where the virtual addresses come from: an -A list, a file, or the random
 * generator with its locality knob. */
#ifndef TLB_TRACE_H
#define TLB_TRACE_H

#include <stdbool.h>
#include <stddef.h>

#include "pyrandom.h"

typedef struct {
  long long *addrs;
  size_t count;
} tlb_trace;

/* Which process issues reference i: round robin, a switch every
 * 'switch_every' references (0: process 0 only). */
long long trace_process(size_t i, long long switch_every, long long procs);

/* n references. A process's first address is int(asize * random()); each
 * later one draws r = random(): when r * 100 < locality it is the process's
 * previous address plus stride (wrapping around the address space), else a
 * fresh int(asize * random()). Returns false when out of memory. */
bool trace_random(pyrandom *rng, long long n, long long asize, double locality, long long stride,
                  long long switch_every, long long procs, tlb_trace *out);

/* Comma list or file (one address per line; lines may end in LF, CRLF or
 * CR). Addresses are integers in optparse's syntax (decimal, 0x hex, 0b
 * binary, 0 octal), each in 0 .. asize-1. On failure writes a message for
 * opts_die into msg and returns false. */
bool trace_from_list(const char *s, long long asize, tlb_trace *out, char *msg, size_t msglen);
bool trace_from_file(const char *path, long long asize, tlb_trace *out, char *msg, size_t msglen);

void trace_free(tlb_trace *t);

#endif
