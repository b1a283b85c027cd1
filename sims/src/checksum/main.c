/* checksum: additive, xor and Fletcher checksums over a few bytes. A drop-in
 * for OSTEP's file-integrity/checksum.py, with --json. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checksum.h"
#include "json.h"
#include "linebuf.h"
#include "lists.h"
#include "opts.h"
#include "pynum.h"
#include "pyrandom.h"

/* Random data beyond this would only fill memory: 100 million values make
 * about 3.5 GB of output already. */
#define MAX_VALUES 100000000LL

typedef struct {
  const char *seed, *data_size, *data;
  bool compute, json;
} options;

typedef struct {
  long long *v;
  size_t n;
} values;

static values make_values(const options *o, long long size, pyrandom *rng) {
  values vals = {NULL, 0};
  if (o->data[0]) {
    str_list items = list_split(o->data, ',');
    vals.v = malloc(items.count * sizeof *vals.v);
    if (!vals.v)
      opts_die("out of memory");
    for (size_t i = 0; i < items.count; i++) {
      pynum_status st = pyint_parse(items.items[i], PYINT_PLAIN, &vals.v[i]);
      if (st == PYNUM_INVALID)
        opts_die("option -D/--data: item %zu is not an integer: '%.40s'", i + 1, items.items[i]);
      if (st == PYNUM_RANGE)
        opts_die("option -D/--data: item %zu is beyond 64-bit integers: '%.40s'", i + 1,
                 items.items[i]);
    }
    vals.n = items.count;
    list_free(&items);
  } else if (size > 0) {
    vals.v = malloc((size_t)size * sizeof *vals.v);
    if (!vals.v)
      opts_die("option -d/--data_size: cannot hold %lld values in memory", size);
    for (long long i = 0; i < size; i++)
      vals.v[i] = (long long)(pyrandom_random(rng) * 256.0);
    vals.n = (size_t)size;
  }
  return vals;
}

static void print_text(const options *o, const char *size_text, const values *vals,
                       const checksums *c) {
  printf("\nOPTIONS seed %s\nOPTIONS data_size %s\nOPTIONS data %s\n\n", o->seed, size_text,
         o->data);
  linebuf b;
  lb_init(&b);
  char buf[96];
  lb_str(&b, "Decimal:   ");
  for (size_t i = 0; i < vals->n; i++) {
    lb_int(&b, vals->v[i], 10);
    lb_char(&b, ' ');
    if (b.len > 60000)
      lb_flush(&b, stdout);
  }
  lb_str(&b, "\nHex:       ");
  for (size_t i = 0; i < vals->n; i++) {
    checksum_hex(vals->v[i], buf);
    lb_str(&b, "      ");
    lb_str(&b, buf);
    lb_char(&b, ' ');
    if (b.len > 60000)
      lb_flush(&b, stdout);
  }
  lb_str(&b, "\nBin:       ");
  for (size_t i = 0; i < vals->n; i++) {
    checksum_bin(vals->v[i], buf);
    lb_str(&b, buf);
    lb_char(&b, ' ');
    if (b.len > 60000)
      lb_flush(&b, stdout);
  }
  lb_str(&b, "\n\n");
  lb_flush(&b, stdout);
  lb_free(&b);
  if (o->compute) {
    char b1[96], b2[96];
    checksum_bin(c->add, b1);
    printf("Add:            %3lld       (%s)\n", c->add, b1);
    checksum_bin(c->xor_all, b1);
    printf("Xor:            %3lld       (%s)\n", c->xor_all, b1);
    checksum_bin(c->fletcher_a, b1);
    checksum_bin(c->fletcher_b, b2);
    printf("Fletcher(a,b):  %3lld,%3lld   (%s,%s)\n", c->fletcher_a, c->fletcher_b, b1, b2);
  } else {
    printf("Add:      ?\nXor:      ?\nFletcher: ?\n");
  }
  printf("\n");
}

static void print_json(const options *o, long long size, const values *vals, const checksums *c) {
  json_writer *w = malloc(sizeof *w);
  if (!w)
    opts_die("out of memory");
  json_init(w, stdout);
  json_document_begin(w, "checksum", NULL, NULL);
  json_key(w, "values");
  json_array_begin_compact(w);
  for (size_t i = 0; i < vals->n; i++)
    json_int(w, vals->v[i]);
  json_array_end(w);
  json_kv_int(w, "add", c->add);
  json_kv_int(w, "xor", c->xor_all);
  json_kv_int(w, "fletcher_a", c->fletcher_a);
  json_kv_int(w, "fletcher_b", c->fletcher_b);
  json_object_end(w);
  json_finish(w);
  free(w);
}

int main(int argc, char **argv) {
  static char out_buffer[1 << 16];
  setvbuf(stdout, out_buffer, _IOFBF, sizeof out_buffer);
  static const char default_seed[] = "0", default_size[] = "4";
  options o = {.seed = default_seed, .data_size = default_size, .data = ""};
  const opt_spec specs[] = {
      {'s', "seed", OPT_BIGINT, &o.seed, NULL, "the random seed"},
      {'d', "data_size", OPT_BIGINT, &o.data_size, NULL,
       "how many random bytes to checksum (without -D)"},
      {'D', "data", OPT_STRING, &o.data, NULL,
       "the data to checksum instead, as numbers separated by commas"},
      {'c', "compute", OPT_FLAG, &o.compute, NULL, "compute the checksums"},
      {0, "json", OPT_FLAG, &o.json, NULL, "print the data and the checksums as one JSON document"},
  };
  opts_result parsed = opts_parse(argc, argv, specs, (int)(sizeof specs / sizeof specs[0]));
  free(parsed.positional);

  /* range(data_size) is empty for any negative size; the size only matters
   * when the data are drawn. */
  long long size;
  pynum_status st = pyint_parse(o.data_size, PYINT_PLAIN, &size);
  if (st == PYNUM_RANGE)
    size = o.data_size[0] == '-' ? -1 : MAX_VALUES + 1;
  if (!o.data[0] && size > MAX_VALUES)
    opts_die("option -d/--data_size: at most %lld values, not %s", MAX_VALUES, o.data_size);

  pyrandom rng;
  if (pyrandom_seed_str(&rng, o.seed) != 0)
    opts_die("option -s/--seed: invalid integer value: '%s'", o.seed);
  values vals = make_values(&o, size, &rng);
  checksums c;
  checksum_init(&c);
  for (size_t i = 0; i < vals.n; i++)
    checksum_add(&c, vals.v[i]);
  if (o.json) {
    if (st == PYNUM_RANGE)
      opts_die("option -d/--data_size: %s is beyond 64-bit integers", o.data_size);
    print_json(&o, size, &vals, &c);
  } else {
    print_text(&o, o.data_size, &vals, &c);
  }
  free(vals.v);
  if (o.seed != default_seed) /* the parser made copies */
    free((char *)o.seed);
  if (o.data_size != default_size)
    free((char *)o.data_size);
  return 0;
}
