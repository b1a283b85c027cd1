/* ssd: a flash SSD under a stream of reads, writes and trims, with a
 * direct, log-structured or ideal translation layer, garbage collection
 * and wear. A drop-in for OSTEP's ssd.py. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pyfmt.h"
#include "json.h"
#include "lists.h"
#include "opts.h"
#include "pynum.h"
#include "pyrandom.h"
#include "report.h"
#include "spool.h"
#include "ssd.h"
#include "workload.h"

#define MAX_COMMANDS 100000000LL

typedef struct {
  char *seed;
  long long num_cmds, skew_start, read_fail, nlogical, nblocks, ppb, high, low;
  long long read_time, program_time, erase_time;
  const char *percentages, *skew, *cmd_list, *type;
  bool show_gc, show_state, show_cmds, quiz, show_stats, compute, json, picture;
} options;

static void print_args(const options *o) {
  printf("ARG seed %s\n", o->seed);
  printf("ARG num_cmds %lld\n", o->num_cmds);
  printf("ARG op_percentages %s\n", o->percentages);
  printf("ARG skew %s\n", o->skew);
  printf("ARG skew_start %lld\n", o->skew_start);
  printf("ARG read_fail %lld\n", o->read_fail);
  printf("ARG cmd_list %s\n", o->cmd_list);
  printf("ARG ssd_type %s\n", o->type);
  printf("ARG num_logical_pages %lld\n", o->nlogical);
  printf("ARG num_blocks %lld\n", o->nblocks);
  printf("ARG pages_per_block %lld\n", o->ppb);
  printf("ARG high_water_mark %lld\n", o->high);
  printf("ARG low_water_mark %lld\n", o->low);
  printf("ARG erase_time %lld\n", o->erase_time);
  printf("ARG program_time %lld\n", o->program_time);
  printf("ARG read_time %lld\n", o->read_time);
  printf("ARG show_gc %s\n", pyfmt_bool(o->show_gc));
  printf("ARG show_state %s\n", pyfmt_bool(o->show_state));
  printf("ARG show_cmds %s\n", pyfmt_bool(o->show_cmds));
  printf("ARG quiz_cmds %s\n", pyfmt_bool(o->quiz));
  printf("ARG show_stats %s\n", pyfmt_bool(o->show_stats));
  printf("ARG compute %s\n", pyfmt_bool(o->compute));
  printf("\n");
}

/* The original's own checks print a line on stdout and exit 1; with --json
 * stdout holds only the document, so they become errors. */
noreturn static void own_exit(const options *o, const char *msg) {
  if (o->json)
    opts_die("%s", msg);
  printf("%s\n", msg);
  exit(1);
}

/* int() of one part of a -K or -P value. */
static long long int_part(const char *text, const char *option) {
  char *decimal;
  if (pyint_parse_decimal(text, PYINT_PLAIN, &decimal) != PYNUM_OK)
    opts_die("option %s: '%s' is not an integer", option, text);
  errno = 0;
  long long v = strtoll(decimal, NULL, 10);
  free(decimal);
  if (errno == ERANGE)
    opts_die("option %s: %s is too large", option, text);
  return v;
}

/* ---- the text run ------------------------------------------------------- */

typedef struct {
  const options *o;
} text_ctx;

static void dump_or_die(const ssd *s) {
  if (!ssd_print_dump(s, stdout))
    opts_die("the FTL map cannot be printed with fewer than 7 physical pages "
             "(the original divides by zero)");
}

static void text_move(void *ctx, const ssd *s, long long page) {
  (void)ctx;
  printf("gc %lld:: read(physical_page=%lld)\n", s->gc_count, page);
  printf("gc %lld:: write()\n", s->gc_count);
}

static void text_erase(void *ctx, const ssd *s, long long block) {
  const text_ctx *t = ctx;
  printf("gc %lld:: erase(block=%lld)\n", s->gc_count, block);
  if (t->o->show_state) {
    printf("\n");
    dump_or_die(s);
    printf("\n");
  }
}

static void crashed(const ssd *s, long long op) {
  opts_die("command %lld: %s (the original crashes here)", op, s->error);
}

