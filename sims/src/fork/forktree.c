#include "forktree.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- output ---------------------------------------------------------- */

void fk_out_init(fk_out *o, unsigned long long hold, unsigned long long cap) {
  memset(o, 0, sizeof *o);
  o->hold = hold;
  o->cap = cap;
  lb_init(&o->buf);
}

void fk_out_str(fk_out *o, const char *s, size_t len) {
  o->bytes += len;
  if (o->spilled) {
    if (o->bytes > o->cap)
      o->over = true;
    return;
  }
  linebuf *b = &o->buf;
  if (b->len + len + 1 > b->cap) {
    while (b->len + len + 1 > b->cap)
      b->cap *= 2;
    b->text = realloc(b->text, b->cap);
    if (!b->text)
      abort();
  }
  memcpy(b->text + b->len, s, len);
  b->len += len;
  if (o->hold == 0) {
    if (o->buf.len > 65536)
      lb_flush(&o->buf, stdout);
  } else if (o->buf.len > o->hold) {
    o->spilled = true;
    lb_clear(&o->buf);
  }
}

static void out_s(fk_out *o, const char *s) {
  fk_out_str(o, s, strlen(s));
}

void fk_out_flush(fk_out *o) {
  if (!o->spilled)
    lb_flush(&o->buf, stdout);
  fflush(stdout);
}

void fk_out_free(fk_out *o) {
  lb_free(&o->buf);
}

/* ---- the tree ---------------------------------------------------------- */

enum { ABSENT = 0, LIST = 1, DEAD = 2 };
#define NO_PARENT   (-1) /* no entry yet */
#define DEAD_PARENT (-2) /* the original's -1 */
#define NIL         (-1)

struct fk_tree {
  /* names and the table that finds them */
  char **name;
  size_t nnames, cap;
  int *slots;
  size_t nslots;
  /* per name: its children list, parent, count in the process list */
  unsigned char *cstate;
  int *head, *tail, *parent, *count, *entry;
  long *clen;
  /* list nodes */
  int *nchild, *nnext, *nprev;
  size_t nnodes, ncap;
  int free_node;
  /* a name was forked twice: lists may hold a name more than once, so
     * removals search instead of using entry[] */
  bool dup;
  bool leaf_only, local;
  int root;
  size_t alive;
};

static uint64_t hash(const char *s) {
  uint64_t h = 1469598103934665603ULL;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  /* FNV's low bits mix poorly; the table uses them */
  h ^= h >> 31;
  h *= 0x9e3779b97f4a7c15ULL;
  return h ^ (h >> 29);
}

static void *grow(void *p, size_t n, size_t size) {
  p = realloc(p, n * size);
  if (!p)
    abort();
  return p;
}

static void rehash(fk_tree *t) {
  t->nslots = t->nslots ? 2 * t->nslots : 1024;
  free(t->slots);
  t->slots = malloc(t->nslots * sizeof *t->slots);
  if (!t->slots)
    abort();
  memset(t->slots, 0xff, t->nslots * sizeof *t->slots);
  for (size_t i = 0; i < t->nnames; i++) {
    size_t h = hash(t->name[i]) & (t->nslots - 1);
    while (t->slots[h] != NIL)
      h = (h + 1) & (t->nslots - 1);
    t->slots[h] = (int)i;
  }
}

static int find(const fk_tree *t, const char *s) {
  size_t h = hash(s) & (t->nslots - 1);
  while (t->slots[h] != NIL) {
    if (!strcmp(t->name[t->slots[h]], s))
      return t->slots[h];
    h = (h + 1) & (t->nslots - 1);
  }
  return NIL;
}

static int intern(fk_tree *t, const char *s) {
  int id = find(t, s);
  if (id != NIL)
    return id;
  if (t->nnames == t->cap) {
    t->cap = t->cap ? 2 * t->cap : 256;
    t->name = grow(t->name, t->cap, sizeof *t->name);
    t->cstate = grow(t->cstate, t->cap, 1);
    t->head = grow(t->head, t->cap, sizeof(int));
    t->tail = grow(t->tail, t->cap, sizeof(int));
    t->parent = grow(t->parent, t->cap, sizeof(int));
    t->count = grow(t->count, t->cap, sizeof(int));
    t->entry = grow(t->entry, t->cap, sizeof(int));
    t->clen = grow(t->clen, t->cap, sizeof(long));
  }
  id = (int)t->nnames++;
  t->name[id] = strdup(s);
  if (!t->name[id])
    abort();
  t->cstate[id] = ABSENT;
  t->head[id] = t->tail[id] = NIL;
  t->parent[id] = NO_PARENT;
  t->count[id] = 0;
  t->entry[id] = NIL;
  t->clen[id] = 0;
  if (2 * t->nnames > t->nslots)
    rehash(t);
  else {
    size_t h = hash(s) & (t->nslots - 1);
    while (t->slots[h] != NIL)
      h = (h + 1) & (t->nslots - 1);
    t->slots[h] = id;
  }
  return id;
}

