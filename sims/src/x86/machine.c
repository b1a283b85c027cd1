/* The machine's storage: registers by name, memory words by address, the
 * string table, and values as text. */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opts.h"
#include "pystr.h"
#include "x86.h"

static const char *const locks_regs[] = {"zero", "ax", "bx", "cx", "dx", "ex", "fx", "sp", "bp"};
static const char *const intro_regs[] = {"zero", "ax", "bx", "cx", "dx", "sp", "bp"};
static const char *const riscv_regs[] = {"zero", "ra", "sp",  "gp",  "tp", "t0", "t1", "t2",
                                         "s0",   "s1", "a0",  "a1",  "a2", "a3", "a4", "a5",
                                         "a6",   "a7", "s2",  "s3",  "s4", "s5", "s6", "s7",
                                         "s8",   "s9", "s10", "s11", "t3", "t4", "t5", "t6"};

static void *mach_must(void *p) {
  if (!p)
    opts_die("out of memory");
  return p;
}

int x86_regnum(const x86_machine *m, const char *name) {
  for (int i = 0; i < m->prog.nregs; i++)
    if (strcmp(m->prog.regnames[i], name) == 0)
      return i;
  if (m->isa == ISA_RISCV) {
    if (strcmp(name, "fp") == 0)
      return 8;
    if (name[0] == 'x' && name[1] >= '0' && name[1] <= '9') {
      char *end;
      long v = strtol(name + 1, &end, 10);
      bool canonical = name[1] != '0' || name[2] == 0;
      if (!*end && canonical && v >= 0 && v < 32)
        return (int)v;
    }
  }
  return -1;
}

const char *x86_regname(const x86_machine *m, int reg) {
  return m->prog.regnames[reg];
}

bool x86_fail(x86_machine *m, x86_errkind kind, const char *fmt, ...) {
  if (m->err.kind != XERR_NONE)
    return false;
  m->err.kind = kind;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(m->err.msg, sizeof m->err.msg, fmt, ap);
  va_end(ap);
  return false;
}

void x86_init(x86_machine *m, x86_dialect d, x86_isa isa, long long memsize_kb) {
  memset(m, 0, sizeof *m);
  m->dialect = d;
  m->isa = isa;
  m->prog.isa = isa;
  m->prog.dialect = d;
  if (isa == ISA_RISCV) {
    m->prog.regnames = riscv_regs;
    m->prog.nregs = 32;
    m->prog.pc_step = 4;
  } else if (d == X86_LOCKS) {
    m->prog.regnames = locks_regs;
    m->prog.nregs = 9;
    m->prog.pc_step = 1;
  } else {
    m->prog.regnames = intro_regs;
    m->prog.nregs = 7;
    m->prog.pc_step = 1;
  }
  long long limit;
  if (__builtin_mul_overflow(memsize_kb, 1024LL, &limit))
    limit = memsize_kb < 0 ? 0 : LLONG_MAX;
  m->mem.limit = limit < 0 ? 0 : limit;
  m->strs.count = 1;
  lb_init(&m->out);
  lb_init(&m->said);
  m->max_steps = -1;
  m->headercount = -1;
  m->procsched = "";
}

void x86_free(x86_machine *m) {
  x86_program *p = &m->prog;
  for (int i = 0; i < p->ncode; i++)
    free(p->text[i]);
  free(p->text);
  free(p->code);
  free(p->eval_string);
  for (int i = 0; i < p->nvars; i++)
    free(p->vars[i].name);
  free(p->vars);
  for (int i = 0; i < p->nlabels; i++)
    free(p->labels[i].name);
  free(p->labels);
  for (int i = 1; i < m->strs.count; i++)
    free(m->strs.items[i].text);
  free(m->strs.items);
  free(m->strs.slots);
  free(m->mem.keys);
  free(m->mem.vals);
  free(m->mem.used);
  free(m->threads);
  free(m->sched);
  lb_free(&m->out);
  lb_free(&m->said);
}

/* ---- strings ---- */

static uint64_t hash_bytes(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
  return h;
}

static void strtab_rehash(xstrtab *t) {
  int n = t->nslots ? t->nslots * 2 : 64;
  free(t->slots);
  t->slots = mach_must(calloc((size_t)n, sizeof *t->slots));
  t->nslots = n;
  for (int i = 1; i < t->count; i++) {
    size_t j = hash_bytes(t->items[i].text, t->items[i].len) & (size_t)(n - 1);
    while (t->slots[j])
      j = (j + 1) & (size_t)(n - 1);
    t->slots[j] = i;
  }
}

int xstr_intern(xstrtab *t, const char *s, size_t len) {
  if ((t->count + 1) * 2 > t->nslots)
    strtab_rehash(t);
  size_t mask = (size_t)t->nslots - 1, j = hash_bytes(s, len) & mask;
  while (t->slots[j]) {
    xstring *x = &t->items[t->slots[j]];
    if (x->len == len && memcmp(x->text, s, len) == 0)
      return t->slots[j];
    j = (j + 1) & mask;
  }
  if (t->count >= t->cap) {
    t->cap = t->cap ? t->cap * 2 : 64;
    t->items = mach_must(realloc(t->items, (size_t)t->cap * sizeof *t->items));
  }
  int id = t->count++;
  t->items[id].text = mach_must(malloc(len + 1));
  memcpy(t->items[id].text, s, len);
  t->items[id].text[len] = 0;
  t->items[id].len = len;
  t->items[id].instr = -1;
  t->bytes += len;
  t->slots[j] = id;
  return id;
}

