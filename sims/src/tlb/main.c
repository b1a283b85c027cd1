/* tlb: a TLB homework simulator in the style of the OSTEP ones. A trace of
 * virtual addresses (random with a locality knob, an -A list or a file) runs
 * through a TLB of a given size, associativity and replacement policy, with
 * processes that switch every N references, with or without ASIDs. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "linebuf.h"
#include "opts.h"
#include "pynum.h"
#include "pyrandom.h"
#include "tlb.h"
#include "trace.h"

#define MAX_ASIZE   (1LL << 40)
#define MAX_ENTRIES (1LL << 24)
#define MAX_PROCS   65536
#define MAX_REFS    100000000LL

typedef struct {
  const char *seed, *addresses, *address_file, *asize_text, *pagesize_text, *policy_text;
  long long numaddrs, entries, ways, stride, procs, switch_every;
  double locality;
  bool asid, compute, json;
  /* derived */
  long long asize, pagesize, pages, nways, sets;
  tlb_policy policy;
} options;

static bool power_of_two(long long v) {
  return v > 0 && (v & (v - 1)) == 0;
}

static long long size_option(const char *text, const char *name) {
  long long v;
  pynum_status st = pysize_parse(text, &v);
  if (st == PYNUM_INVALID)
    opts_die("option %s: invalid size '%s' (a number with an optional k, m or g suffix)", name,
             text);
  if (st == PYNUM_RANGE || v > MAX_ASIZE)
    opts_die("option %s: size '%s' is too large (at most %lld bytes)", name, text, MAX_ASIZE);
  return v;
}

static void validate(options *o) {
  o->asize = size_option(o->asize_text, "-a/--asize");
  o->pagesize = size_option(o->pagesize_text, "-P/--pagesize");
  if (!power_of_two(o->pagesize))
    opts_die("option -P/--pagesize: the page size must be a power of two, not %lld", o->pagesize);
  if (o->asize < o->pagesize || o->asize % o->pagesize != 0)
    opts_die("option -a/--asize: the address space (%lld bytes) must be a positive multiple of "
             "the page size (%lld)",
             o->asize, o->pagesize);
  o->pages = o->asize / o->pagesize;
  if (o->entries < 1 || o->entries > MAX_ENTRIES)
    opts_die("option -e/--entries: TLB entries must be from 1 to %lld, not %lld", MAX_ENTRIES,
             o->entries);
  if (o->ways < 0 || o->ways > o->entries || (o->ways > 0 && o->entries % o->ways != 0))
    opts_die("option -w/--ways: ways must divide the %lld entries (0: fully associative), not "
             "%lld",
             o->entries, o->ways);
  o->nways = o->ways ? o->ways : o->entries;
  o->sets = o->entries / o->nways;
  if (!tlb_policy_from_name(o->policy_text, &o->policy))
    opts_die("option -p/--policy: unknown policy '%s' (accepts LRU, FIFO, RAND)", o->policy_text);
  if (!(o->locality >= 0.0 && o->locality <= 100.0))
    opts_die("option -l/--locality: a percentage from 0 to 100, not %g", o->locality);
  if (o->numaddrs < 0 || o->numaddrs > MAX_REFS)
    opts_die("option -n/--numaddrs: from 0 to %lld references, not %lld", MAX_REFS, o->numaddrs);
  if (o->procs < 1 || o->procs > MAX_PROCS)
    opts_die("option -N/--procs: from 1 to %d processes, not %lld", MAX_PROCS, o->procs);
  if (o->switch_every < 0)
    opts_die("option -C/--switch: references between switches must be 0 (never) or more, not "
             "%lld",
             o->switch_every);
  if (o->procs > 1 && o->switch_every == 0)
    opts_die("option -N/--procs: %lld processes need -C/--switch, the references between "
             "context switches",
             o->procs);
}