static void list_append(fk_tree *t, int owner, int child) {
  int n;
  if (t->free_node != NIL) {
    n = t->free_node;
    t->free_node = t->nnext[n];
  } else {
    if (t->nnodes == t->ncap) {
      t->ncap = t->ncap ? 2 * t->ncap : 256;
      t->nchild = grow(t->nchild, t->ncap, sizeof(int));
      t->nnext = grow(t->nnext, t->ncap, sizeof(int));
      t->nprev = grow(t->nprev, t->ncap, sizeof(int));
    }
    n = (int)t->nnodes++;
  }
  t->nchild[n] = child;
  t->nnext[n] = NIL;
  t->nprev[n] = t->tail[owner];
  if (t->tail[owner] != NIL)
    t->nnext[t->tail[owner]] = n;
  else
    t->head[owner] = n;
  t->tail[owner] = n;
  t->clen[owner]++;
  t->entry[child] = n;
}

static void list_unlink(fk_tree *t, int owner, int n) {
  if (t->nprev[n] != NIL)
    t->nnext[t->nprev[n]] = t->nnext[n];
  else
    t->head[owner] = t->nnext[n];
  if (t->nnext[n] != NIL)
    t->nprev[t->nnext[n]] = t->nprev[n];
  else
    t->tail[owner] = t->nprev[n];
  t->clen[owner]--;
  t->nnext[n] = t->free_node;
  t->free_node = n;
}

static void list_clear(fk_tree *t, int owner) {
  for (int n = t->head[owner], next; n != NIL; n = next) {
    next = t->nnext[n];
    t->nnext[n] = t->free_node;
    t->free_node = n;
  }
  t->head[owner] = t->tail[owner] = NIL;
  t->clen[owner] = 0;
}

/* list.remove(child): the first occurrence; false if there is none. */
static bool list_remove(fk_tree *t, int owner, int child) {
  if (!t->dup) {
    list_unlink(t, owner, t->entry[child]);
    return true;
  }
  for (int n = t->head[owner]; n != NIL; n = t->nnext[n])
    if (t->nchild[n] == child) {
      list_unlink(t, owner, n);
      return true;
    }
  return false;
}

fk_tree *fk_tree_new(bool leaf_only, bool local_reparent) {
  fk_tree *t = calloc(1, sizeof *t);
  if (!t)
    abort();
  t->free_node = NIL;
  t->leaf_only = leaf_only;
  t->local = local_reparent;
  rehash(t);
  t->root = intern(t, "a");
  t->cstate[t->root] = LIST;
  t->count[t->root] = 1;
  t->alive = 1;
  return t;
}

void fk_tree_free(fk_tree *t) {
  if (!t)
    return;
  for (size_t i = 0; i < t->nnames; i++)
    free(t->name[i]);
  free(t->name);
  free(t->slots);
  free(t->cstate);
  free(t->head);
  free(t->tail);
  free(t->parent);
  free(t->count);
  free(t->entry);
  free(t->clen);
  free(t->nchild);
  free(t->nnext);
  free(t->nprev);
  free(t);
}

size_t fk_alive(const fk_tree *t) {
  return t->alive;
}

/* ---- actions ------------------------------------------------------------ */

static char text_buf[512];

static const char *say(const char *fmt, const char *a, const char *b) {
  snprintf(text_buf, sizeof text_buf, fmt, a, b);
  return text_buf;
}

static fk_status bad_action(const char *action, const char **text) {
  *text = say("bad action (%.400s), must be X+Y or X- where X and Y are processes", action, "");
  return FK_EXIT1;
}

static fk_status crash(const char **why, const char *message) {
  *why = message;
  return FK_CRASH;
}