void x86_value_text(const x86_machine *m, xval v, linebuf *b) {
  if (v.s)
    lb_str(b, m->strs.items[v.s].text);
  else
    lb_int(b, v.n, 0);
}

/* ---- memory ---- */

static size_t mem_slot(const xmemory *mem, long long addr) {
  uint64_t h = (uint64_t)addr * 0x9E3779B97F4A7C15ULL;
  return (size_t)(h >> 20) & (mem->cap - 1);
}

static void mem_grow(xmemory *mem) {
  size_t oldcap = mem->cap;
  long long *keys = mem->keys;
  xval *vals = mem->vals;
  unsigned char *used = mem->used;
  mem->cap = oldcap ? oldcap * 2 : 1024;
  mem->keys = mach_must(malloc(mem->cap * sizeof *mem->keys));
  mem->vals = mach_must(malloc(mem->cap * sizeof *mem->vals));
  mem->used = mach_must(calloc(mem->cap, 1));
  for (size_t i = 0; i < oldcap; i++) {
    if (!used[i])
      continue;
    size_t j = mem_slot(mem, keys[i]);
    while (mem->used[j])
      j = (j + 1) & (mem->cap - 1);
    mem->used[j] = 1;
    mem->keys[j] = keys[i];
    mem->vals[j] = vals[i];
  }
  free(keys);
  free(vals);
  free(used);
}

bool xmem_read(x86_machine *m, long long addr, xval *v) {
  xmemory *mem = &m->mem;
  if (mem->cap) {
    size_t j = mem_slot(mem, addr);
    while (mem->used[j]) {
      if (mem->keys[j] == addr) {
        *v = mem->vals[j];
        return true;
      }
      j = (j + 1) & (mem->cap - 1);
    }
  }
  if (addr >= 0 && addr < mem->limit) {
    *v = (xval){0, 0};
    return true;
  }
  return false;
}

void xmem_write(x86_machine *m, long long addr, xval v) {
  xmemory *mem = &m->mem;
  if ((mem->count + 1) * 2 > mem->cap)
    mem_grow(mem);
  size_t j = mem_slot(mem, addr);
  while (mem->used[j]) {
    if (mem->keys[j] == addr) {
      mem->vals[j] = v;
      return;
    }
    j = (j + 1) & (mem->cap - 1);
  }
  mem->used[j] = 1;
  mem->keys[j] = addr;
  mem->vals[j] = v;
  mem->count++;
}

/* ---- program text ---- */

char *x86_next_line(const char *src, size_t len, size_t *pos) {
  size_t i = *pos;
  if (i >= len)
    return NULL;
  size_t j = i;
  while (j < len && src[j] != '\n' && src[j] != '\r')
    j++;
  char *line = py_ndup(src + i, j - i);
  if (j < len && src[j] == '\r' && j + 1 < len && src[j + 1] == '\n')
    j++;
  *pos = j + 1;
  return line;
}

void x86_add_code(x86_program *p, const x86_instr *in, char *text, int evalstr) {
  if (p->ncode >= p->capcode) {
    p->capcode = p->capcode ? p->capcode * 2 : 64;
    p->code = realloc(p->code, (size_t)p->capcode * sizeof *p->code);
    p->text = realloc(p->text, (size_t)p->capcode * sizeof *p->text);
    p->eval_string = realloc(p->eval_string, (size_t)p->capcode * sizeof *p->eval_string);
    if (!p->code || !p->text || !p->eval_string)
      opts_die("out of memory");
  }
  p->code[p->ncode] = *in;
  p->text[p->ncode] = text;
  p->eval_string[p->ncode] = evalstr;
  p->ncode++;
}

long long x86_symbol_find(const x86_symbol *s, int n, const char *name, bool *found) {
  for (int i = 0; i < n; i++)
    if (strcmp(s[i].name, name) == 0) {
      *found = true;
      return s[i].addr;
    }
  *found = false;
  return 0;
}

bool x86_symbol_lookup(const x86_symbol *s, int n, const char *name, long long *addr) {
  bool found;
  *addr = x86_symbol_find(s, n, name, &found);
  return found;
}

void x86_symbol_set(x86_symbol **s, int *n, int *cap, const char *name, long long addr) {
  for (int i = 0; i < *n; i++)
    if (strcmp((*s)[i].name, name) == 0) {
      (*s)[i].addr = addr;
      return;
    }
  if (*n >= *cap) {
    *cap = *cap ? *cap * 2 : 16;
    *s = realloc(*s, (size_t)*cap * sizeof **s);
    if (!*s)
      opts_die("out of memory");
  }
  (*s)[*n].name = py_dup(name);
  (*s)[*n].addr = addr;
  (*n)++;
}
