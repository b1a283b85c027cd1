/* fork: how a process tree grows and shrinks as processes fork and exit
 * (OSTEP chapter 5). A drop-in for fork.py, with --json added; the original's
 * tree drawing is kept as it is. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "forktree.h"
#include "json.h"
#include "lists.h"
#include "opts.h"
#include "pyfmt.h"
#include "pynum.h"
#include "pyrandom.h"

#define MAX_ACTIONS 10000000LL
#define MAX_OUTPUT  (1ULL << 30) /* bytes of trees and actions */
#define HOLD_OUTPUT (64ULL << 20)

typedef struct {
  char *seed, *actions_text;
  double forks;
  const char *action_list, *style_text;
  bool show_tree, final_only, leaf_only, local_reparent, solve, json;
  long long actions;
  fk_style style;
} options;

static fk_style parse_style(const char *s) {
  if (!strcmp(s, "basic"))
    return FK_BASIC;
  if (!strcmp(s, "line1"))
    return FK_LINE1;
  if (!strcmp(s, "line2"))
    return FK_LINE2;
  if (!strcmp(s, "fancy"))
    return FK_FANCY;
  return FK_BAD_STYLE;
}

/* The action list: from -A, or drawn like the original. */
static char **make_actions(const options *o, size_t *n) {
  if (o->action_list[0] != '\0') {
    str_list items = list_split(o->action_list, ',');
    *n = items.count;
    return items.items; /* the strings are ours now */
  }
  pyrandom rng;
  if (!strcmp(o->seed, "-1")) {
    /* The original does not seed at all: a different run every time. */
    unsigned long long r = 0;
    if (getrandom(&r, sizeof r, 0) != (ssize_t)sizeof r)
      r = (unsigned long long)time(NULL);
    pyrandom_seed(&rng, (long long)(r >> 1));
  } else if (pyrandom_seed_str(&rng, o->seed) != 0) {
    opts_die("option -s: invalid seed '%s'", o->seed);
  }
  if (isnan(o->forks) && o->actions > 0)
    opts_die("option -f: a fork percentage of nan never forks, and the root cannot exit: the "
             "original loops forever");
  char **actions = fk_generate(&rng, o->forks, o->actions);
  *n = o->actions > 0 ? (size_t)o->actions : 0;
  return actions;
}

/* Plays the actions on a fresh tree, printing as the original does; out
 * may only count. Returns the status; *exit_message is the original's own
 * message (already printed) on FK_EXIT1. */
static fk_status play(const options *o, char **actions, size_t n, fk_out *out, const char **why) {
  fk_tree *t = fk_tree_new(o->leaf_only, o->local_reparent);
  fk_status st;
  static const char header[] = "                           Process Tree:\n";
  fk_out_str(out, header, sizeof header - 1);
  st = fk_print(t, o->style, o->style_text, out, why);
  if (st == FK_OK)
    fk_out_str(out, "\n", 1);
  for (size_t i = 0; i < n && st == FK_OK; i++) {
    const char *text;
    st = fk_apply(t, actions[i], &text, why);
    if (st == FK_EXIT1) {
      fk_out_str(out, text, strlen(text));
      fk_out_str(out, "\n", 1);
      break;
    }
    if (st != FK_OK)
      break;
    bool show_action = !o->show_tree || o->solve;
    if (show_action) {
      fk_out_str(out, "Action: ", 8);
      fk_out_str(out, text, strlen(text));
      fk_out_str(out, "\n", 1);
    } else {
      fk_out_str(out, "Action?\n", 8);
    }
    if (!o->final_only) {
      if (o->show_tree || o->solve)
        st = fk_print(t, o->style, o->style_text, out, why);
      else
        fk_out_str(out, "Process Tree?\n", 14);
    }
    if (out->over)
      st = FK_TOO_BIG;
  }
  if (st == FK_OK && o->final_only) {
    if (o->show_tree || o->solve) {
      static const char final[] = "\n                        Final Process Tree:\n";
      fk_out_str(out, final, sizeof final - 1);
      st = fk_print(t, o->style, o->style_text, out, why);
      if (st == FK_OK)
        fk_out_str(out, "\n", 1);
    } else {
      static const char ask[] = "\n                        Final Process Tree?\n\n";
      fk_out_str(out, ask, sizeof ask - 1);
    }
  }
  fk_tree_free(t);
  return st;
}