static fk_status do_fork(fk_tree *t, const char *action, const char *plus, const char **text,
                         const char **why) {
  size_t plen = (size_t)(plus - action);
  char *pname = malloc(plen + 1);
  if (!pname)
    abort();
  memcpy(pname, action, plen);
  pname[plen] = '\0';
  const char *cname = plus + 1;
  int p = find(t, pname);
  free(pname);
  if (p == NIL || t->count[p] == 0)
    return bad_action(action, text);
  int c = intern(t, cname);
  t->count[c]++;
  t->alive++;
  if (t->cstate[c] != ABSENT)
    t->dup = true;
  list_clear(t, c);
  t->cstate[c] = LIST;
  if (t->cstate[p] == DEAD)
    return crash(why, "a process that exited (but whose name was forked twice) cannot fork");
  list_append(t, p, c);
  t->parent[c] = p;
  *text = say("%.200s forks %.200s", t->name[p], t->name[c]);
  return FK_OK;
}

/* The original's collect_children(x): x and everything below it, depth
 * first. Fails where the original would. */
static fk_status collect(const fk_tree *t, int x, int **out, size_t *n, const char **why) {
  size_t cap = 64, len = 0, depth_cap = 64, depth = 0;
  int *list = malloc(cap * sizeof *list);
  int *stack = malloc(depth_cap * sizeof *stack); /* next node per level */
  if (!list || !stack)
    abort();
  fk_status st = FK_OK;
  int node = x;
  for (;;) {
    /* visit node at this depth */
    if (depth >= FK_COLLECT_DEPTH_LIMIT) {
      st =
          crash(why, "the tree below the exiting process is too deep for the original's recursion");
      break;
    }
    if (t->cstate[node] != LIST) {
      st = crash(why, "a process that exited (but whose name was forked twice) is in the tree");
      break;
    }
    if (len == cap) {
      if (cap >= (1u << 27)) {
        st = crash(why, "the tree below the exiting process has too many entries");
        break;
      }
      cap *= 2;
      list = grow(list, cap, sizeof *list);
    }
    list[len++] = node;
    if (depth == depth_cap) {
      depth_cap *= 2;
      stack = grow(stack, depth_cap, sizeof *stack);
    }
    stack[depth] = t->head[node];
    /* the next node: the first unvisited child up the stack */
    for (;;) {
      int n = stack[depth];
      if (n != NIL) {
        stack[depth] = t->nnext[n];
        node = t->nchild[n];
        depth++;
        break;
      }
      if (depth == 0)
        goto done;
      depth--;
    }
  }
done:
  free(stack);
  *out = list;
  *n = len;
  return st;
}

static fk_status do_exit(fk_tree *t, const char *action, size_t xlen, const char **text,
                         const char **why) {
  char *xname = malloc(xlen + 1);
  if (!xname)
    abort();
  memcpy(xname, action, xlen);
  xname[xlen] = '\0';
  int x = find(t, xname);
  free(xname);
  if (x == NIL || t->count[x] == 0)
    return bad_action(action, text);
  if (t->leaf_only) {
    if (t->cstate[x] != LIST)
      return crash(why, "a process that exited (but whose name was forked twice) cannot exit");
    if (t->clen[x] > 0) {
      *text = say("%.200s EXITS (failed: has children)", t->name[x], "");
      return FK_OK;
    }
  }
  if (x == t->root) {
    *text = "root process: cannot exit";
    return FK_EXIT1;
  }
  int up = t->parent[x];
  t->count[x]--;
  t->alive--;
  if (t->local) {
    if (t->cstate[x] != LIST)
      return crash(why, "a process that exited (but whose name was forked twice) cannot exit");
    if (t->clen[x] > 0) {
      if (up == x)
        return crash(why, "the process is its own parent: the original reparents its children "
                          "forever");
      if (up < 0 || t->cstate[up] != LIST)
        return crash(why, "the exiting process's parent has exited (a name forked twice)");
      for (int n = t->head[x]; n != NIL; n = t->nnext[n]) {
        int orphan = t->nchild[n];
        t->parent[orphan] = up;
        list_append(t, up, orphan);
      }
    }
  } else {
    int *desc;
    size_t ndesc;
    fk_status st = collect(t, x, &desc, &ndesc, why);
    if (st != FK_OK) {
      free(desc);
      return st;
    }
    for (size_t i = 1; i < ndesc; i++) {
      int d = desc[i];
      list_clear(t, d);
      t->cstate[d] = LIST;
      t->parent[d] = t->root;
      list_append(t, t->root, d);
    }
    free(desc);
  }
  if (up < 0)
    return crash(why, "the exiting process's parent has exited (a name forked twice)");
  if (t->cstate[up] != LIST)
    return crash(why, "the exiting process's parent has exited (a name forked twice)");
  if (!list_remove(t, up, x))
    return crash(why, "the exiting process is not among its parent's children (a name forked "
                      "twice)");
  list_clear(t, x);
  t->cstate[x] = DEAD;
  t->parent[x] = DEAD_PARENT;
  *text = say("%.200s EXITS", t->name[x], "");
  return FK_OK;
}

