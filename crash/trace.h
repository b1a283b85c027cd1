#ifndef CRASH_TRACE_H
#define CRASH_TRACE_H
// The block trace as explore reads it: the console output of a kernel booted with
// blktrace=1 (the line format is kernel/dev/blktrace.c's), and crashwl's workload list.
#include <stddef.h>

#include "kernel/types.h"

struct event {
  char kind;     // S W F C R M
  uint64 call;   // the system call's sequence number (0: none)
  int num;       // S: system call number; M: workload id
  uint blockno;  // W
  uchar *data;   // W: BSIZE bytes
  char text[16]; // M: begin, end, ...
};

extern struct event *ev; // every event of the trace, in order
extern int nev;
extern char *descr[1 << 16]; // workload id -> "setup|operations"

// Reads the trace; a damaged line is an error (exit 2), never guessed at.
void parse_trace(const char *path);
void load_workloads(const char *path);

// A one-line error, then exit 2; malloc or exit 2.
void die(const char *fmt, ...);
void *xmalloc(size_t n);
#endif
