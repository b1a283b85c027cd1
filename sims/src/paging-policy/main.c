/* paging-policy: a drop-in for OSTEP's vm-beyondphys-policy/paging-policy.py,
 * with --json output. */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "linebuf.h"
#include "opts.h"
#include "policy.h"
#include "pynum.h"
#include "pyrandom.h"
#include "refs.h"

typedef struct {
  const char *addresses, *address_file, *numaddrs, *policy, *cachesize, *maxpage, *seed;
  long long clockbits;
  bool notrace, compute, json;
} options;

/* The numbers the original gets from int() of its string options. */
typedef struct {
  long long numaddrs, cachesize, maxpage;
  char *seed; /* canonical decimal, any size */
} numbers;

/* o must outlive the JSON output, which reads the option table. */
static void parse_options(options *o, int argc, char **argv) {
  *o = (options){.addresses = "-1",
                 .address_file = "",
                 .numaddrs = "10",
                 .policy = "FIFO",
                 .cachesize = "3",
                 .maxpage = "10",
                 .seed = "0",
                 .clockbits = 2};
  const opt_spec specs[] = {
      {'a', "addresses", OPT_STRING, &o->addresses, "ADDRESSES",
       "pages to reference, separated by commas; -1 generates them at random [default: -1]"},
      {'f', "addressfile", OPT_STRING, &o->address_file, "ADDRESSFILE",
       "file of pages to reference, one per line; overrides -a"},
      {'n', "numaddrs", OPT_STRING, &o->numaddrs, "NUMADDRS",
       "how many references to generate when -a is -1 [default: 10]"},
      {'p', "policy", OPT_STRING, &o->policy, "POLICY",
       "replacement policy: FIFO, LRU, MRU, OPT, UNOPT, RAND or CLOCK [default: FIFO]"},
      {'b', "clockbits", OPT_INT, &o->clockbits, "CLOCKBITS",
       "upper limit of the CLOCK reference counters [default: 2]"},
      {'C', "cachesize", OPT_STRING, &o->cachesize, "CACHESIZE",
       "pages the cache holds [default: 3]"},
      {'m', "maxpage", OPT_STRING, &o->maxpage, "MAXPAGE",
       "generated pages lie in 0 .. MAXPAGE-1 [default: 10]"},
      {'s', "seed", OPT_STRING, &o->seed, "SEED", "seed of the random generator [default: 0]"},
      {'N', "notrace", OPT_FLAG, &o->notrace, NULL, "leave out the per-reference trace"},
      {'c', "compute", OPT_FLAG, &o->compute, NULL, "compute and show the answers"},
      {0, "json", OPT_FLAG, &o->json, NULL,
       "print the references and their outcome as one JSON document instead"},
  };
  opts_result parsed = opts_parse(argc, argv, specs, (int)(sizeof specs / sizeof specs[0]));
  free(parsed.positional); /* positional words are ignored, as in the original */
}

/* int(text) of a string option, within [min, max]. */
static long long int_option(const char *text, const char *name, long long min, long long max) {
  long long v;
  pynum_status st = pyint_parse(text, PYINT_PLAIN, &v);
  if (st == PYNUM_INVALID)
    opts_die("option %s: invalid integer value: %s", name, opts_repr(text));
  if (st == PYNUM_RANGE)
    v = strchr(text, '-') ? LLONG_MIN : LLONG_MAX;
  opts_check_range(name, NULL, v, min, max);
  return v;
}

static numbers convert_numbers(const options *o) {
  numbers n;
  n.numaddrs = int_option(o->numaddrs, "-n/--numaddrs", 0, INT_MAX - 1);
  n.cachesize = int_option(o->cachesize, "-C/--cachesize", 1, INT_MAX - 1);
  if (pyint_parse_decimal(o->seed, PYINT_PLAIN, &n.seed) != PYNUM_OK)
    opts_die("option -s/--seed: invalid integer value: %s", opts_repr(o->seed));
  n.maxpage = int_option(o->maxpage, "-m/--maxpage", 0, LLONG_MAX);
  opts_check_range("-b/--clockbits", NULL, o->clockbits, 0, LLONG_MAX);
  return n;
}

