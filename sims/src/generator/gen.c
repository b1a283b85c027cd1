#include "gen.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pyfmt.h"

/* ---- programs --------------------------------------------------------- */

static char *dup_n(const char *s, size_t n) {
  char *d = malloc(n + 1);
  if (!d)
    abort();
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

static void add(gen_program *p, gen_kind kind, const char *name, const char *sleep) {
  if (p->n == p->cap) {
    p->cap = p->cap ? 2 * p->cap : 16;
    p->items = realloc(p->items, p->cap * sizeof *p->items);
    if (!p->items)
      abort();
  }
  gen_action *a = &p->items[p->n++];
  a->kind = kind;
  a->name = name ? dup_n(name, strlen(name)) : NULL;
  a->sleep = sleep ? dup_n(sleep, strlen(sleep)) : NULL;
}

void gen_program_free(gen_program *p) {
  for (size_t i = 0; i < p->n; i++) {
    free(p->items[i].name);
    free(p->items[i].sleep);
  }
  free(p->items);
  memset(p, 0, sizeof *p);
}

static char *format(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *s = malloc((size_t)n + 1);
  if (!s)
    abort();
  va_start(ap, fmt);
  vsnprintf(s, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return s;
}

/* ---- parsing the -A syntax -------------------------------------------- */

/* Bytes of the whitespace character at s (Python's str.isspace, in UTF-8),
 * or 0. */
static size_t space_len(const char *s) {
  const unsigned char *u = (const unsigned char *)s;
  if (u[0] == ' ' || (u[0] >= '\t' && u[0] <= '\r') || (u[0] >= 0x1c && u[0] <= 0x1f))
    return 1;
  if (u[0] == 0xc2 && (u[1] == 0x85 || u[1] == 0xa0))
    return 2;
  if (u[0] == 0xe1 && u[1] == 0x9a && u[2] == 0x80)
    return 3;
  if (u[0] == 0xe2 && u[1] == 0x80 &&
      ((u[2] >= 0x80 && u[2] <= 0x8a) || u[2] == 0xa8 || u[2] == 0xa9 || u[2] == 0xaf))
    return 3;
  if (u[0] == 0xe2 && u[1] == 0x81 && u[2] == 0x9f)
    return 3;
  if (u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80)
    return 3;
  return 0;
}

/* Characters (code points) in the first `bytes` bytes of s, and back. */
static size_t chars_in(const char *s, size_t bytes) {
  size_t n = 0;
  for (size_t i = 0; i < bytes; i++)
    if (((unsigned char)s[i] & 0xc0) != 0x80)
      n++;
  return n;
}

static size_t byte_of_char(const char *s, size_t chars) {
  size_t i = 0, n = 0;
  while (s[i]) {
    if (((unsigned char)s[i] & 0xc0) != 0x80) {
      if (n == chars)
        return i;
      n++;
    }
    i++;
  }
  return i;
}

/* re.search(r'\s*,\s*', s, pos): the leftmost match at or after byte pos. */
static bool find_comma(const char *s, size_t pos, size_t *start, size_t *end) {
  size_t len = strlen(s);
  for (size_t i = pos; i <= len; i++) {
    size_t j = i, k;
    while ((k = space_len(s + j)) > 0)
      j += k;
    if (s[j] == ',') {
      j++;
      while ((k = space_len(s + j)) > 0)
        j += k;
      *start = i;
      *end = j;
      return true;
    }
  }
  return false;
}

/* s.replace(old, new, 1), freeing s. */
static char *replace_first(char *s, const char *old, const char *new) {
  char *at = strstr(s, old);
  if (!at)
    return s;
  size_t lo = strlen(old), ln = strlen(new), ls = strlen(s);
  char *r = malloc(ls - lo + ln + 1);
  if (!r)
    abort();
  size_t head = (size_t)(at - s);
  memcpy(r, s, head);
  memcpy(r + head, new, ln);
  memcpy(r + head + ln, at + lo, ls - head - lo + 1);
  free(s);
  return r;
}

static char *replace_all_char(char *s, char c, const char *with) {
  size_t count = 0, lw = strlen(with);
  for (char *q = s; *q; q++)
    count += *q == c;
  char *r = malloc(strlen(s) + count * lw + 1), *w = r;
  if (!r)
    abort();
  for (char *q = s; *q; q++) {
    if (*q == c) {
      memcpy(w, with, lw);
      w += lw;
    } else {
      *w++ = *q;
    }
  }
  *w = '\0';
  free(s);
  return r;
}

typedef struct {
  char **items;
  size_t n, cap;
} tokens;

static void split_spaces(const char *s, tokens *t) {
  memset(t, 0, sizeof *t);
  size_t i = 0, k;
  for (;;) {
    while ((k = space_len(s + i)) > 0)
      i += k;
    if (!s[i])
      break;
    size_t j = i;
    while (s[j] && space_len(s + j) == 0)
      j++;
    if (t->n == t->cap) {
      t->cap = t->cap ? 2 * t->cap : 16;
      t->items = realloc(t->items, t->cap * sizeof *t->items);
      if (!t->items)
        abort();
    }
    t->items[t->n++] = dup_n(s + i, j - i);
    i = j;
  }
}

static void tokens_free(tokens *t) {
  for (size_t i = 0; i < t->n; i++)
    free(t->items[i]);
  free(t->items);
}

/* Per fork level, waits still owed; levels go as deep as the tokens. */
typedef struct {
  long long *v;
  size_t cap;
} counts;

static long long *at_level(counts *c, size_t level) {
  if (level >= c->cap) {
    size_t old = c->cap;
    c->cap = level * 2 + 8;
    c->v = realloc(c->v, c->cap * sizeof *c->v);
    if (!c->v)
      abort();
    memset(c->v + old, 0, (c->cap - old) * sizeof *c->v);
  }
  return &c->v[level];
}

gen_status gen_parse(const char *text, gen_program *p, char **message) {
  char *prog = dup_n(text, strlen(text));
  size_t start, end;
  bool found = find_comma(prog, 0, &start, &end);
  while (found) {
    char *group = dup_n(prog + start, end - start);
    size_t end_chars = chars_in(prog, end);
    prog = replace_first(prog, group, ",");
    free(group);
    size_t pos = byte_of_char(prog, end_chars);
    found = pos <= strlen(prog) && find_comma(prog, pos, &start, &end);
  }
  prog = replace_all_char(prog, '{', " { ");
  prog = replace_all_char(prog, '}', " } ");
  tokens t;
  split_spaces(prog, &t);
  free(prog);

  counts waits = {0};
  size_t level = 0;
  long long braces = 0;
  const char *abort_msg = NULL;
  char *abort_owned = NULL;
  gen_status st = GEN_OK;
  for (size_t curr = 0; curr < t.n && !abort_msg && st == GEN_OK; curr++) {
    const char *tok = t.items[curr];
    if (!strcmp(tok, "fork")) {
      (*at_level(&waits, level))++;
      level++;
      *at_level(&waits, level) = 0;
      if (t.n < curr + 2) {
        abort_msg = "malformed program: fork needs process name,sleep length plus {description} "
                    "of what the forked process should do";
        break;
      }
      const char *args = t.items[curr + 1];
      const char *comma = strchr(args, ',');
      if (!comma || strchr(comma + 1, ',')) {
        abort_msg = "not enough args to fork (process name, sleep time)";
        break;
      }
      if (t.n < curr + 3) {
        *message = format("a fork needs {...} after its name and sleep time");
        st = GEN_CRASH;
        break;
      }
      if (strcmp(t.items[curr + 2], "{")) {
        abort_msg = "must have {} following fork";
        break;
      }
      char *name = dup_n(args, (size_t)(comma - args));
      add(p, GEN_FORK, name, comma + 1);
      free(name);
      curr += 2;
      braces++;
    } else if (!strcmp(tok, "}")) {
      if (level == 0) {
        abort_msg = "extra close brace";
        break;
      }
      add(p, GEN_EXIT, NULL, NULL);
      if (*at_level(&waits, level) != 0) {
        abort_msg = "#waits does not match #forks";
        break;
      }
      braces--;
      level--;
    } else if (!strcmp(tok, "wait")) {
      (*at_level(&waits, level))--;
      add(p, GEN_WAIT, NULL, NULL);
    } else {
      abort_owned = format("unrecognized token %s", tok);
      abort_msg = abort_owned;
      break;
    }
  }
  if (!abort_msg && st == GEN_OK) {
    if (*at_level(&waits, 0) != 0)
      abort_msg = "#waits does not match #forks";
    else if (braces != 0)
      abort_msg = "unbalanced braces";
  }
  if (abort_msg) {
    *message = format("bad program: [%s]\n%s\n", text, abort_msg);
    st = GEN_EXIT1;
  }
  free(abort_owned);
  free(waits.v);
  tokens_free(&t);
  return st;
}

/* ---- random programs ---------------------------------------------------- */

static const char NAMES[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

typedef struct {
  gen_program *p;
  counts need;
  size_t level;
  size_t next_name;
} drawer;

static long long clean_up(drawer *d) {
  long long n = *at_level(&d->need, d->level);
  for (long long i = 0; i < n; i++)
    add(d->p, GEN_WAIT, NULL, NULL);
  if (d->level > 0)
    add(d->p, GEN_EXIT, NULL, NULL);
  return n + 1;
}

gen_status gen_random(pyrandom *rng, long long n, double max_sleep, long long fork_chance,
                      long long wait_chance, gen_program *p, char **message) {
  drawer d = {.p = p, .next_name = 1};
  *at_level(&d.need, 0) = 0;
  double fork_p = (double)fork_chance / 100.0;
  double wait_p = (double)(fork_chance + wait_chance) / 100.0;
  gen_status st = GEN_OK;
  for (long long done = 0; done < n;) {
    double r = pyrandom_random(rng);
    if (r < fork_p) {
      if (d.next_name == sizeof NAMES - 1) {
        *message = format("program generator: out of names (too many processes)\n");
        st = GEN_EXIT1;
        break;
      }
      char name[2] = {NAMES[d.next_name++], '\0'};
      char sleep[48];
      const char *digits = pyfmt_pct_d(1.0 + pyrandom_random(rng) * max_sleep, sleep);
      add(p, GEN_FORK, name, digits);
      (*at_level(&d.need, d.level))++;
      d.level++;
      *at_level(&d.need, d.level) = 0;
      done++;
    } else if (r < wait_p) {
      if (*at_level(&d.need, d.level) > 0) {
        add(p, GEN_WAIT, NULL, NULL);
        (*at_level(&d.need, d.level))--;
        done++;
      }
    } else if (d.level > 0) {
      done += clean_up(&d);
      d.level--;
    }
  }
  if (st == GEN_OK) {
    for (;;) {
      clean_up(&d);
      if (d.level == 0)
        break;
      d.level--;
    }
  }
  free(d.need.v);
  return st;
}

/* ---- the C files -------------------------------------------------------- */

static const char HEADER[] = "#include <assert.h>\n"
                             "#include <stdio.h>\n"
                             "#include <stdlib.h>\n"
                             "#include <string.h>\n"
                             "#include <sys/time.h>\n"
                             "#include <sys/wait.h>\n"
                             "#include <unistd.h>\n"
                             "\n"
                             "void wait_or_die() {\n"
                             "    int rc = wait(NULL);\n"
                             "    assert(rc > 0);\n"
                             "}\n"
                             "\n"
                             "int fork_or_die() {\n"
                             "    int rc = fork();\n"
                             "    assert(rc >= 0);\n"
                             "    return rc;\n"
                             "}\n"
                             "\n";

static const char RUNTIME[] =
    "#define Time_GetSeconds() ({ struct timeval t; int rc = gettimeofday(&t, NULL); "
    "assert(rc == 0); (double) t.tv_sec + (double) t.tv_usec/1e6; })\n"
    "\n"
    "double t_start;\n"
    "\n"
    "struct pid_map {\n"
    "    int pid;\n"
    "    char name[10];\n"
    "    struct pid_map *next;\n"
    "};\n"
    "\n"
    "struct pid_map *head = NULL;\n"
    "\n"
    "void Space(char c) {\n"
    "    int i;\n"
    "    for (i = 0; i < 5 * (c - 'a'); i++) {\n"
    "        printf(\" \"); \n"
    "    }\n"
    "}\n"
    "\n"
    "char *Lookup(int pid) {\n"
    "    struct pid_map *curr = head;\n"
    "    while (curr) {\n"
    "        if (curr->pid == pid) \n"
    "\t           return(curr->name);\n"
    "\t       curr = curr->next;\n"
    "    }\n"
    "    return NULL;\n"
    "}\n"
    "\n"
    "void Record(int pid, char *m) {\n"
    "    struct pid_map *n = malloc(sizeof(struct pid_map));\n"
    "    assert(n);\n"
    "    n->pid = pid;\n"
    "    strcpy(n->name, m);\n"
    "    n->next = head;\n"
    "    head = n;\n"
    "}\n"
    "\n"
    "void Wait(char *m) {\n"
    "    int rc = wait(NULL);\n"
    "    assert(rc > 0);\n"
    "    double t = Time_GetSeconds() - t_start;\n"
    "    printf(\"%3d \", (int)t);\n"
    "    Space(m[0]);\n"
    "    char *n = Lookup(rc);\n"
    "    assert(n != NULL);\n"
    "    printf(\"%s<-%s\\n\", m, n);\n"
    "}\n"
    "\n"
    "void Sleep(int s, char *m) {\n"
    "    sleep(s);\n"
    "    double t = Time_GetSeconds() - t_start;\n"
    "    printf(\"%3d %s\\n\", (int)t, m);\n"
    "}\n"
    "\n"
    "void Fork(char *p, char *c) {\n"
    "    double t = Time_GetSeconds() - t_start;\n"
    "    printf(\"%3d \", (int)t);\n"
    "    Space(p[0]);\n"
    "    printf(\"%s->%s\\n\", p, c);\n"
    "}\n"
    "\n"
    "void __Begin(char *m) {\n"
    "    double t = Time_GetSeconds() - t_start;\n"
    "    printf(\"%3d \", (int)t);\n"
    "    Space(m[0]);\n"
    "    printf(\"%s+\\n\", m);\n"
    "}\n"
    "\n"
    "void __End(char *m) {\n"
    "    double t = Time_GetSeconds() - t_start;\n"
    "    printf(\"%3d \", (int)t);\n"
    "    Space(m[0]);\n"
    "    printf(\"%s-\\n\", m);\n"
    "}\n"
    "\n"
    "#define Begin(m) { __Begin(m); }\n"
    "#define End(m)   { __End(m); exit(0); }\n"
    "\n";

static const char MAIN[] = "int main(int argc, char *argv[]) {\n";
static const char FINI[] = "    return 0;\n}\n\n";

static void tab(linebuf *b, long level) {
  for (long i = 0; i < level; i++)
    lb_str(b, "    ");
}

void gen_readable(const gen_program *p, linebuf *b) {
  long level = 1;
  lb_str(b, HEADER);
  lb_str(b, MAIN);
  tab(b, level);
  lb_str(b, "// process a\n");
  for (size_t i = 0; i < p->n; i++) {
    const gen_action *a = &p->items[i];
    switch (a->kind) {
    case GEN_FORK:
      tab(b, level);
      lb_str(b, "if (fork_or_die() == 0) {\n");
      level++;
      tab(b, level);
      lb_str(b, "sleep(");
      lb_str(b, a->sleep);
      lb_str(b, ");\n");
      tab(b, level);
      lb_str(b, "// process ");
      lb_str(b, a->name);
      lb_char(b, '\n');
      break;
    case GEN_EXIT:
      tab(b, level);
      lb_str(b, "exit(0);\n");
      level--;
      tab(b, level);
      lb_str(b, "}\n");
      break;
    case GEN_WAIT:
      tab(b, level);
      lb_str(b, "wait_or_die();\n");
      break;
    }
  }
  lb_str(b, FINI);
}

/* Python's repr() of a list of strings (names without quotes or escapes
 * need nothing more than quotes). */
static void repr_list(linebuf *b, char **names, size_t n) {
  lb_char(b, '[');
  for (size_t i = 0; i < n; i++) {
    if (i)
      lb_str(b, ", ");
    const char *s = names[i];
    char quote = strchr(s, '\'') && !strchr(s, '"') ? '"' : '\'';
    lb_char(b, quote);
    for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
      if (*u == '\\' || *u == (unsigned char)quote) {
        lb_char(b, '\\');
        lb_char(b, (char)*u);
      } else if (*u < 0x20 || *u == 0x7f) {
        char esc[8];
        snprintf(esc, sizeof esc, "\\x%02x", *u);
        lb_str(b, esc);
      } else {
        lb_char(b, (char)*u);
      }
    }
    lb_char(b, quote);
  }
  lb_char(b, ']');
}

/* Children a process has forked and not yet waited for, by process name
 * (a name forked again starts afresh, as in the original). */
typedef struct {
  char *name;
  char **kids;
  size_t head, n, cap;
} pending;

typedef struct {
  pending *v;
  size_t n, cap;
} pending_table;

static pending *pending_of(pending_table *t, const char *name, bool reset) {
  for (size_t i = 0; i < t->n; i++)
    if (!strcmp(t->v[i].name, name)) {
      if (reset)
        t->v[i].head = t->v[i].n = 0;
      return &t->v[i];
    }
  if (t->n == t->cap) {
    t->cap = t->cap ? 2 * t->cap : 16;
    t->v = realloc(t->v, t->cap * sizeof *t->v);
    if (!t->v)
      abort();
  }
  pending *e = &t->v[t->n++];
  memset(e, 0, sizeof *e);
  e->name = dup_n(name, strlen(name));
  return e;
}

static void pending_push(pending *e, const char *kid) {
  if (e->n == e->cap) {
    e->cap = e->cap ? 2 * e->cap : 8;
    e->kids = realloc(e->kids, e->cap * sizeof *e->kids);
    if (!e->kids)
      abort();
  }
  e->kids[e->n++] = (char *)kid;
}

gen_status gen_runnable(const gen_program *p, linebuf *b, char **message) {
  pending_table table = {0};
  const char **parents = malloc((p->n + 1) * sizeof *parents);
  if (!parents)
    abort();
  size_t nparents = 0;
  long level = 1;
  gen_status st = GEN_OK;
  lb_str(b, HEADER);
  lb_str(b, RUNTIME);
  lb_str(b, MAIN);
  lb_str(b, "    int rc;\n    t_start = Time_GetSeconds();\n");
  const char *curr = "a";
  pending_of(&table, curr, true);
  tab(b, level);
  lb_str(b, "Begin(\"a\");\n");
  for (size_t i = 0; i < p->n && st == GEN_OK; i++) {
    const gen_action *a = &p->items[i];
    switch (a->kind) {
    case GEN_FORK:
      parents[nparents++] = curr;
      pending_push(pending_of(&table, curr, false), a->name);
      tab(b, level);
      lb_str(b, "Fork(\"");
      lb_str(b, curr);
      lb_str(b, "\", \"");
      lb_str(b, a->name);
      lb_str(b, "\");\n");
      tab(b, level);
      lb_str(b, "if ((rc = fork_or_die()) == 0) {\n");
      level++;
      tab(b, level);
      lb_str(b, "sleep(");
      lb_str(b, a->sleep);
      lb_str(b, ");\n");
      tab(b, level);
      pending_of(&table, a->name, true);
      lb_str(b, "Begin(\"");
      lb_str(b, a->name);
      lb_str(b, "\");\n");
      curr = a->name;
      break;
    case GEN_EXIT: {
      pending *e = pending_of(&table, curr, false);
      if (e->n > e->head) {
        linebuf m;
        lb_init(&m);
        lb_str(&m, "error: thread cannot exit without performing all needed waits\n  thread ");
        lb_str(&m, curr);
        lb_str(&m, " has outstanding children: ");
        repr_list(&m, e->kids + e->head, e->n - e->head);
        lb_char(&m, '\n');
        *message = dup_n(m.text, m.len);
        lb_free(&m);
        st = GEN_EXIT1;
        break;
      }
      tab(b, level);
      lb_str(b, "End(\"");
      lb_str(b, curr);
      lb_str(b, "\");\n");
      level--;
      tab(b, level);
      lb_str(b, "}\n");
      tab(b, level);
      lb_str(b, "Record(rc, \"");
      lb_str(b, curr);
      lb_str(b, "\");\n");
      if (nparents == 0) {
        *message = format("an exit with no process to return to");
        st = GEN_CRASH;
        break;
      }
      curr = parents[--nparents];
      break;
    }
    case GEN_WAIT: {
      tab(b, level);
      pending *e = pending_of(&table, curr, false);
      if (e->head == e->n) {
        *message = format("process %s waits with no child to wait for (the original fails "
                          "writing the runnable program)",
                          curr);
        st = GEN_CRASH;
        break;
      }
      e->head++;
      lb_str(b, "Wait(\"");
      lb_str(b, curr);
      lb_str(b, "\");\n");
      break;
    }
    }
  }
  if (st == GEN_OK)
    lb_str(b, FINI);
  for (size_t i = 0; i < table.n; i++) {
    free(table.v[i].name);
    free(table.v[i].kids);
  }
  free(table.v);
  free(parents);
  return st;
}