fk_status fk_apply(fk_tree *t, const char *action, const char **text, const char **why) {
  const char *plus = strchr(action, '+');
  if (plus) {
    if (strchr(plus + 1, '+'))
      return bad_action(action, text);
    return do_fork(t, action, plus, text, why);
  }
  const char *minus = strchr(action, '-');
  if (!minus || strchr(minus + 1, '-'))
    return bad_action(action, text);
  return do_exit(t, action, (size_t)(minus - action), text, why);
}

/* ---- printing ----------------------------------------------------------- */

/* Code points of s, counting at most to 2 (for '%2s'). */
static int width_upto2(const char *s) {
  int n = 0;
  for (const unsigned char *u = (const unsigned char *)s; *u && n < 2; u++)
    if ((*u & 0xc0) != 0x80)
      n++;
  return n;
}

typedef struct {
  int node;
  int level;
  bool is_last;
  int next; /* next child node to visit */
} frame;

static const char *const style_chars[4][4] = {
    {"", "", "", ""},
    {"|", "-", "+", "|"},
    {"|", "_", "|", "|"},
    {"\u2502", "\u2500", "\u251c", "\u2514"},
};

static const char SPACES31[] = "                               ";

fk_status fk_print(const fk_tree *t, fk_style style, const char *style_text, fk_out *out,
                   const char **why) {
  size_t cap = 64, top = 0;
  frame *stack = malloc(cap * sizeof *stack);
  bool *pmask = calloc(FK_PRINT_DEPTH_LIMIT + 1, sizeof *pmask);
  if (!stack || !pmask)
    abort();
  fk_status st = FK_OK;
  const char *const *ch = style_chars[style == FK_BAD_STYLE ? 0 : style];
  int node = t->root, level = 0;
  bool is_last = false;
  for (;;) {
    if (level >= FK_PRINT_DEPTH_LIMIT) {
      st = crash(why, "the tree is too deep for the original's recursion");
      break;
    }
    out_s(out, SPACES31);
    if (style == FK_BAD_STYLE) {
      out_s(out, "bad style ");
      out_s(out, style_text);
      out_s(out, "\n");
      st = FK_EXIT1;
      break;
    }
    const char *name = t->name[node];
    if (style == FK_BASIC) {
      for (int i = 0; i < level; i++)
        out_s(out, "   ");
      for (int w = width_upto2(name); w < 2; w++)
        out_s(out, " ");
    } else if (level > 0) {
      for (int i = 0; i < level - 1; i++) {
        if (pmask[i]) {
          out_s(out, ch[0]);
          out_s(out, "   ");
        } else {
          out_s(out, "    ");
        }
      }
      if (pmask[level - 1]) {
        out_s(out, is_last ? ch[3] : ch[2]);
        out_s(out, ch[1]);
        out_s(out, ch[1]);
        out_s(out, " ");
      } else {
        out_s(out, " ");
        for (int k = 0; k < 3; k++)
          out_s(out, ch[1]);
        out_s(out, " ");
      }
    }
    out_s(out, name);
    out_s(out, "\n");
    if (out->over) {
      st = FK_TOO_BIG;
      break;
    }
    if (style != FK_BASIC) {
      if (is_last && level > 0)
        pmask[level - 1] = false;
      pmask[level] = true;
    }
    if (t->cstate[node] != LIST) {
      st = crash(why, "a process that exited (but whose name was forked twice) is in the tree");
      break;
    }
    if (top == cap) {
      cap *= 2;
      stack = grow(stack, cap, sizeof *stack);
    }
    stack[top++] = (frame){node, level, is_last, t->head[node]};
    /* the next node to print */
    bool found = false;
    while (top > 0) {
      frame *f = &stack[top - 1];
      if (f->next != NIL) {
        int n = f->next;
        f->next = t->nnext[n];
        node = t->nchild[n];
        level = f->level + 1;
        is_last = t->nnext[n] == NIL;
        found = true;
        break;
      }
      top--;
    }
    if (!found)
      break;
  }
  free(stack);
  free(pmask);
  return st;
}