static void print_args(const options *o) {
  printf("ARG seed %s\n", o->seed);
  printf("ARG addresses %s\n", o->addresses);
  printf("ARG addressfile %s\n", o->address_file);
  printf("ARG numaddrs %lld\n", o->numaddrs);
  printf("ARG asize %s\n", o->asize_text);
  printf("ARG pagesize %s\n", o->pagesize_text);
  printf("ARG entries %lld\n", o->entries);
  printf("ARG ways %lld\n", o->ways);
  printf("ARG policy %s\n", o->policy_text);
  printf("ARG locality %g\n", o->locality);
  printf("ARG stride %lld\n", o->stride);
  printf("ARG procs %lld\n", o->procs);
  printf("ARG switch %lld\n", o->switch_every);
  printf("ARG asid %s\n\n", o->asid ? "True" : "False");
}

static int digits10(long long v) {
  int n = 1;
  while (v >= 10) {
    v /= 10;
    n++;
  }
  return n;
}

static int digits16(long long v) {
  int n = 1;
  while (v >= 16) {
    v /= 16;
    n++;
  }
  return n;
}

/* Column widths of the trace, from the largest values. */
typedef struct {
  int hex, dec, vpn, set, way, proc;
} widths;

static widths widths_of(const options *o) {
  widths w;
  w.hex = digits16(o->asize - 1);
  if (w.hex < 4)
    w.hex = 4;
  w.dec = digits10(o->asize - 1);
  w.vpn = digits10(o->pages - 1);
  w.set = digits10(o->sets - 1);
  w.way = digits10(o->nways - 1);
  w.proc = digits10(o->procs - 1);
  return w;
}

static void lb_hex(linebuf *b, long long v, int width) {
  char digits[20];
  int n = 0;
  do {
    digits[n++] = "0123456789abcdef"[v & 15];
    v >>= 4;
  } while (v);
  lb_str(b, "0x");
  for (int i = n; i < width; i++)
    lb_char(b, '0');
  while (n)
    lb_char(b, digits[--n]);
}

static void print_setup(const options *o) {
  printf("Address space: %lld bytes per process, %lld pages of %lld bytes (VPN = address / "
         "%lld)\n",
         o->asize, o->pages, o->pagesize, o->pagesize);
  if (o->sets == 1)
    printf("TLB: %lld entries, fully associative, %s replacement\n", o->entries,
           tlb_policy_name(o->policy));
  else if (o->nways == 1)
    printf("TLB: %lld entries, direct mapped (%lld sets of 1 way; set = VPN %% %lld)\n", o->entries,
           o->sets, o->sets);
  else
    printf("TLB: %lld entries, %lld sets of %lld ways (set = VPN %% %lld), %s replacement\n",
           o->entries, o->sets, o->nways, o->sets, tlb_policy_name(o->policy));
  printf("TLB reach: %lld bytes (%lld entries x %lld bytes)\n", o->entries * o->pagesize,
         o->entries, o->pagesize);
  if (o->procs > 1)
    printf("Processes: %lld, a context switch every %lld references; %s\n", o->procs,
           o->switch_every,
           o->asid ? "entries are tagged with ASIDs (no flush)"
                   : "no ASIDs: the TLB is flushed at every switch");
  printf("\n");
}

typedef struct {
  long long hits, misses, flushes;
  long long *proc_hits, *proc_misses;
} totals;

static void print_rate(long long hits, long long misses) {
  if (hits + misses == 0)
    printf("hit rate -\n");
  else
    printf("hit rate %.2f%%\n", 100.0 * (double)hits / (double)(hits + misses));
}

