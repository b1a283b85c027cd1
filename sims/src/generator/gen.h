/* The generator model: programs of fork, wait, exit and sleep, drawn at
 * random or parsed from the -A syntax ("fork b,1 {} wait"), and the two C
 * files written for each: a readable one for the student and a runnable one
 * that prints when each process starts, forks, waits and ends. */
#ifndef GEN_H
#define GEN_H

#include <stdbool.h>
#include <stddef.h>

#include "linebuf.h"
#include "pyrandom.h"

typedef enum { GEN_FORK, GEN_WAIT, GEN_EXIT } gen_kind;

typedef struct {
  gen_kind kind;
  char *name;  /* fork: the child's name */
  char *sleep; /* fork: the child's sleep, as written into the code */
} gen_action;

typedef struct {
  gen_action *items;
  size_t n, cap;
} gen_program;

typedef enum {
  GEN_OK,
  GEN_EXIT1, /* the original prints *message (lines, each ending '\n') and exits 1 */
  GEN_CRASH, /* the original crashes; *message says why */
} gen_status;

void gen_program_free(gen_program *p);

/* Parses the -A syntax exactly as the original, quirks included. */
gen_status gen_parse(const char *text, gen_program *p, char **message);

/* The original's random program: n actions drawn with the chances (in
 * percent, summing to 100), sleeps from 1 to max_sleep. */
gen_status gen_random(pyrandom *rng, long long n, double max_sleep, long long fork_chance,
                      long long wait_chance, gen_program *p, char **message);

/* The two C files. The runnable one may fail half-way, as in the original:
 * then b holds what was written so far. */
void gen_readable(const gen_program *p, linebuf *b);
gen_status gen_runnable(const gen_program *p, linebuf *b, char **message);

#endif