bool fk_visit(const fk_tree *t, fk_visit_fn fn, void *ctx) {
  size_t cap = 64, top = 0, kids_cap = 16;
  frame *stack = malloc(cap * sizeof *stack);
  const char **kids = malloc(kids_cap * sizeof *kids);
  if (!stack || !kids)
    abort();
  bool ok = true;
  int node = t->root, level = 0, up = NIL;
  for (;;) {
    if (level >= FK_PRINT_DEPTH_LIMIT || t->cstate[node] != LIST) {
      ok = false;
      break;
    }
    size_t nk = 0;
    for (int n = t->head[node]; n != NIL; n = t->nnext[n]) {
      if (nk == kids_cap) {
        kids_cap *= 2;
        kids = grow(kids, kids_cap, sizeof *kids);
      }
      kids[nk++] = t->name[t->nchild[n]];
    }
    fn(ctx, t->name[node], up == NIL ? NULL : t->name[up], level, kids, nk);
    if (top == cap) {
      cap *= 2;
      stack = grow(stack, cap, sizeof *stack);
    }
    stack[top++] = (frame){node, level, false, t->head[node]};
    bool found = false;
    while (top > 0) {
      frame *f = &stack[top - 1];
      if (f->next != NIL) {
        int n = f->next;
        f->next = t->nnext[n];
        up = f->node;
        node = t->nchild[n];
        level = f->level + 1;
        found = true;
        break;
      }
      top--;
    }
    if (!found)
      break;
  }
  free(stack);
  free(kids);
  return ok;
}

/* ---- random actions ---------------------------------------------------- */

static const char BASE[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

void fk_name(unsigned long long k, char out[16]) {
  /* k = 0 is 'a'; then b..Z (k = 1..51); then 52^2 names of two letters,
     * 52^3 of three, and so on. */
  int len = 1;
  unsigned long long span = 52;
  while (k >= span) {
    k -= span;
    len++;
    span *= 52;
  }
  out[len] = '\0';
  for (int i = len - 1; i >= 0; i--) {
    out[i] = BASE[k % 52];
    k /= 52;
  }
}

/* A Fenwick tree over the processes ever created, 1 where alive: the k-th
 * alive process in creation order is the original's list element k. */
typedef struct {
  int *tree;
  size_t n, log;
} fenwick;

static void fw_add(fenwick *f, size_t i, int v) {
  for (i++; i <= f->n; i += i & (~i + 1))
    f->tree[i] += v;
}

static size_t fw_kth(const fenwick *f, long long k) {
  size_t pos = 0;
  for (size_t step = (size_t)1 << f->log; step; step >>= 1)
    if (pos + step <= f->n && f->tree[pos + step] <= k) {
      pos += step;
      k -= f->tree[pos];
    }
  return pos; /* 0-based index */
}

char **fk_generate(pyrandom *rng, double fork_chance, long long n) {
  if (n < 0)
    n = 0;
  char **actions = malloc(((size_t)n + 1) * sizeof *actions);
  fenwick f = {.n = (size_t)n + 2};
  f.tree = calloc(f.n + 1, sizeof *f.tree);
  if (!actions || !f.tree)
    abort();
  while (((size_t)1 << (f.log + 1)) <= f.n)
    f.log++;
  fw_add(&f, 0, 1); /* the root */
  size_t created = 1, alive = 1;
  for (long long done = 0; done < n;) {
    char parent[16], child[16], text[40];
    if (pyrandom_random(rng) < fork_chance) {
      size_t pick = fw_kth(&f, (long long)(pyrandom_random(rng) * (double)alive));
      fk_name(pick, parent);
      fk_name(created, child);
      fw_add(&f, created, 1);
      created++;
      alive++;
      snprintf(text, sizeof text, "%s+%s", parent, child);
    } else {
      size_t pick = fw_kth(&f, (long long)(pyrandom_random(rng) * (double)alive));
      if (pick == 0)
        continue;
      fw_add(&f, pick, -1);
      alive--;
      fk_name(pick, child);
      snprintf(text, sizeof text, "%s-", child);
    }
    actions[done++] = strdup(text);
    if (!actions[done - 1])
      abort();
  }
  actions[n] = NULL;
  free(f.tree);
  return actions;
}
