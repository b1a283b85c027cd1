/* Lottery scheduling as in OSTEP chapter 9: each time slice, a random ticket
 * picks the job that runs. */
#ifndef LOTTERY_SIM_H
#define LOTTERY_SIM_H

#include <stdbool.h>
#include <stddef.h>

#include "pyrandom.h"

typedef struct {
  long long length;  /* run time left */
  long long tickets; /* 0 once the job is done */
} lottery_job;

/* One slice: the random number drawn, the winning ticket out of the total
 * held, and the job that runs. */
typedef struct {
  long long random, winner, total;
  size_t job;
  bool done;       /* the job finished in this slice */
  long long clock; /* time at the end of the slice */
} lottery_draw;

/* Sums of tickets over job ranges (a Fenwick tree), so finding the job that
 * holds ticket number w takes O(log n), not a walk over every job. */
typedef struct {
  long long *tree;
  size_t n;
  long long total;
} ticket_index;

void tickets_init(ticket_index *t, const lottery_job *jobs, size_t n);
void tickets_set(ticket_index *t, size_t job, long long old_tickets, long long new_tickets);
/* The first job whose running ticket sum exceeds winner (0 <= winner < total). */
size_t tickets_find(const ticket_index *t, long long winner);
void tickets_free(ticket_index *t);

/* Called before the job's state is updated, so that a caller can print the
 * jobs as they were when the ticket was drawn. */
typedef void (*lottery_draw_fn)(void *ctx, const lottery_draw *d, const lottery_job *jobs,
                                size_t n);

/* Runs the lottery like the original's -c: at most run_total draws of
 * int(random() * 1000001), stopping once every job is done. jobs is updated
 * in place. Every job needs tickets >= 1; quantum >= 1. Returns true when
 * the last job finished within the draws (the original then prints a blank
 * line). */
bool lottery_run(lottery_job *jobs, size_t n, long long run_total, long long quantum, pyrandom *rng,
                 lottery_draw_fn on_draw, void *ctx);

#endif