static void run_text(const options *o, const tlb_trace *trace, tlb *t) {
  widths w = widths_of(o);
  linebuf b;
  lb_init(&b);
  totals tot = {0, 0, 0, calloc((size_t)o->procs, sizeof(long long)),
                calloc((size_t)o->procs, sizeof(long long))};
  if (!tot.proc_hits || !tot.proc_misses)
    opts_die("out of memory");
  printf("Virtual address trace%s:\n", o->compute ? " (hit or miss, set, way, eviction)" : "");
  long long cur = -1;
  for (size_t i = 0; i < trace->count; i++) {
    long long p = trace_process(i, o->switch_every, o->procs);
    if (p != cur) {
      if (cur >= 0) {
        lb_str(&b, "  -- context switch to process ");
        lb_int(&b, p, 0);
        if (!o->asid) {
          long long n = tlb_flush(t);
          tot.flushes++;
          if (o->compute) {
            lb_str(&b, ": TLB flushed (");
            lb_int(&b, n, 0);
            lb_str(&b, n == 1 ? " entry)" : " entries)");
          } else {
            lb_str(&b, ": TLB flushed");
          }
        }
        lb_char(&b, '\n');
      }
      cur = p;
    }
    long long a = trace->addrs[i];
    long long vpn = a / o->pagesize;
    lb_str(&b, "  ");
    if (o->procs > 1) {
      lb_str(&b, "[proc ");
      lb_int(&b, p, w.proc);
      lb_str(&b, "] ");
    }
    lb_str(&b, "VA ");
    lb_hex(&b, a, w.hex);
    lb_str(&b, " (decimal ");
    lb_int(&b, a, w.dec);
    lb_str(&b, ")");
    if (!o->compute) {
      lb_str(&b, " --> hit or miss?\n");
    } else {
      tlb_result r;
      tlb_access(t, o->asid ? p : 0, vpn, &r);
      lb_str(&b, " --> VPN ");
      lb_int(&b, vpn, w.vpn);
      lb_str(&b, "  set ");
      lb_int(&b, r.set, w.set);
      lb_str(&b, "  way ");
      lb_int(&b, r.way, w.way);
      if (r.hit) {
        tot.hits++;
        tot.proc_hits[p]++;
        lb_str(&b, "  HIT\n");
      } else {
        tot.misses++;
        tot.proc_misses[p]++;
        lb_str(&b, "  MISS");
        if (r.evicted) {
          lb_str(&b, "  evicts VPN ");
          lb_int(&b, r.victim_vpn, 0);
          if (o->procs > 1 && o->asid) {
            lb_str(&b, " of process ");
            lb_int(&b, r.victim_asid, 0);
          }
        }
        lb_char(&b, '\n');
      }
    }
    if (b.len > 60000)
      lb_flush(&b, stdout);
  }
  lb_flush(&b, stdout);
  lb_free(&b);
  printf("\n");
  if (!o->compute) {
    printf("For each access: is it a TLB hit or a miss, which set and way hold the page, and\n"
           "which page is evicted? What is the hit rate?\n\n");
  } else {
    printf("TLB hits %lld   misses %lld   ", tot.hits, tot.misses);
    print_rate(tot.hits, tot.misses);
    if (o->procs > 1) {
      for (long long p = 0; p < o->procs; p++) {
        printf("  process %lld: hits %lld   misses %lld   ", p, tot.proc_hits[p],
               tot.proc_misses[p]);
        print_rate(tot.proc_hits[p], tot.proc_misses[p]);
      }
      printf("TLB flushes %lld\n", tot.flushes);
    }
    printf("\n");
  }
  free(tot.proc_hits);
  free(tot.proc_misses);
}

/* The sizes go into the JSON options as numbers of bytes. */
static bool size_option_json(json_writer *w, const opt_spec *spec, void *ctx) {
  const options *o = ctx;
  if (spec->short_name == 'a')
    json_int(w, o->asize);
  else if (spec->short_name == 'P')
    json_int(w, o->pagesize);
  else
    return false;
  return true;
}

