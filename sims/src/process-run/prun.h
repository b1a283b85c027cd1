/* The process-run model: processes made of CPU and I/O instructions, one CPU,
 * and the two policies of the chapter "The Abstraction: The Process": when to
 * switch to another process (on I/O or only at the end) and what happens when
 * an I/O completes (the issuer runs later, or at once).
 *
 * A tick: first the I/Os that finish now make their processes ready (and may
 * hand them the CPU); then the running process executes one instruction; the
 * caller sees the tick; last, an I/O instruction blocks its process and the
 * scheduler may switch, and a process with no instructions left finishes. */
#ifndef PRUN_H
#define PRUN_H

#include <stdbool.h>
#include <stddef.h>

#include "pyrandom.h"

typedef enum { PR_CPU, PR_IO, PR_IO_DONE } pr_op;
typedef enum { PR_READY, PR_RUNNING, PR_BLOCKED, PR_DONE } pr_state;

typedef struct {
  unsigned char *code; /* pr_op values */
  size_t len, cap;
  size_t pc;           /* next instruction */
  pr_state state;      /* during a run */
  long long io_finish; /* tick its last I/O completes; 0: none */
} pr_proc;

typedef struct {
  pr_proc *procs;
  size_t n, cap;
  size_t total_code;  /* instructions of all processes */
  size_t total_io;    /* I/O instructions of all processes */
  bool switch_on_end; /* SWITCH_ON_END (else SWITCH_ON_IO) */
  bool io_immediate;  /* IO_RUN_IMMEDIATE (else IO_RUN_LATER) */
  long long io_length;
  /* the run */
  size_t curr;
  long long tick, cpu_busy, io_busy;
  size_t in_flight; /* I/Os not yet complete */
  size_t active;    /* processes not done */
  size_t runnable;  /* processes ready or running */
} pr_sim;

/* What happened in one tick, as the original prints it. */
typedef struct {
  long long tick;
  bool io_done; /* an I/O completed at the start of the tick */
  int executed; /* the pr_op the current process ran, or -1 */
  size_t proc;  /* the current process */
  size_t ios;   /* I/Os in flight, as the IOs column shows */
} pr_tick;

typedef enum {
  PR_LOAD_OK,
  PR_LOAD_BAD_OPCODE,      /* the original's 'bad opcode' message, exit 1 */
  PR_LOAD_BAD_DESCRIPTION, /* the original's 'Bad description' message, exit 1 */
  PR_LOAD_CRASH,           /* the original crashes: *why says how */
  PR_LOAD_TOO_BIG,         /* beyond our limit on instructions */
} pr_load_status;

void pr_init(pr_sim *s, bool switch_on_end, bool io_immediate, long long io_length);
void pr_free(pr_sim *s);

/* Adds a process from the -P syntax: 'c7,i,c1' (compute 7, I/O, compute 1).
 * On PR_LOAD_BAD_OPCODE, *bad points at the offending item. */
pr_load_status pr_load_program(pr_sim *s, const char *text, size_t max_code, const char **bad,
                               const char **why);
/* Adds a process from the -l syntax 'X:Y': X instructions, each CPU with
 * chance Y percent (one random() per instruction), else an I/O. */
pr_load_status pr_load_description(pr_sim *s, const char *text, pyrandom *rng, size_t max_code,
                                   const char **why);

/* An upper bound on the ticks a run takes. */
double pr_tick_bound(const pr_sim *s);

/* Called once per tick, after the instruction ran and before an I/O blocks. */
typedef void (*pr_tick_fn)(void *ctx, const pr_sim *s, const pr_tick *t);

/* Runs every process to the end from the start (it may be run again).
 * Returns false if the original would fail one of its assertions. */
bool pr_run(pr_sim *s, pr_tick_fn on_tick, void *ctx);

extern const char *const pr_op_names[3];    /* "cpu", "io", "io_done" */
extern const char *const pr_state_names[4]; /* "READY", "RUNNING", ... */

#endif