/* ---- JSON ---- */

static void noop_node(void *ctx, const char *name, const char *parent, int depth,
                      const char *const *children, size_t nchildren) {
  (void)ctx, (void)name, (void)parent, (void)depth, (void)children, (void)nchildren;
}

static void json_node(void *ctx, const char *name, const char *parent, int depth,
                      const char *const *children, size_t nchildren) {
  json_writer *w = ctx;
  json_object_begin_compact(w);
  json_kv_string(w, "name", name);
  json_key(w, "parent");
  if (parent)
    json_string(w, parent);
  else
    json_null(w);
  json_kv_int(w, "depth", depth);
  json_key(w, "children");
  json_array_begin_compact(w);
  for (size_t i = 0; i < nchildren; i++)
    json_string(w, children[i]);
  json_array_end(w);
  json_object_end(w);
}

static void print_json(const options *o, char **actions, size_t n) {
  /* First the whole run, so that a failure leaves stdout empty. */
  fk_tree *t = fk_tree_new(o->leaf_only, o->local_reparent);
  const char **texts = malloc((n + 1) * sizeof *texts);
  size_t *alive = malloc((n + 1) * sizeof *alive);
  if (!texts || !alive)
    abort();
  for (size_t i = 0; i < n; i++) {
    const char *text, *why;
    fk_status st = fk_apply(t, actions[i], &text, &why);
    if (st == FK_EXIT1)
      opts_die("%s", text);
    if (st != FK_OK)
      opts_die("action %zu (%s): %s", i + 1, actions[i], why);
    texts[i] = strdup(text);
    alive[i] = fk_alive(t);
    if (!texts[i])
      abort();
  }
  if (!fk_visit(t, noop_node, NULL))
    opts_die("the final tree cannot be drawn: it is too deep, or holds a process that exited");
  json_writer w;
  json_init(&w, stdout);
  json_object_begin(&w);
  json_kv_string(&w, "simulator", "fork");
  json_key(&w, "options");
  json_object_begin(&w);
  json_key(&w, "seed");
  json_raw(&w, o->seed);
  json_kv_double(&w, "forks", o->forks);
  json_kv_string(&w, "action_list", o->action_list);
  json_key(&w, "actions");
  json_raw(&w, o->actions_text);
  json_kv_bool(&w, "show_tree", o->show_tree);
  json_kv_string(&w, "print_style", o->style_text);
  json_kv_bool(&w, "final_only", o->final_only);
  json_kv_bool(&w, "leaf_only", o->leaf_only);
  json_kv_bool(&w, "local_reparent", o->local_reparent);
  json_kv_bool(&w, "compute", o->solve);
  json_kv_bool(&w, "json", true);
  json_object_end(&w);
  json_key(&w, "actions");
  json_array_begin(&w);
  for (size_t i = 0; i < n; i++) {
    json_object_begin_compact(&w);
    json_kv_string(&w, "action", actions[i]);
    bool fork = strchr(actions[i], '+') != NULL;
    json_kv_string(&w, "kind", fork ? "fork" : "exit");
    json_kv_string(&w, "result", texts[i]);
    json_kv_int(&w, "processes", (long long)alive[i]);
    json_object_end(&w);
    free((void *)texts[i]);
  }
  json_array_end(&w);
  json_key(&w, "final_tree");
  json_array_begin(&w);
  fk_visit(t, json_node, &w);
  json_array_end(&w);
  json_object_end(&w);
  json_finish(&w);
  free(texts);
  free(alive);
  fk_tree_free(t);
}

