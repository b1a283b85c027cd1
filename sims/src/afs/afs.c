#include "afs.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "pyfmt.h"

#define COLUMN 28 /* the original indents client c by 28 * (c + 1) spaces */

typedef struct {
  afs_sim *s;
  FILE *out;
  const afs_hooks *hooks;
  pyrandom rng;
  char *error;
  size_t errlen;
  afs_status status; /* set by abort_with / crash */
} run_ctx;

const char *afs_char_repr(char c, char buf[8]) {
  unsigned char u = (unsigned char)c;
  if (c == '\'')
    strcpy(buf, "\"'\"");
  else if (c == '\\')
    strcpy(buf, "'\\\\'");
  else if (c == '\t')
    strcpy(buf, "'\\t'");
  else if (c == '\n')
    strcpy(buf, "'\\n'");
  else if (c == '\r')
    strcpy(buf, "'\\r'");
  else if (u < 0x20 || u >= 0x7f)
    snprintf(buf, 8, "'\\x%02x'", u);
  else
    snprintf(buf, 8, "'%c'", c);
  return buf;
}

/* ---- output: everything goes through here, so a dry run counts bytes ---- */

static void emit(run_ctx *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void emit(run_ctx *r, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (r->out) {
    int n = vfprintf(r->out, fmt, ap);
    r->s->out_bytes += n > 0 ? (unsigned long long)n : 0;
  } else {
    /* a dry run only needs a bound: the format's length stands in for the text */
    r->s->out_bytes += strlen(fmt);
  }
  va_end(ap);
}

static void dospace(run_ctx *r, long long howmuch) {
  static char spaces[COLUMN * 64];
  if (spaces[0] != ' ')
    memset(spaces, ' ', sizeof spaces);
  unsigned long long n = (unsigned long long)(howmuch + 1) * COLUMN;
  r->s->out_bytes += n;
  if (!r->out)
    return;
  while (n > 0) {
    size_t k = n < sizeof spaces ? (size_t)n : sizeof spaces;
    fwrite(spaces, 1, k, r->out);
    n -= k;
  }
}

static bool isset(long long num, int index) {
  /* Python's (num & (1 << index)) > 0 on an int of any sign */
  return ((unsigned long long)num >> index) & 1;
}

/* zassert: the original prints 'ABORT:: msg' on stdout and exits 1. */
static bool zassert(run_ctx *r, bool cond, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static bool zassert(run_ctx *r, bool cond, const char *fmt, ...) {
  if (cond)
    return true;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(r->error, r->errlen, fmt, ap); /* kept for --json, which has no stdout message */
  va_end(ap);
  va_start(ap, fmt);
  emit(r, "ABORT:: ");
  if (r->out)
    r->s->out_bytes += (unsigned long long)vfprintf(r->out, fmt, ap);
  va_end(ap);
  emit(r, "\n");
  r->status = AFS_ABORT;
  return false;
}

static bool crash(run_ctx *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool crash(run_ctx *r, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(r->error, r->errlen, fmt, ap);
  va_end(ap);
  r->status = AFS_CRASH;
  return false;
}

/* ---- the client cache, a dict in insertion order ---- */

static afs_entry *cache_find(afs_client *c, char name) {
  for (int i = 0; i < c->ncache; i++)
    if (c->cache[i].name == name)
      return &c->cache[i];
  return NULL;
}

/* cache[name] = ...: a new key goes last, an existing one keeps its place */
static afs_entry *cache_set(afs_client *c, char name) {
  afs_entry *e = cache_find(c, name);
  if (!e) {
    e = &c->cache[c->ncache++];
    e->name = name;
  }
  return e;
}

static void cache_delete(afs_client *c, char name) {
  afs_entry *e = cache_find(c, name);
  int i = (int)(e - c->cache);
  memmove(&c->cache[i], &c->cache[i + 1], (size_t)(c->ncache - i - 1) * sizeof c->cache[0]);
  c->ncache--;
}

static void print_cache_dict(run_ctx *r, const afs_client *c) {
  emit(r, "{");
  for (int i = 0; i < c->ncache; i++) {
    const afs_entry *e = &c->cache[i];
    char rep[8];
    emit(r, "%s%s: {'data': %lld, 'dirty': %s, 'refcnt': %lld, 'valid': %s}", i ? ", " : "",
         afs_char_repr(e->name, rep), e->data, e->dirty ? "True" : "False", e->refcnt,
         e->valid ? "True" : "False");
  }
  emit(r, "}\n");
}

static void printstate(run_ctx *r, long long k) {
  afs_sim *s = r->s;
  afs_client *c = &s->clients[k];
  if (!(s->solve && isset(s->detail, 2)))
    return;
  for (int i = 0; i < c->ncache; i++) {
    const afs_entry *e = &c->cache[i];
    dospace(r, k);
    if (isset(s->detail, 3))
      emit(r, "c%lld ", k);
    emit(r, "[%c:%2lld (v=%d,d=%d,r=%lld)]\n", e->name, e->data, e->valid, e->dirty, e->refcnt);
  }
}

/* ---- the server ---- */

static void add_holder(afs_sim *s, unsigned char f, long long k) {
  long long n = s->nholders[f];
  long long *h = s->holders[f];
  long long lo = 0, hi = n;
  while (lo < hi) {
    long long mid = (lo + hi) / 2;
    if (h[mid] < k)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo < n && h[lo] == k)
    return;
  if (n == s->capholders[f]) {
    long long cap = n ? 2 * n : 8;
    long long *grown = realloc(h, (size_t)cap * sizeof *grown);
    if (!grown)
      abort();
    s->holders[f] = h = grown;
    s->capholders[f] = cap;
  }
  memmove(&h[lo + 1], &h[lo], (size_t)(n - lo) * sizeof *h);
  h[lo] = k;
  s->nholders[f]++;
}

static bool server_get(run_ctx *r, long long k, char fname, long long *value) {
  afs_sim *s = r->s;
  unsigned char f = (unsigned char)fname;
  if (!zassert(r, s->on_server[f], "server:get() -- file:%c not found on server", fname))
    return false;
  s->gets++;
  if (s->solve && isset(s->detail, 0))
    emit(r, "getfile:%c c:c%lld [%lld]\n", fname, k, s->server_value[f]);
  add_holder(s, f, k);
  *value = s->server_value[f];
  return true;
}

static void invalidate(run_ctx *r, long long k, char fname) {
  afs_sim *s = r->s;
  afs_client *c = &s->clients[k];
  dospace(r, k);
  emit(r, "invalidate file:%c cache: ", fname);
  print_cache_dict(r, c);
  afs_entry *e = cache_find(c, fname);
  if (!e)
    return;
  c->invalidates++;
  e->valid = false;
  if (s->solve && isset(s->detail, 1)) {
    dospace(r, k);
    if (isset(s->detail, 3))
      emit(r, "c%lld invalidate %c\n", k, fname);
    else
      emit(r, "invalidate %c\n", fname);
    printstate(r, k);
  }
}

/* Writes the file back and breaks the other clients' callbacks; their ids
 * go to st. */
static void server_put(run_ctx *r, long long k, char fname, long long value, afs_step *st) {
  afs_sim *s = r->s;
  unsigned char f = (unsigned char)fname;
  s->puts++;
  s->server_value[f] = value;
  if (s->solve && isset(s->detail, 0))
    emit(r, "putfile:%c c:c%lld [%lld]\n", fname, k, value);
  st->ncallbacks = 0;
  for (long long i = 0; i < s->nholders[f]; i++) {
    long long other = s->holders[f][i];
    if (other == k)
      continue;
    if (s->solve && isset(s->detail, 1))
      emit(r, "callback: c:c%lld file:%c\n", other, fname);
    invalidate(r, other, fname);
    st->callbacks[st->ncallbacks++] = other;
  }
}

/* ---- clients ---- */

static bool push_act(afs_client *c, size_t *cap, afs_act a) {
  if (c->nacts == *cap) {
    size_t ncap = *cap ? 2 * *cap : 16;
    afs_act *grown = realloc(c->acts, ncap * sizeof *grown);
    if (!grown)
      return false;
    c->acts = grown;
    *cap = ncap;
  }
  c->acts[c->nacts++] = a;
  return true;
}

static bool digit_of(run_ctx *r, char ch, const char *item, int *out) {
  if (ch < '0' || ch > '9')
    return crash(r, "option -A/--actions: '%s' needs a descriptor digit, not '%c'", item, ch);
  *out = ch - '0';
  return true;
}

/* One item of -A ('oa1', 'r1', 'w1', 'c1'), appended to c's actions. */
static bool parse_action(run_ctx *r, afs_client *c, long long k, const char *item, size_t ilen,
                         size_t *cap) {
  const char *a = item;
  if (ilen == 0)
    return crash(r, "option -A/--actions: client %lld has an empty action", k);
  afs_act act = {0, 0, 0};
  if (a[0] == 'o') {
    if (!zassert(r, ilen == 3,
                 "client:init() -- malformed open action (%s) should be oa1 or something "
                 "like that",
                 item))
      return false;
    act.op = AFS_OPEN;
    act.fname = a[1];
    if (!digit_of(r, a[2], item, &act.fd))
      return false;
    if (!zassert(r, !c->fd[act.fd], "filedesc:alloc() -- fd:%d already in use, cannot allocate",
                 act.fd))
      return false;
    c->fd[act.fd] = act.fname;
  } else if (a[0] == 'r' || a[0] == 'w' || a[0] == 'c') {
    const char *what = a[0] == 'r' ? "read" : a[0] == 'w' ? "write" : "close";
    if (!zassert(r, ilen == 2,
                 "client:init() -- malformed %s action (%s) should be %c1 or something like "
                 "that",
                 what, item, a[0]))
      return false;
    act.op = a[0] == 'r' ? AFS_READ : a[0] == 'w' ? AFS_WRITE : AFS_CLOSE;
    if (!digit_of(r, a[1], item, &act.fd))
      return false;
  } else {
    emit(r, "Unrecognized command: %c (from %s)\n", a[0], item);
    snprintf(r->error, r->errlen, "Unrecognized command: %c (from %.100s)", a[0], item);
    r->status = AFS_ABORT;
    return false;
  }
  if (!push_act(c, cap, act))
    return crash(r, "out of memory");
  return true;
}

/* One client's actions: drawn at random, or parsed from 'text' (NULL: draw). */
static bool make_client(run_ctx *r, long long k, const char *text, size_t len, long long nsteps) {
  afs_sim *s = r->s;
  afs_client *c = &s->clients[k];
  size_t cap = 0;
  if (!text || len == 0) {
    for (long long i = 0; i < nsteps; i++) {
      char fname = (char)('a' + (int)(pyrandom_random(&r->rng) * (double)s->nfiles));
      double x = pyrandom_random(&r->rng);
      /* descriptors are never freed, so the first free one is the i-th */
      int fd = i < AFS_MAX_FD ? (int)i : -1;
      if (fd >= 0)
        c->fd[fd] = fname;
      if (!zassert(r, fd >= 0, "client:init() -- ran out of file descriptors, sorry!"))
        return false;
      bool read = x < s->readratio;
      if (!push_act(c, &cap, (afs_act){AFS_OPEN, fname, fd}) ||
          !push_act(c, &cap, (afs_act){read ? AFS_READ : AFS_WRITE, 0, fd}) ||
          !push_act(c, &cap, (afs_act){AFS_CLOSE, 0, fd}))
        return crash(r, "out of memory");
    }
  } else {
    for (size_t start = 0; start <= len;) {
      size_t end = start;
      while (end < len && text[end] != ':')
        end++;
      size_t ilen = end - start;
      char *item = strndup(text + start, ilen);
      if (!item)
        return crash(r, "out of memory");
      bool ok = parse_action(r, c, k, item, ilen, &cap);
      free(item);
      if (!ok)
        return false;
      start = end + 1;
    }
  }

  /* print(self.acts) */
  emit(r, "[");
  for (size_t i = 0; i < c->nacts; i++) {
    const afs_act *a = &c->acts[i];
    char rep[8];
    if (a->op == AFS_OPEN)
      emit(r, "%s(1, %s, %d)", i ? ", " : "", afs_char_repr(a->fname, rep), a->fd);
    else
      emit(r, "%s(%d, %d)", i ? ", " : "", a->op, a->fd);
  }
  emit(r, "]\n");
  return true;
}

/* filedesc.lookup(), with the original's range check on its global 'i'. */
static bool fd_lookup(run_ctx *r, afs_client *c, int fd, char *fname) {
  long long i = r->s->global_i;
  if (!zassert(r, i >= 0 && i < AFS_MAX_FD,
               "filedesc:lookup() -- file descriptor out of valid range (%d not between 0 and %d)",
               fd, AFS_MAX_FD))
    return false;
  if (!zassert(r, c->fd[fd] != 0, "filedesc:lookup() -- fd:%d not in use, cannot lookup", fd))
    return false;
  *fname = c->fd[fd];
  return true;
}

static bool cache_get(run_ctx *r, long long k, char fname, afs_entry **e) {
  *e = cache_find(&r->s->clients[k], fname);
  if (!*e)
    return crash(r,
                 "client c%lld: file %c is no longer in its cache (the original fails an "
                 "assertion)",
                 k, fname);
  return true;
}

/* Returns 0 when the client had nothing left, 1 after a step, -1 when done
 * already; -2 on abort or crash. */
static int step(run_ctx *r, long long k, afs_step *st) {
  afs_sim *s = r->s;
  afs_client *c = &s->clients[k];
  if (c->done)
    return -1;
  if (c->acnt == c->nacts) {
    c->done = true;
    return 0;
  }
  afs_act act = c->acts[c->acnt];
  st->client = k;
  st->act = act;
  st->fname = act.fname;
  st->fetched = st->stored = false;
  st->ncallbacks = 0;
  st->value = st->old_value = 0;
  dospace(r, k);
  if (isset(s->detail, 3))
    emit(r, "c%lld ", k);
  afs_entry *e;
  char fname;
  switch (act.op) {
  case AFS_OPEN: {
    emit(r, "open:%c [fd:%d]\n", act.fname, act.fd);
    afs_entry *have = cache_find(c, act.fname);
    if (have)
      c->hits++;
    else
      c->misses++;
    if (!have || !have->valid) {
      long long data;
      if (!server_get(r, k, act.fname, &data))
        return -2;
      e = cache_set(c, act.fname);
      e->data = data;
      e->dirty = false;
      e->refcnt = 0;
      e->valid = true;
      st->fetched = true;
    }
    e = cache_find(c, act.fname);
    e->refcnt++;
    st->value = e->data;
    break;
  }
  case AFS_READ:
    if (!fd_lookup(r, c, act.fd, &fname))
      return -2;
    c->reads++;
    if (!cache_get(r, k, fname, &e))
      return -2;
    st->fname = fname;
    st->value = e->data;
    if (s->solve)
      emit(r, "read:%d -> %lld\n", act.fd, e->data);
    else
      emit(r, "read:%d -> value?\n", act.fd);
    break;
  case AFS_WRITE: {
    if (!fd_lookup(r, c, act.fd, &fname))
      return -2;
    c->writes++;
    if (!cache_get(r, k, fname, &e))
      return -2;
    long long v = s->next_value++;
    st->fname = fname;
    st->old_value = e->data;
    st->value = v;
    if (s->solve)
      emit(r, "write:%d %lld -> %lld\n", act.fd, e->data, v);
    else
      emit(r, "write:%d value? -> %lld\n", act.fd, v);
    e->data = v;
    e->dirty = true;
    break;
  }
  case AFS_CLOSE:
    if (!fd_lookup(r, c, act.fd, &fname))
      return -2;
    if (!cache_get(r, k, fname, &e))
      return -2;
    st->fname = fname;
    emit(r, "close:%d\n", act.fd);
    if (e->dirty) {
      st->stored = true;
      st->value = e->data;
      server_put(r, k, fname, e->data, st);
      e = cache_find(c, fname); /* still there: only other clients were touched */
      e->dirty = false;
      e->valid = true;
    }
    e->refcnt--;
    if (!e->valid && e->refcnt == 0)
      cache_delete(c, fname);
    break;
  }
  printstate(r, k);
  if (s->solve && s->detail > 0)
    emit(r, "\n");
  c->acnt++;
  return 1;
}

static void filestats(run_ctx *r, bool contents) {
  afs_sim *s = r->s;
  for (int f = 'a'; f < 'a' + s->nfiles; f++) {
    if (contents)
      emit(r, "file:%c contains:%lld\n", f, s->server_value[f]);
    else
      emit(r, "file:%c contains:?\n", f);
  }
}

void afs_init(afs_sim *s) {
  s->clients = NULL;
  s->nclients = 0;
  memset(s->server_value, 0, sizeof s->server_value);
  memset(s->on_server, 0, sizeof s->on_server);
  memset(s->holders, 0, sizeof s->holders);
  memset(s->nholders, 0, sizeof s->nholders);
  memset(s->capholders, 0, sizeof s->capholders);
  s->next_value = 0;
  s->gets = s->puts = 0;
  s->global_i = -1;
  s->out_bytes = 0;
}

void afs_free(afs_sim *s) {
  for (long long k = 0; k < s->nclients; k++)
    free(s->clients[k].acts);
  free(s->clients);
  for (int f = 0; f < 128; f++)
    free(s->holders[f]);
  afs_init(s);
}

static afs_status finish(run_ctx *r) {
  return r->status;
}

afs_status afs_run(afs_sim *s, const char *seed, FILE *out, const afs_hooks *hooks, char *error,
                   size_t errlen) {
  run_ctx r = {s, out, hooks, {{0}, 0}, error, errlen, AFS_DONE};
  afs_free(s);
  if (!zassert(&r, s->nfiles > 0 && s->nfiles <= 26,
               "main: can only simulate 26 or fewer files, sorry"))
    return finish(&r);
  if (!zassert(&r, s->readratio >= 0.0 && s->readratio <= 1.0,
               "main: read ratio must be between 0 and 1 inclusive"))
    return finish(&r);
  pyrandom_seed_str(&r.rng, seed);
  for (int f = 'a'; f < 'a' + s->nfiles; f++) {
    s->on_server[f] = true;
    s->server_value[f] = s->next_value++;
  }

  /* the clients: one per comma item of -A, else -C random ones */
  bool exact = s->actions[0] != '\0';
  long long n = s->nclients_opt;
  if (exact) {
    n = 1;
    for (const char *p = s->actions; *p; p++)
      n += *p == ',';
  }
  if (n < 0)
    n = 0;
  s->clients = calloc(n ? (size_t)n : 1, sizeof *s->clients);
  if (!s->clients)
    return crash(&r, "out of memory for %lld clients", n), finish(&r);
  s->nclients = n;
  const char *item = s->actions;
  for (long long k = 0; k < n; k++) {
    if (exact) {
      const char *end = strchr(item, ',');
      size_t len = end ? (size_t)(end - item) : strlen(item);
      if (!make_client(&r, k, item, len, 0))
        return finish(&r);
      item += len + 1;
    } else if (!make_client(&r, k, NULL, 0, s->nsteps)) {
      return finish(&r);
    }
  }
  /* The original's filedesc.lookup() checks a global 'i' instead of the
   * descriptor: the last loop variable of the main program. */
  s->global_i = exact ? n : n - 1;
  bool scheduled = s->schedule[0] != '\0';
  if (scheduled && n > 0)
    s->global_i = n - 1;
  if (hooks && hooks->on_start)
    hooks->on_start(hooks->ctx, s);

  emit(&r, "%12s %12s ", "Server", " ");
  for (long long k = 0; k < n; k++) {
    char name[24];
    snprintf(name, sizeof name, "c%lld", k);
    emit(&r, "%13s %13s ", name, " ");
  }
  emit(&r, "\n");
  filestats(&r, true);

  size_t slen = strlen(s->schedule);
  if (scheduled && n > 0) {
    for (size_t j = 0; j < slen; j++)
      if (s->schedule[j] < '0' || s->schedule[j] > '9')
        return crash(&r, "option -S/--schedule: '%c' is not a client number", s->schedule[j]),
               finish(&r);
    for (long long k = 0; k < n; k++) {
      bool found = false;
      for (size_t j = 0; j < slen && !found; j++)
        found = s->schedule[j] - '0' == k;
      if (!zassert(&r, found, "main: client %lld not in schedule:%s, which would never terminate",
                   k, s->schedule))
        return finish(&r);
    }
  }

  long long *cb = malloc((n ? (size_t)n : 1) * sizeof *cb);
  if (!cb)
    return crash(&r, "out of memory"), finish(&r);
  afs_step st = {.callbacks = cb};
  long long running = n;
  size_t cur = 0;
  while (running > 0) {
    long long k;
    if (!scheduled) {
      k = (long long)(pyrandom_random(&r.rng) * (double)n);
    } else {
      k = s->schedule[cur] - '0';
      if (k >= n) {
        free(cb);
        return crash(&r, "option -S/--schedule: there is no client %lld (clients are 0 to %lld)", k,
                     n - 1),
               finish(&r);
      }
      if (++cur == slen)
        cur = 0;
    }
    int rc = step(&r, k, &st);
    if (rc == -2)
      break;
    if (rc == 0)
      running--;
    if (rc == 1 && hooks && hooks->on_step)
      hooks->on_step(hooks->ctx, s, &st);
    if (s->byte_limit && s->out_bytes > s->byte_limit) {
      r.status = AFS_TOO_BIG;
      break;
    }
  }
  free(cb);
  if (r.status != AFS_DONE)
    return finish(&r);

  filestats(&r, s->solve);
  if (s->printstats) {
    emit(&r, "Server   -- Gets:%lld Puts:%lld\n", s->gets, s->puts);
    for (long long k = 0; k < n; k++) {
      const afs_client *c = &s->clients[k];
      emit(&r, "c%lld       -- Reads:%lld Writes:%lld\n", k, c->reads, c->writes);
      emit(&r, "   Cache -- Hits:%lld Misses:%lld Invalidates:%lld\n", c->hits, c->misses,
           c->invalidates);
    }
  }
  return finish(&r);
}
