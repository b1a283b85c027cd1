#include "prun.h"

#include <stdlib.h>
#include <string.h>

#include "lists.h"
#include "pynum.h"

const char *const pr_op_names[3] = {"cpu", "io", "io_done"};
const char *const pr_state_names[4] = {"READY", "RUNNING", "BLOCKED", "DONE"};

void pr_init(pr_sim *s, bool switch_on_end, bool io_immediate, long long io_length) {
  memset(s, 0, sizeof *s);
  s->switch_on_end = switch_on_end;
  s->io_immediate = io_immediate;
  s->io_length = io_length;
}

void pr_free(pr_sim *s) {
  for (size_t i = 0; i < s->n; i++)
    free(s->procs[i].code);
  free(s->procs);
  s->procs = NULL;
  s->n = s->cap = 0;
}

static pr_proc *new_process(pr_sim *s) {
  if (s->n == s->cap) {
    s->cap = s->cap ? 2 * s->cap : 8;
    s->procs = realloc(s->procs, s->cap * sizeof *s->procs);
    if (!s->procs)
      abort();
  }
  pr_proc *p = &s->procs[s->n++];
  memset(p, 0, sizeof *p);
  return p;
}

/* Appends one instruction (an I/O brings its io_done); false past max_code. */
static bool append(pr_sim *s, pr_proc *p, pr_op op, size_t max_code) {
  size_t need = op == PR_IO ? 2 : 1;
  if (s->total_code + need > max_code)
    return false;
  if (p->len + need > p->cap) {
    p->cap = p->cap ? 2 * p->cap : 16;
    p->code = realloc(p->code, p->cap);
    if (!p->code)
      abort();
  }
  p->code[p->len++] = (unsigned char)op;
  if (op == PR_IO) {
    p->code[p->len++] = PR_IO_DONE;
    s->total_io++;
  }
  s->total_code += need;
  return true;
}

pr_load_status pr_load_program(pr_sim *s, const char *text, size_t max_code, const char **bad,
                               const char **why) {
  pr_proc *p = new_process(s);
  size_t index = s->n - 1;
  str_list items = list_split(text, ',');
  pr_load_status status = PR_LOAD_OK;
  for (size_t i = 0; i < items.count && status == PR_LOAD_OK; i++) {
    const char *item = items.items[i];
    p = &s->procs[index];
    if (item[0] == 'c') {
      long long count;
      pynum_status st = pyint_parse(item + 1, PYINT_PLAIN, &count);
      if (st == PYNUM_INVALID) {
        *why = "a 'c' instruction needs a whole number after it (c7: compute for 7 ticks)";
        status = PR_LOAD_CRASH;
      } else if (st == PYNUM_RANGE && item[1 + strspn(item + 1, " \t")] != '-') {
        status = PR_LOAD_TOO_BIG;
      } else if (count > 0 && (unsigned long long)count > max_code - s->total_code) {
        status = PR_LOAD_TOO_BIG;
      } else {
        for (long long k = 0; k < count && status == PR_LOAD_OK; k++)
          if (!append(s, p, PR_CPU, max_code))
            status = PR_LOAD_TOO_BIG;
      }
    } else if (item[0] == 'i') {
      if (!append(s, p, PR_IO, max_code))
        status = PR_LOAD_TOO_BIG;
    } else if (item[0] == '\0') {
      *why = "an empty instruction in the program (each item is cN or i)";
      status = PR_LOAD_CRASH;
    } else {
      /* Point into the caller's text: find the i-th item there. */
      const char *q = text;
      for (size_t k = 0; k < i; k++)
        q = strchr(q, ',') + 1;
      *bad = q;
      status = PR_LOAD_BAD_OPCODE;
    }
  }
  list_free(&items);
  return status;
}

pr_load_status pr_load_description(pr_sim *s, const char *text, pyrandom *rng, size_t max_code,
                                   const char **why) {
  size_t index = s->n;
  new_process(s);
  str_list parts = list_split(text, ':');
  pr_load_status status = PR_LOAD_OK;
  long long count = 0;
  double chance = 0;
  if (parts.count != 2) {
    status = PR_LOAD_BAD_DESCRIPTION;
  } else {
    pynum_status st = pyint_parse(parts.items[0], PYINT_PLAIN, &count);
    if (st == PYNUM_INVALID) {
      *why = "the number of instructions in X:Y must be a whole number";
      status = PR_LOAD_CRASH;
    } else if (pyfloat_parse(parts.items[1], &chance) != PYNUM_OK) {
      *why = "the CPU chance in X:Y must be a number (0 to 100)";
      status = PR_LOAD_CRASH;
    } else if (st == PYNUM_RANGE) {
      if (count > 0)
        status = PR_LOAD_TOO_BIG;
      count = 0;
    }
  }
  list_free(&parts);
  if (status == PR_LOAD_OK && count > 0 && (unsigned long long)count > max_code - s->total_code)
    status = PR_LOAD_TOO_BIG; /* each instruction takes one place at least */
  chance /= 100.0;
  for (long long k = 0; k < count && status == PR_LOAD_OK; k++) {
    pr_op op = pyrandom_random(rng) < chance ? PR_CPU : PR_IO;
    if (!append(s, &s->procs[index], op, max_code))
      status = PR_LOAD_TOO_BIG;
  }
  return status;
}