static void run_json(const options *o, const tlb_trace *trace, tlb *t) {
  json_writer *w = malloc(sizeof *w);
  long long *ph = calloc((size_t)o->procs, sizeof *ph), *pm = calloc((size_t)o->procs, sizeof *pm);
  if (!w || !ph || !pm)
    opts_die("out of memory");
  json_init(w, stdout);
  json_document_begin(w, "tlb", size_option_json, (void *)o);
  json_kv_int(w, "pages", o->pages);
  json_kv_int(w, "sets", o->sets);
  json_kv_int(w, "ways_per_set", o->nways);
  json_kv_int(w, "reach", o->entries * o->pagesize);
  json_key(w, "references");
  json_array_begin(w);
  long long hits = 0, misses = 0, flushes = 0, cur = -1;
  for (size_t i = 0; i < trace->count; i++) {
    long long p = trace_process(i, o->switch_every, o->procs);
    long long flushed = 0;
    bool switched = cur >= 0 && p != cur;
    if (switched && !o->asid) {
      flushed = tlb_flush(t);
      flushes++;
    }
    cur = p;
    long long a = trace->addrs[i], vpn = a / o->pagesize;
    tlb_result r;
    tlb_access(t, o->asid ? p : 0, vpn, &r);
    if (r.hit) {
      hits++;
      ph[p]++;
    } else {
      misses++;
      pm[p]++;
    }
    json_object_begin_compact(w);
    json_kv_int(w, "process", p);
    json_kv_bool(w, "switched", switched);
    json_kv_int(w, "flushed", flushed);
    json_kv_int(w, "address", a);
    json_kv_int(w, "vpn", vpn);
    json_kv_int(w, "offset", a % o->pagesize);
    json_kv_int(w, "set", r.set);
    json_kv_int(w, "way", r.way);
    json_kv_bool(w, "hit", r.hit);
    json_key(w, "evicted");
    if (r.evicted) {
      json_object_begin_compact(w);
      json_kv_int(w, "vpn", r.victim_vpn);
      json_kv_int(w, "process", o->asid ? r.victim_asid : p);
      json_object_end(w);
    } else {
      json_null(w);
    }
    json_object_end(w);
  }
  json_array_end(w);
  json_kv_int(w, "hits", hits);
  json_kv_int(w, "misses", misses);
  json_key(w, "hit_rate");
  if (hits + misses)
    json_double(w, 100.0 * (double)hits / (double)(hits + misses));
  else
    json_null(w);
  json_kv_int(w, "flushes", flushes);
  json_key(w, "processes");
  json_array_begin(w);
  for (long long p = 0; p < o->procs; p++) {
    json_object_begin_compact(w);
    json_kv_int(w, "process", p);
    json_kv_int(w, "hits", ph[p]);
    json_kv_int(w, "misses", pm[p]);
    json_object_end(w);
  }
  json_array_end(w);
  json_key(w, "final_tlb");
  json_array_begin(w);
  for (long long s = 0; s < o->sets; s++) {
    json_array_begin_compact(w);
    for (long long way = 0; way < o->nways; way++) {
      long long vpn, asid;
      if (tlb_entry(t, s, way, &vpn, &asid)) {
        json_object_begin_compact(w);
        json_kv_int(w, "vpn", vpn);
        json_kv_int(w, "process", o->asid ? asid : cur);
        json_object_end(w);
      } else {
        json_null(w);
      }
    }
    json_array_end(w);
  }
  json_array_end(w);
  json_object_end(w);
  json_finish(w);
  free(w);
  free(ph);
  free(pm);
}