static void print_args(const options *o) {
  printf("ARG addresses %s\n", o->addresses);
  printf("ARG addressfile %s\n", o->address_file);
  printf("ARG numaddrs %s\n", o->numaddrs);
  printf("ARG policy %s\n", o->policy);
  printf("ARG clockbits %lld\n", o->clockbits);
  printf("ARG cachesize %s\n", o->cachesize);
  printf("ARG maxpage %s\n", o->maxpage);
  printf("ARG seed %s\n", o->seed);
  printf("ARG notrace %s\n\n", o->notrace ? "True" : "False");
}

static ref_list load_refs(const options *o, const numbers *n, pyrandom *rng) {
  ref_list refs;
  ref_status st;
  if (o->address_file[0])
    st = refs_from_file(o->address_file, &refs);
  else if (strcmp(o->addresses, "-1") == 0)
    st = refs_random(rng, n->numaddrs, n->maxpage, &refs);
  else
    st = refs_from_list(o->addresses, &refs);
  if (!st.ok)
    opts_die("%s", st.message);
  return refs;
}

/* Python's repr of the memory list: [1, 2, 3] */
static const char *memory_repr(const pp_sim *sim, linebuf *b) {
  lb_clear(b);
  lb_char(b, '[');
  for (int h = pp_sim_first(sim); h >= 0; h = pp_sim_next(sim, h)) {
    if (b->len > 1) {
      lb_char(b, ',');
      lb_char(b, ' ');
    }
    lb_int(b, pp_sim_page(sim, h), 0);
  }
  lb_char(b, ']');
  return lb_text(b);
}

static void print_question(const options *o, const numbers *n, const ref_list *refs) {
  printf("Assuming a replacement policy of %s, and a cache of size %lld pages,\n", o->policy,
         n->cachesize);
  printf("figure out whether each of the following page references hit or miss\n");
  printf("in the page cache.\n\n");
  for (size_t i = 0; i < refs->count; i++)
    printf("Access: %lld  Hit/Miss?  State of Memory?\n", refs->pages[i]);
  printf("\n");
}

static void solve(const options *o, const numbers *n, const ref_list *refs, pp_policy policy,
                  pyrandom *rng) {
  static const char *const labels[][2] = {
      [PP_FIFO] = {"FirstIn", "Lastin "}, [PP_LRU] = {"LRU", "MRU"},
      [PP_MRU] = {"LRU", "MRU"},          [PP_OPT] = {"Left ", "Right"},
      [PP_UNOPT] = {"Left ", "Right"},    [PP_RAND] = {"Left ", "Right"},
      [PP_CLOCK] = {"Left ", "Right"},
  };
  pp_sim *sim = pp_sim_new(policy, refs->pages, refs->count, n->cachesize, o->clockbits, rng);
  if (!sim)
    opts_die("out of memory for %zu references", refs->count);
  linebuf picture;
  lb_init(&picture);
  pp_step step;
  while (pp_sim_step(sim, &step)) {
    if (o->notrace)
      continue;
    char victim[24] = "-";
    /* the original marks "no victim" with -1, so evicting page -1 shows '-' too */
    if (step.evicted && step.victim != -1)
      snprintf(victim, sizeof victim, "%lld", step.victim);
    printf("Access: %lld  %s %s -> %12s <- %s Replaced:%s [Hits:%zu Misses:%zu]\n", step.page,
           step.hit ? "HIT " : "MISS", labels[policy][0], memory_repr(sim, &picture),
           labels[policy][1], victim, pp_sim_hits(sim), pp_sim_misses(sim));
  }
  double hits = (double)pp_sim_hits(sim), misses = (double)pp_sim_misses(sim);
  printf("\nFINALSTATS hits %zu   misses %zu   hitrate %.2f\n\n", pp_sim_hits(sim),
         pp_sim_misses(sim), (100.0 * hits) / (hits + misses));
  lb_free(&picture);
  pp_sim_free(sim);
}