static void print_address(const ssd_cmd *c) {
  if (c->address_text)
    fputs(c->address_text, stdout);
  else
    printf("%lld", c->address);
}

static void run_text(const options *o, ssd *s, ssd_workload *w) {
  text_ctx t = {o};
  s->obs = (ssd_observer){&t, o->show_gc ? text_move : NULL, o->show_gc ? text_erase : NULL};
  dump_or_die(s);
  printf("\n");
  bool show_state = o->show_state || o->quiz;
  bool answer = o->show_cmds || (o->quiz && o->compute);
  long long op = 0;
  for (;;) {
    ssd_cmd c = workload_next(w);
    if (c.kind == CMD_END)
      break;
    if (c.kind == CMD_BAD)
      opts_die("option -L: command %lld: %s", op, w->error);
    const char *rc = NULL;
    switch (c.kind) {
    case CMD_READ:
      rc = ssd_read(s, c.address);
      if (!rc)
        crashed(s, op);
      if (answer || o->quiz) {
        printf("cmd %3lld:: read(", op);
        print_address(&c);
        printf(") -> %s\n", answer ? rc : "??");
      }
      op++;
      break;
    case CMD_WRITE:
      rc = ssd_write(s, c.address, c.data);
      if (!rc)
        crashed(s, op);
      if (answer) {
        printf("cmd %3lld:: write(", op);
        print_address(&c);
        printf(", %s) -> %s\n", c.data, rc);
      } else if (o->quiz) {
        printf("cmd %3lld:: command(?\?) -> ?\?\n", op);
      }
      op++;
      break;
    case CMD_TRIM:
      rc = ssd_trim(s, c.address);
      if (answer) {
        printf("cmd %3lld:: trim(", op);
        print_address(&c);
        printf(") -> %s\n", rc);
      } else if (o->quiz) {
        printf("cmd %lld:: command(?\?) -> ?\?\n", op); /* sic: no width */
      }
      op++;
      break;
    default: break;
    }
    if (show_state) {
      printf("\n");
      dump_or_die(s);
      printf("\n");
    }
    if (!ssd_upkeep(s))
      crashed(s, op - (c.kind != CMD_OTHER));
  }
  if (!show_state) {
    printf("\n");
    dump_or_die(s);
  }
  printf("\n");
  if (o->show_stats) {
    ssd_print_stats(s, stdout);
    printf("\n");
  }
  if (o->picture)
    ssd_print_picture(s, stdout);
}

/* ---- the JSON run ------------------------------------------------------- */

typedef struct {
  json_writer *w;
  bool gc_open;
} json_ctx;

static void gc_begin(json_ctx *j) {
  if (!j->gc_open) {
    json_key(j->w, "gc");
    json_array_begin(j->w);
    j->gc_open = true;
  }
}

static void json_move(void *ctx, const ssd *s, long long page) {
  json_ctx *j = ctx;
  gc_begin(j);
  json_object_begin_compact(j->w);
  json_kv_string(j->w, "event", "move");
  json_kv_int(j->w, "page", page);
  json_kv_int(j->w, "logical", s->reverse[page]);
  json_object_end(j->w);
}

static void json_erase(void *ctx, const ssd *s, long long block) {
  (void)s;
  json_ctx *j = ctx;
  gc_begin(j);
  json_object_begin_compact(j->w);
  json_kv_string(j->w, "event", "erase");
  json_kv_int(j->w, "block", block);
  json_object_end(j->w);
}

static void json_address(json_writer *w, const ssd_cmd *c) {
  json_key(w, "address");
  if (c->address_text)
    json_raw(w, c->address_text);
  else
    json_int(w, c->address);
}

static const char *state_name(int st) {
  return st == PAGE_INVALID ? "invalid" : st == PAGE_ERASED ? "erased" : "valid";
}

