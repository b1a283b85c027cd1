/* Command-line parsing with Python optparse's behaviour, so every simulator
 * accepts exactly the command lines its original does:
 *   -cs5  -s 5  -s5  --seed=5  --seed 5  --se 5 (unique prefix)  -- (end)
 * positional words are collected and may sit between options; a value
 * option always takes the next word, even '-5'. -h/--help is built in.
 *
 * Errors print ONE line on stderr, 'PROG: error: ...', and exit 2. */
#ifndef SIMS_OPTS_H
#define SIMS_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdnoreturn.h>

typedef enum {
  OPT_FLAG,   /* store_true:  dest is bool*        */
  OPT_INT,    /* type="int":  dest is long long*   (out of range -> error) */
  OPT_BIGINT, /* type="int" of any size (seeds): dest is char**, gets the
                   canonical decimal text, e.g. "-s 0x10" stores "16" */
  OPT_FLOAT,  /* type="float": dest is double*   */
  OPT_STRING, /* type="string": dest is const char** (points into argv) */
} opt_kind;

typedef struct {
  char short_name;       /* 's' for -s, or 0 */
  const char *long_name; /* "seed" for --seed, or NULL */
  opt_kind kind;
  void *dest;            /* holds the default before parsing */
  const char *metavar;   /* name of the value in --help ("SEED"); NULL
                              means the upper-cased long (or short) name */
  const char *help;      /* one-line help, wrapped by the formatter */
  const char *json_name; /* key in --json "options" for an option without a
                            long name (the original's dest); else NULL */
} opt_spec;

typedef struct {
  const char *prog;  /* basename of argv[0] */
  int npositional;   /* positional words (Python ignores them) */
  char **positional; /* they point into argv */
} opts_result;

/* Parses argv against specs[0..nspecs). Prints help and exits 0 on -h;
 * prints a one-line error and exits 2 on bad input. Also records the program
 * name for opts_die. */
opts_result opts_parse(int argc, char **argv, const opt_spec *specs, int nspecs);

/* The option table of the last opts_parse: a copy the library keeps, so the
 * destinations must still be alive when it is used (e.g. by
 * json_document_begin). *nspecs gets its length; NULL before any parse. */
const opt_spec *opts_specs(int *nspecs);

/* Help text in optparse's layout ('Usage: PROG [options]', blank line,
 * 'Options:', aligned option list, wrapped to $COLUMNS-2 or 78). */
void opts_print_help(const char *prog, const opt_spec *specs, int nspecs);

/* Program name recorded by opts_parse ("sim" before it ran). */
const char *opts_prog(void);

/* One line 'PROG: error: <message>' on stderr, then exit(2). Use it for
 * every validation the simulator adds. */
noreturn void opts_die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Python's repr() of s ('08', '\udcff'), for quoting a bad value in a
 * message; the text stays valid for the next three calls too. */
const char *opts_repr(const char *s);

/* The one range check: unless lo <= v <= hi, dies with
 * 'option -j/--jobs: must be between 0 and 100, not -3', or with what before
 * 'must' ('option -l/--jlist: a run time must be between ...'). */
void opts_check_range(const char *option, const char *what, long long v, long long lo,
                      long long hi);

/* 'option -s: ...' naming style used in messages: "-s/--seed" or just the one
 * the option has. Returns a static buffer. */
const char *opts_name(const opt_spec *spec);

#endif