/* The original reads these string options with int(): numbers in JSON. */
static bool number_option(json_writer *w, const opt_spec *spec, void *ctx) {
  const numbers *n = ctx;
  switch (spec->short_name) {
  case 's': json_raw(w, n->seed); return true;
  case 'n': json_int(w, n->numaddrs); return true;
  case 'C': json_int(w, n->cachesize); return true;
  case 'm': json_int(w, n->maxpage); return true;
  default: return false;
  }
}

static void print_json(const options *o, const numbers *n, const ref_list *refs, pp_policy policy,
                       pyrandom *rng) {
  pp_sim *sim = pp_sim_new(policy, refs->pages, refs->count, n->cachesize, o->clockbits, rng);
  if (!sim)
    opts_die("out of memory for %zu references", refs->count);
  json_writer w;
  json_init(&w, stdout);
  json_document_begin(&w, "paging-policy", number_option, (void *)n);
  json_key(&w, "references");
  json_array_begin(&w);
  pp_step step;
  while (pp_sim_step(sim, &step)) {
    json_object_begin_compact(&w);
    json_kv_int(&w, "page", step.page);
    json_kv_bool(&w, "hit", step.hit);
    json_key(&w, "victim");
    if (step.evicted)
      json_int(&w, step.victim);
    else
      json_null(&w);
    json_object_end(&w);
  }
  json_array_end(&w);
  json_key(&w, "final_memory");
  json_array_begin_compact(&w);
  for (int h = pp_sim_first(sim); h >= 0; h = pp_sim_next(sim, h))
    json_int(&w, pp_sim_page(sim, h));
  json_array_end(&w);
  size_t hits = pp_sim_hits(sim), misses = pp_sim_misses(sim);
  json_kv_int(&w, "hits", (long long)hits);
  json_kv_int(&w, "misses", (long long)misses);
  json_kv_double(&w, "hit_rate", 100.0 * (double)hits / ((double)hits + (double)misses));
  json_object_end(&w);
  json_finish(&w);
  pp_sim_free(sim);
}

int main(int argc, char **argv) {
  static char out_buffer[1 << 16];
  setvbuf(stdout, out_buffer, _IOFBF, sizeof out_buffer);

  options o;
  parse_options(&o, argc, argv);
  if (!o.json)
    print_args(&o);
  numbers n = convert_numbers(&o);
  pyrandom rng;
  if (pyrandom_seed_str(&rng, n.seed) != 0)
    opts_die("option -s/--seed: invalid integer value: %s", opts_repr(o.seed));

  pp_policy policy;
  bool known = pp_policy_from_name(o.policy, &policy);
  if (o.json && !known)
    opts_die(
        "option -p/--policy: unknown policy %s (accepts FIFO, LRU, MRU, OPT, UNOPT, RAND, CLOCK)",
        opts_repr(o.policy));

  /* the original reads an -a list lazily, after its policy check */
  bool list_later = o.compute && !known && !o.address_file[0] && strcmp(o.addresses, "-1") != 0;
  ref_list refs = {NULL, 0};
  if (!list_later)
    refs = load_refs(&o, &n, &rng);
  if (!o.compute && !o.json) {
    print_question(&o, &n, &refs);
  } else {
    if (!o.json && !o.notrace)
      printf("Solving...\n\n");
    if (!known) {
      /* the original's own check: message on stdout, status 1 */
      printf("Policy %s is not yet implemented\n", o.policy);
      return 1;
    }
    if (refs.count == 0)
      opts_die("no page references to simulate (-n is 0 or the address file is empty)");
    if (o.json)
      print_json(&o, &n, &refs, policy, &rng);
    else
      solve(&o, &n, &refs, policy, &rng);
  }
  refs_free(&refs);
  free(n.seed);
  return 0;
}