double pr_tick_bound(const pr_sim *s) {
  /* Each tick runs an instruction, has an I/O in flight, or retires a
     * process that had nothing left to run. */
  return (double)s->total_code + (double)s->total_io * (double)s->io_length + (double)s->n + 1;
}

/* The state changes the original asserts on; false if one would fail. */
static bool set_state(pr_sim *s, size_t pid, pr_state expected, pr_state to) {
  pr_proc *p = &s->procs[pid];
  if (p->state != expected)
    return false;
  bool was_runnable = p->state == PR_READY || p->state == PR_RUNNING;
  bool is_runnable = to == PR_READY || to == PR_RUNNING;
  s->runnable += (size_t)is_runnable - (size_t)was_runnable;
  if (to == PR_DONE)
    s->active--;
  p->state = to;
  return true;
}

/* The original's next_proc(): the next ready process after the current one,
 * wrapping around to it; nothing changes when none is ready. */
static bool next_proc(pr_sim *s) {
  for (size_t k = 1; k <= s->n; k++) {
    size_t pid = (s->curr + k) % s->n;
    if (s->procs[pid].state == PR_READY) {
      s->curr = pid;
      return set_state(s, pid, PR_READY, PR_RUNNING);
    }
  }
  return true;
}

static bool run_pid(pr_sim *s, size_t pid) {
  s->curr = pid;
  return set_state(s, pid, PR_READY, PR_RUNNING);
}

static bool check_if_done(pr_sim *s) {
  pr_proc *p = &s->procs[s->curr];
  if (p->pc == p->len && p->state == PR_RUNNING) {
    if (!set_state(s, s->curr, PR_RUNNING, PR_DONE))
      return false;
    return next_proc(s);
  }
  return true;
}

bool pr_run(pr_sim *s, pr_tick_fn on_tick, void *ctx) {
  for (size_t i = 0; i < s->n; i++) {
    s->procs[i].pc = 0;
    s->procs[i].state = PR_READY;
    s->procs[i].io_finish = 0;
  }
  s->tick = s->cpu_busy = s->io_busy = 0;
  s->in_flight = 0;
  s->active = s->runnable = s->n;
  s->curr = 0;
  if (s->n == 0)
    return true;
  if (!set_state(s, 0, PR_READY, PR_RUNNING))
    return false;

  while (s->active > 0) {
    pr_tick t = {.tick = ++s->tick, .executed = -1};
    for (size_t pid = 0; pid < s->n; pid++) {
      if (s->procs[pid].io_finish != s->tick)
        continue;
      t.io_done = true;
      s->in_flight--;
      if (!set_state(s, pid, PR_BLOCKED, PR_READY))
        return false;
      if (s->io_immediate) {
        if (s->curr != pid && s->procs[s->curr].state == PR_RUNNING &&
            !set_state(s, s->curr, PR_RUNNING, PR_READY))
          return false;
        if (!run_pid(s, pid))
          return false;
      } else {
        if (s->switch_on_end && s->runnable > 1 && !run_pid(s, pid))
          return false;
        if (s->runnable == 1 && !run_pid(s, pid))
          return false;
      }
      if (!check_if_done(s))
        return false;
    }

    pr_proc *p = &s->procs[s->curr];
    if (p->state == PR_RUNNING && p->pc < p->len) {
      t.executed = p->code[p->pc++];
      s->cpu_busy++;
    }
    t.proc = s->curr;
    t.ios = s->in_flight;
    if (t.ios > 0)
      s->io_busy++;
    if (on_tick)
      on_tick(ctx, s, &t);

    if (t.executed == PR_IO) {
      if (!set_state(s, s->curr, PR_RUNNING, PR_BLOCKED))
        return false;
      p->io_finish = s->tick + s->io_length + 1;
      s->in_flight++;
      if (!s->switch_on_end && !next_proc(s))
        return false;
    }
    if (!check_if_done(s))
      return false;
  }
  return true;
}
