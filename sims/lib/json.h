/* A small streaming JSON writer for --json output. Commas, quoting and
 * indentation are handled here; the caller only says what comes next.
 *
 *   json_writer w; json_init(&w, stdout);
 *   json_object_begin(&w);
 *     json_key(&w, "jobs"); json_array_begin(&w);
 *       json_int(&w, 3);
 *     json_array_end(&w);
 *   json_object_end(&w);
 *   json_finish(&w);               // final newline, flushes to out
 *
 * Containers opened with the _compact variants print on one line (handy
 * for small records inside a long array). Floats are printed with Python's
 * repr digits (1.5, 2.0, 1e+16); inf and nan, which JSON lacks, become null. */
#ifndef SIMS_JSON_H
#define SIMS_JSON_H

#include <stdbool.h>
#include <stdio.h>

#include "opts.h"

#define JSON_MAX_DEPTH 32

typedef struct {
  FILE *out;
  int depth;
  bool has_items[JSON_MAX_DEPTH]; /* per level: a comma is needed next */
  bool compact[JSON_MAX_DEPTH];   /* per level: print on one line */
  bool after_key;                 /* a value follows "key": directly */
  size_t len;                     /* bytes waiting in buf */
  char buf[1 << 15];              /* output is buffered here until it
                                       fills or json_finish() */
} json_writer;

void json_init(json_writer *w, FILE *out);
void json_object_begin(json_writer *w);
void json_object_begin_compact(json_writer *w);
void json_object_end(json_writer *w);
void json_array_begin(json_writer *w);
void json_array_begin_compact(json_writer *w);
void json_array_end(json_writer *w);
void json_key(json_writer *w, const char *key);
void json_string(json_writer *w, const char *s);
void json_int(json_writer *w, long long v);
void json_double(json_writer *w, double v);
void json_bool(json_writer *w, bool v);
void json_null(json_writer *w);
/* A number already in JSON text form, e.g. a seed of any size ("123"). */
void json_raw(json_writer *w, const char *number);
void json_finish(json_writer *w);

/* The project's one --json convention. A document is one object:
 *   "simulator": the program's name, first;
 *   "options": every option of the last opts_parse (except -h), keyed by its
 *     long name in snake_case (--seed -> "seed", --numQueues -> "num_queues",
 *     dashes become underscores) or, without a long name, by its json_name;
 *     flags as true/false, integer options (the seed too) as integers,
 *     floats as numbers, strings as strings;
 *   then the result, every key in snake_case (^[a-z][a-z0-9_]*$).
 * json_document_begin opens the object and writes the first two; the caller
 * writes the result and closes it with json_object_end and json_finish.
 * custom, if not NULL, may write an option's value itself (a string option
 * the original reads as a number, say) and return true; it returns false to
 * leave the option to the rules above. */
typedef bool (*json_option_fn)(json_writer *w, const opt_spec *spec, void *ctx);
void json_document_begin(json_writer *w, const char *simulator, json_option_fn custom, void *ctx);
/* The "options" key of an option: snake_case of its long name, or its
 * json_name. Returns buf. */
const char *json_option_key(const opt_spec *spec, char buf[64]);

/* Shorthands for "key": value inside an object. */
void json_kv_string(json_writer *w, const char *key, const char *s);
void json_kv_int(json_writer *w, const char *key, long long v);
void json_kv_double(json_writer *w, const char *key, double v);
void json_kv_bool(json_writer *w, const char *key, bool v);

#endif
