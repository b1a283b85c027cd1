#include "lottery_sim.h"

#include <stdlib.h>

void tickets_init(ticket_index *t, const lottery_job *jobs, size_t n) {
  t->n = n;
  t->total = 0;
  t->tree = calloc(n + 1, sizeof *t->tree);
  if (!t->tree)
    abort();
  for (size_t i = 0; i < n; i++) {
    t->total += jobs[i].tickets;
    /* linear-time build: each node passes its sum to its parent */
    t->tree[i + 1] += jobs[i].tickets;
    size_t parent = (i + 1) + ((i + 1) & (~(i + 1) + 1));
    if (parent <= n)
      t->tree[parent] += t->tree[i + 1];
  }
}

void tickets_set(ticket_index *t, size_t job, long long old_tickets, long long new_tickets) {
  long long delta = new_tickets - old_tickets;
  t->total += delta;
  for (size_t i = job + 1; i <= t->n; i += i & (~i + 1))
    t->tree[i] += delta;
}

size_t tickets_find(const ticket_index *t, long long winner) {
  size_t pos = 0, step = 1;
  while (step * 2 <= t->n)
    step *= 2;
  /* descend: keep every prefix whose sum stays <= winner */
  for (; step; step /= 2) {
    if (pos + step <= t->n && t->tree[pos + step] <= winner) {
      pos += step;
      winner -= t->tree[pos];
    }
  }
  return pos; /* 0-based index of the job right after the kept prefix */
}

void tickets_free(ticket_index *t) {
  free(t->tree);
  t->tree = NULL;
}

bool lottery_run(lottery_job *jobs, size_t n, long long run_total, long long quantum, pyrandom *rng,
                 lottery_draw_fn on_draw, void *ctx) {
  ticket_index idx;
  tickets_init(&idx, jobs, n);
  size_t left = n;
  long long clock = 0;
  bool finished = false;
  for (long long i = 0; i < run_total && left > 0; i++) {
    long long r = (long long)(pyrandom_random(rng) * 1000001);
    long long winner = r % idx.total;
    size_t j = tickets_find(&idx, winner);
    lottery_job *w = &jobs[j];
    long long remaining = w->length >= quantum ? w->length - quantum : 0;
    clock += quantum;
    lottery_draw d = {r, winner, idx.total, j, remaining == 0, clock};
    if (on_draw)
      on_draw(ctx, &d, jobs, n);
    w->length = remaining;
    if (remaining == 0) {
      tickets_set(&idx, j, w->tickets, 0);
      w->tickets = 0;
      finished = --left == 0;
    }
  }
  tickets_free(&idx);
  return finished;
}