int main(int argc, char **argv) {
  options o = {
      .seed = "-1",
      .forks = 0.7,
      .action_list = "",
      .actions_text = "5",
      .style_text = "fancy",
  };
  const opt_spec specs[] = {
      {'s', "seed", OPT_BIGINT, &o.seed, NULL, "the random seed (-1: a different run each time)"},
      {'f', "forks", OPT_FLOAT, &o.forks, "FORK_PERCENTAGE",
       "chance that an action is a fork rather than an exit (0 to 1)"},
      {'A', "action_list", OPT_STRING, &o.action_list, NULL,
       "the actions instead of random ones: a+b,b+c,b- means a forks b, b forks c, b exits"},
      {'a', "actions", OPT_BIGINT, &o.actions_text, NULL, "how many random actions"},
      {'t', "show_tree", OPT_FLAG, &o.show_tree, NULL,
       "show the trees and ask for the actions (instead of the reverse)"},
      {'P', "print_style", OPT_STRING, &o.style_text, NULL,
       "how to draw trees: basic, line1, line2 or fancy"},
      {'F', "final_only", OPT_FLAG, &o.final_only, NULL, "show only the final tree"},
      {'L', "leaf_only", OPT_FLAG, &o.leaf_only, NULL, "only processes without children exit"},
      {'R', "local_reparent", OPT_FLAG, &o.local_reparent, NULL,
       "orphans go to their grandparent (instead of the root)"},
      {'c', "compute", OPT_FLAG, &o.solve, NULL, "compute the answers"},
      {0, "json", OPT_FLAG, &o.json, NULL, "print the actions and the final tree as JSON"},
  };
  opts_parse(argc, argv, specs, (int)(sizeof specs / sizeof specs[0]));
  pynum_status st = pyint_parse(o.actions_text, PYINT_PLAIN, &o.actions);
  if (st == PYNUM_RANGE)
    o.actions = o.actions_text[0] == '-' ? -1 : MAX_ACTIONS + 1;
  if (o.action_list[0] == '\0' && o.actions > MAX_ACTIONS)
    opts_die("option -a: at most %lld actions, not %s", MAX_ACTIONS, o.actions_text);
  o.style = parse_style(o.style_text);

  if (o.forks <= 0.001) {
    if (o.json)
      opts_die("option -f: the fork percentage must be > 0.001");
    printf("fork_percentage must be > 0.001\n");
    return 1;
  }
  size_t n;
  char **actions = make_actions(&o, &n);
  int rc = 0;
  if (o.json) {
    if (o.style == FK_BAD_STYLE)
      opts_die("option -P: the style must be basic, line1, line2 or fancy, not '%s'", o.style_text);
    print_json(&o, actions, n);
  } else {
    char fbuf[32];
    printf("\nARG seed %s\n", o.seed);
    printf("ARG fork_percentage %s\n", pyfmt_float(o.forks, fbuf));
    printf("ARG actions %s\n", o.actions_text);
    printf("ARG action_list %s\n", o.action_list);
    printf("ARG show_tree %s\n", pyfmt_bool(o.show_tree));
    printf("ARG just_final %s\n", pyfmt_bool(o.final_only));
    printf("ARG leaf_only %s\n", pyfmt_bool(o.leaf_only));
    printf("ARG local_reparent %s\n", pyfmt_bool(o.local_reparent));
    printf("ARG print_style %s\n", o.style_text);
    printf("ARG solve %s\n\n", pyfmt_bool(o.solve));
    /* The text is held in memory; a run that prints much more is measured
     * to the end first, so that one too large to print fails before it
     * prints, and then run again. */
    fk_out out;
    const char *why = NULL;
    fk_out_init(&out, HOLD_OUTPUT, MAX_OUTPUT);
    fk_status played = play(&o, actions, n, &out, &why);
    if (out.spilled) {
      if (played == FK_TOO_BIG)
        opts_die("the trees and actions would take more than %llu bytes (use fewer actions, or "
                 "-F)",
                 MAX_OUTPUT);
      fk_out_free(&out);
      fk_out_init(&out, 0, 0);
      played = play(&o, actions, n, &out, &why);
    }
    fk_out_flush(&out);
    fk_out_free(&out);
    if (played == FK_CRASH)
      opts_die("%s", why);
    if (played == FK_EXIT1)
      rc = 1;
  }
  for (size_t i = 0; i < n; i++)
    free(actions[i]);
  free(actions);
  return rc;
}