static void json_final(json_writer *w, const ssd *s) {
  json_key(w, "final");
  json_object_begin(w);
  json_key(w, "ftl");
  json_array_begin(w);
  for (long long l = 0; l < s->nlogical; l++) {
    if (s->forward[l] == -1)
      continue;
    json_object_begin_compact(w);
    json_kv_int(w, "logical", l);
    json_kv_int(w, "physical", s->forward[l]);
    json_object_end(w);
  }
  json_array_end(w);
  json_key(w, "blocks");
  json_array_begin(w);
  for (long long b = 0; b < s->nblocks; b++) {
    json_object_begin(w);
    json_kv_int(w, "block", b);
    json_kv_int(w, "erases", s->erases[b]);
    json_kv_int(w, "writes", s->writes[b]);
    json_kv_int(w, "reads", s->reads[b]);
    json_kv_bool(w, "in_use", s->in_use[b]);
    json_key(w, "pages");
    json_array_begin(w);
    for (long long p = b * s->ppb; p < (b + 1) * s->ppb; p++) {
      json_object_begin_compact(w);
      json_kv_int(w, "page", p);
      json_kv_string(w, "state", state_name(s->state[p]));
      if (s->state[p] == PAGE_VALID)
        json_kv_string(w, "data", s->data[p]);
      json_kv_bool(w, "live", ssd_page_live(s, p));
      json_object_end(w);
    }
    json_array_end(w);
    json_object_end(w);
  }
  json_array_end(w);
  json_object_end(w);
}

static void json_stats(json_writer *w, const ssd *s) {
  json_key(w, "stats");
  json_object_begin(w);
  json_kv_int(w, "physical_erases", s->erase_sum);
  json_kv_int(w, "physical_writes", s->write_sum);
  json_kv_int(w, "physical_reads", s->read_sum);
  json_kv_int(w, "logical_writes", s->lwrite_sum);
  json_kv_int(w, "logical_write_failures", s->lwrite_fail);
  json_kv_int(w, "logical_reads", s->lread_sum);
  json_kv_int(w, "logical_read_failures", s->lread_fail);
  json_kv_int(w, "logical_trims", s->trim_sum);
  json_kv_int(w, "logical_trim_failures", s->trim_fail);
  json_kv_int(w, "gc_runs", s->gc_count);
  double erase = (double)s->erase_sum * s->erase_time;
  double write = (double)s->write_sum * s->program_time;
  double read = (double)s->read_sum * s->read_time;
  json_kv_double(w, "erase_time", erase);
  json_kv_double(w, "write_time", write);
  json_kv_double(w, "read_time", read);
  json_kv_double(w, "total_time", erase + write + read);
  json_object_end(w);
}

static void run_json(const options *o, ssd *s, ssd_workload *wl) {
  /* The document is assembled in a temporary file, so that a run the
   * original would crash on leaves stdout empty. */
  FILE *out = spool_open();
  json_writer *w = malloc(sizeof *w);
  if (!w)
    opts_die("out of memory");
  json_init(w, out);
  json_document_begin(w, "ssd", NULL, NULL);
  json_ctx j = {w, false};
  s->obs = (ssd_observer){&j, json_move, json_erase};
  json_key(w, "commands");
  json_array_begin(w);
  long long op = 0;
  for (;;) {
    ssd_cmd c = workload_next(wl);
    if (c.kind == CMD_END)
      break;
    if (c.kind == CMD_BAD)
      opts_die("option -L: command %lld: %s", op, wl->error);
    const char *rc = NULL;
    if (c.kind != CMD_OTHER) {
      rc = c.kind == CMD_READ    ? ssd_read(s, c.address)
           : c.kind == CMD_WRITE ? ssd_write(s, c.address, c.data)
                                 : ssd_trim(s, c.address);
      if (!rc)
        crashed(s, op);
      json_object_begin_compact(w);
      json_kv_int(w, "op", op);
      json_kv_string(w, "command",
                     c.kind == CMD_READ    ? "read"
                     : c.kind == CMD_WRITE ? "write"
                                           : "trim");
      json_address(w, &c);
      if (c.kind == CMD_WRITE)
        json_kv_string(w, "data", c.data);
      json_kv_string(w, "result", rc);
      op++;
    }
    j.gc_open = false;
    /* GC events after an unknown -L word still belong to no command */
    if (c.kind == CMD_OTHER)
      s->obs.move = NULL, s->obs.erase = NULL;
    if (!ssd_upkeep(s))
      crashed(s, op - (c.kind != CMD_OTHER));
    s->obs = (ssd_observer){&j, json_move, json_erase};
    if (c.kind != CMD_OTHER) {
      if (j.gc_open)
        json_array_end(w);
      json_object_end(w);
    }
  }
  json_array_end(w);
  json_final(w, s);
  json_stats(w, s);
  json_object_end(w);
  json_finish(w);
  free(w);
  spool_finish(out);
}