int main(int argc, char **argv) {
  static char out_buffer[1 << 16];
  setvbuf(stdout, out_buffer, _IOFBF, sizeof out_buffer);
  static const char default_seed[] = "0";
  options o = {.seed = default_seed,
               .addresses = "-1",
               .address_file = "",
               .asize_text = "16k",
               .pagesize_text = "1k",
               .policy_text = "LRU",
               .numaddrs = 10,
               .entries = 4,
               .ways = 0,
               .stride = 4,
               .procs = 1,
               .switch_every = 0,
               .locality = 50.0};
  const opt_spec specs[] = {
      {'s', "seed", OPT_BIGINT, &o.seed, NULL, "the random seed [default: 0]"},
      {'A', "addresses", OPT_STRING, &o.addresses, NULL,
       "virtual addresses, separated by commas (0x.. for hex); -1 generates them [default: -1]"},
      {'f', "addressfile", OPT_STRING, &o.address_file, NULL,
       "file of virtual addresses, one per line; overrides -A"},
      {'n', "numaddrs", OPT_INT, &o.numaddrs, NULL, "how many addresses to generate [default: 10]"},
      {'a', "asize", OPT_STRING, &o.asize_text, NULL,
       "address space size of each process (e.g. 16k, 1m) [default: 16k]"},
      {'P', "pagesize", OPT_STRING, &o.pagesize_text, NULL,
       "page size, a power of two (e.g. 16, 4k) [default: 1k]"},
      {'e', "entries", OPT_INT, &o.entries, NULL, "TLB entries [default: 4]"},
      {'w', "ways", OPT_INT, &o.ways, NULL,
       "associativity: entries per set (1: direct mapped, 0: fully associative) [default: 0]"},
      {'p', "policy", OPT_STRING, &o.policy_text, NULL,
       "replacement policy: LRU, FIFO or RAND [default: LRU]"},
      {'l', "locality", OPT_FLOAT, &o.locality, NULL,
       "percent of generated addresses that follow the previous one by the stride [default: 50]"},
      {'t', "stride", OPT_INT, &o.stride, NULL,
       "bytes from one address to the next under locality [default: 4]"},
      {'N', "procs", OPT_INT, &o.procs, NULL, "number of processes [default: 1]"},
      {'C', "switch", OPT_INT, &o.switch_every, NULL,
       "a context switch every SWITCH references (0: never) [default: 0]"},
      {'i', "asid", OPT_FLAG, &o.asid, NULL,
       "tag entries with address-space ids instead of flushing the TLB at a switch"},
      {'c', "compute", OPT_FLAG, &o.compute, NULL, "compute the answers"},
      {0, "json", OPT_FLAG, &o.json, NULL,
       "print the setup and every access with its outcome as one JSON document"},
  };
  opts_result parsed = opts_parse(argc, argv, specs, (int)(sizeof specs / sizeof specs[0]));
  free(parsed.positional);
  validate(&o);

  pyrandom rng;
  if (pyrandom_seed_str(&rng, o.seed) != 0)
    opts_die("option -s/--seed: invalid integer value: '%s'", o.seed);
  tlb_trace trace;
  char msg[256];
  bool ok;
  if (o.address_file[0])
    ok = trace_from_file(o.address_file, o.asize, &trace, msg, sizeof msg);
  else if (strcmp(o.addresses, "-1") != 0)
    ok = trace_from_list(o.addresses, o.asize, &trace, msg, sizeof msg);
  else if (!(ok = trace_random(&rng, o.numaddrs, o.asize, o.locality, o.stride, o.switch_every,
                               o.procs, &trace)))
    snprintf(msg, sizeof msg, "out of memory for %lld references", o.numaddrs);
  if (!ok)
    opts_die("%s", msg);
  if (trace.count > (size_t)MAX_REFS)
    opts_die("at most %lld references, not %zu", MAX_REFS, trace.count);

  tlb *t = tlb_new(o.entries, o.nways, o.policy, &rng);
  if (!t)
    opts_die("out of memory for a TLB of %lld entries", o.entries);
  if (o.json) {
    run_json(&o, &trace, t);
  } else {
    print_args(&o);
    print_setup(&o);
    run_text(&o, &trace, t);
  }
  tlb_free(t);
  trace_free(&trace);
  if (o.seed != default_seed) /* the parser made a copy */
    free((char *)o.seed);
  return 0;
}