/* ---- main --------------------------------------------------------------- */

int main(int argc, char **argv) {
  static char outbuf[1 << 16];
  setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
  options o = {
      .seed = "0",
      .num_cmds = 10,
      .percentages = "40/50/10",
      .skew = "",
      .skew_start = 0,
      .read_fail = 0,
      .cmd_list = "",
      .type = "direct",
      .nlogical = 50,
      .nblocks = 7,
      .ppb = 10,
      .high = 10,
      .low = 8,
      .read_time = 10,
      .program_time = 40,
      .erase_time = 1000,
  };
  const opt_spec specs[] = {
      {'s', "seed", OPT_BIGINT, &o.seed, NULL, "the random seed"},
      {'n', "num_cmds", OPT_INT, &o.num_cmds, NULL, "number of commands to generate at random"},
      {'P', "op_percentages", OPT_STRING, &o.percentages, NULL,
       "random commands: percent of reads/writes/trims (default 40/50/10)"},
      {'K', "skew", OPT_STRING, &o.skew, NULL,
       "skew such as 80/20: 80% of writes go to the first 20% of pages"},
      {'k', "skew_start", OPT_INT, &o.skew_start, NULL,
       "with --skew: skew only after this many writes"},
      {'r', "read_fails", OPT_INT, &o.read_fail, "READ_FAIL",
       "random commands: percent of reads that may go to any address (and fail)"},
      {'L', "cmd_list", OPT_STRING, &o.cmd_list, NULL,
       "comma-separated commands instead of random ones (e.g. r10,w20:a,t20)"},
      {'T', "ssd_type", OPT_STRING, &o.type, NULL, "translation layer: direct, log or ideal"},
      {'l', "logical_pages", OPT_INT, &o.nlogical, "NUM_LOGICAL_PAGES",
       "number of logical pages the device offers"},
      {'B', "num_blocks", OPT_INT, &o.nblocks, NULL, "number of physical erase blocks"},
      {'p', "pages_per_block", OPT_INT, &o.ppb, NULL, "pages per erase block"},
      {'G', "high_water_mark", OPT_INT, &o.high, NULL,
       "blocks in use that start the garbage collector"},
      {'g', "low_water_mark", OPT_INT, &o.low, NULL,
       "blocks in use at which the garbage collector stops"},
      {'R', "read_time", OPT_INT, &o.read_time, NULL, "page read time (microseconds)"},
      {'W', "program_time", OPT_INT, &o.program_time, NULL, "page program time (microseconds)"},
      {'E', "erase_time", OPT_INT, &o.erase_time, NULL, "block erase time (microseconds)"},
      {'J', "show_gc", OPT_FLAG, &o.show_gc, NULL, "show what the garbage collector does"},
      {'F', "show_state", OPT_FLAG, &o.show_state, NULL, "show the flash after every command"},
      {'C', "show_cmds", OPT_FLAG, &o.show_cmds, NULL, "show the commands and their results"},
      {'q', "quiz_cmds", OPT_FLAG, &o.quiz, NULL,
       "show the flash after each command and ask what the command was"},
      {'S', "show_stats", OPT_FLAG, &o.show_stats, NULL, "show operation counts and times"},
      {'c', "compute", OPT_FLAG, &o.compute, NULL, "compute the answers"},
      {0, "json", OPT_FLAG, &o.json, NULL, "print the whole run as one JSON document"},
      {0, "picture", OPT_FLAG, &o.picture, NULL,
       "after the run, draw each erase block: page states and wear"},
  };
  opts_parse(argc, argv, specs, (int)(sizeof specs / sizeof specs[0]));

  pyrandom rng;
  if (pyrandom_seed_str(&rng, o.seed) != 0)
    opts_die("option -s/--seed: invalid integer value: '%s'", o.seed);
  if (!o.json)
    print_args(&o);

  ssd_kind kind;
  if (!strcmp(o.type, "direct"))
    kind = SSD_DIRECT;
  else if (!strcmp(o.type, "log"))
    kind = SSD_LOG;
  else if (!strcmp(o.type, "ideal"))
    kind = SSD_IDEAL;
  else {
    char msg[256];
    snprintf(msg, sizeof msg, "bad SSD type (%.200s)", o.type);
    own_exit(&o, msg);
  }
  if (o.nblocks < 0 || o.nblocks > SSD_MAX_PAGES)
    opts_die("option -B/--num_blocks: must be from 0 to %lld, not %lld", SSD_MAX_PAGES, o.nblocks);
  if (o.ppb < 0 || o.ppb > SSD_MAX_PAGES)
    opts_die("option -p/--pages_per_block: must be from 0 to %lld, not %lld", SSD_MAX_PAGES, o.ppb);
  if (o.nblocks * o.ppb > SSD_MAX_PAGES)
    opts_die("options -B and -p: at most %lld physical pages, not %lld", SSD_MAX_PAGES,
             o.nblocks * o.ppb);
  if (o.nlogical > SSD_MAX_PAGES)
    opts_die("option -l/--logical_pages: at most %lld, not %lld", SSD_MAX_PAGES, o.nlogical);

  ssd s;
  if (!ssd_init(&s, kind, o.nlogical, o.nblocks, o.ppb, (double)o.erase_time,
                (double)o.program_time, (double)o.read_time, o.high, o.low))
    opts_die("out of memory");

  bool hot_cold = false;
  double hot_percent = 0, hot_target = 0;
  if (o.skew[0] != '\0') {
    hot_cold = true;
    str_list parts = list_split(o.skew, '/');
    if (parts.count != 2)
      own_exit(&o, "bad skew specification; should be 80/20 or something like that");
    hot_percent = (double)int_part(parts.items[0], "-K/--skew") / 100.0;
    hot_target = (double)int_part(parts.items[1], "-K/--skew") / 100.0;
    list_free(&parts);
  }

  ssd_workload w;
  if (o.cmd_list[0] == '\0') {
    str_list p = list_split(o.percentages, '/');
    if (p.count != 3)
      opts_die("option -P/--op_percentages: needs three numbers, reads/writes/trims, not '%s'",
               o.percentages);
    long long reads = int_part(p.items[0], "-P/--op_percentages");
    long long writes = int_part(p.items[1], "-P/--op_percentages");
    (void)int_part(p.items[2], "-P/--op_percentages");
    list_free(&p);
    if (writes <= 0)
      own_exit(&o, "must have some writes, otherwise nothing in the SSD!");
    if (o.num_cmds > MAX_COMMANDS)
      opts_die("option -n/--num_cmds: at most %lld commands, not %lld", MAX_COMMANDS, o.num_cmds);
    if (hot_cold && fabs(hot_target * (double)(o.nlogical - 1)) >= 9007199254740992.0)
      opts_die("option -K/--skew: the hot share of %lld pages is too large", o.nlogical);
    if (!workload_init_random(&w, &rng, o.num_cmds, reads, writes, o.read_fail, o.nlogical,
                              hot_cold, hot_percent, hot_target, o.skew_start))
      opts_die("options -P and -r: no command can ever be generated (the original loops "
               "forever): -P needs a share of writes, or of reads with -r above 0");
  } else if (!workload_init_list(&w, o.cmd_list)) {
    opts_die("out of memory");
  }

  if (o.json)
    run_json(&o, &s, &w);
  else
    run_text(&o, &s, &w);
  workload_free(&w);
  ssd_free(&s);
  return 0;
}
