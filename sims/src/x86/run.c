/* Threads, the schedule, one instruction at a time, and the trace: the
 * originals' run loop, with the same output for the same interleaving. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "opts.h"
#include "pynum.h"
#include "pystr.h"
#include "x86.h"

#define MAX_STRING_BYTES (64LL << 20)

static int sp_reg(const x86_machine *m) {
  return m->isa == ISA_RISCV ? 2 : m->dialect == X86_LOCKS ? 7 : 5;
}

/* ---- threads and the schedule ---- */

bool x86_make_threads(x86_machine *m, int nthreads, long long memsize_kb, char **args, int nargs) {
  m->nthreads = nthreads > 0 ? nthreads : 0;
  m->threads = calloc((size_t)(m->nthreads ? m->nthreads : 1), sizeof *m->threads);
  if (!m->threads)
    opts_die("out of memory");
  long long stack;
  if (__builtin_mul_overflow(memsize_kb, 1000LL, &stack))
    return x86_fail(m, XERR_CRASH, "option -m/--memsize: %lld is too large", memsize_kb);
  for (int t = 0; t < m->nthreads; t++) {
    x86_thread *th = &m->threads[t];
    th->pc = (xval){m->prog.load_addr, 0};
    const char *arg = nargs > 1 ? args[t] : args[0];
    if (arg[0]) {
      pystr_list sets = py_split(arg, ":", -1);
      for (int i = 0; i < sets.count; i++) {
        pystr_list kv = py_split(sets.items[i], "=", -1);
        bool ok = true;
        int reg = -1;
        long long v = 0;
        if (kv.count != 2)
          ok = x86_fail(m, XERR_CRASH, "option -a/--argv: '%s' is not REG=VALUE", sets.items[i]);
        else if ((reg = x86_regnum(m, kv.items[0])) < 0)
          ok = x86_fail(m, XERR_CRASH, "option -a/--argv: no register named '%s'", kv.items[0]);
        else {
          pynum_status st = pyint_parse(kv.items[1], PYINT_PLAIN, &v);
          if (st == PYNUM_INVALID)
            ok = x86_fail(m, XERR_CRASH, "option -a/--argv: '%s' is not an integer", kv.items[1]);
          else if (st == PYNUM_RANGE)
            ok = x86_fail(m, XERR_CRASH, "option -a/--argv: '%s' is beyond 64-bit integers",
                          kv.items[1]);
          else if (m->isa == ISA_RISCV && (v < INT_MIN || v > UINT_MAX))
            ok = x86_fail(m, XERR_CRASH, "option -a/--argv: '%s' does not fit in 32 bits",
                          kv.items[1]);
        }
        if (ok) {
          if (m->isa == ISA_RISCV)
            v = (int)(unsigned)v;
          th->regs[reg] = (xval){v, 0};
        }
        pystr_list_free(&kv);
        if (!ok) {
          pystr_list_free(&sets);
          return false;
        }
      }
      pystr_list_free(&sets);
    }
    if (m->isa == ISA_RISCV)
      th->regs[0] = (xval){0, 0};
    th->regs[sp_reg(m)] = (xval){stack, 0};
    th->stack = stack;
    stack -= 1000;
  }
  m->active = m->nthreads;
  return true;
}

static void restore(x86_machine *m) {
  x86_thread *th = &m->threads[m->sched[m->cur]];
  m->pc = th->pc;
  memcpy(m->regs, th->regs, sizeof m->regs);
  memcpy(m->cc, th->cc, sizeof m->cc);
}

static void save(x86_machine *m) {
  x86_thread *th = &m->threads[m->sched[m->cur]];
  th->pc = m->pc;
  memcpy(th->regs, m->regs, sizeof m->regs);
  memcpy(th->cc, m->cc, sizeof m->cc);
}

bool x86_schedule(x86_machine *m, const char *procsched) {
  size_t n = strlen(procsched);
  m->sched = malloc((n > (size_t)m->nthreads ? n : (size_t)m->nthreads) * sizeof *m->sched + 1);
  if (!m->sched)
    opts_die("out of memory");
  if (!procsched[0]) {
    for (int i = 0; i < m->nthreads; i++)
      m->sched[i] = i;
    m->nsched = m->nthreads;
  } else {
    m->manual = true;
    for (size_t i = 0; i < n; i++) {
      char c = procsched[i];
      if (c < '0' || c > '9')
        return x86_fail(m, XERR_CRASH, "option -P/--procsched: '%c' is not a thread number", c);
      int p = c - '0';
      if (p >= m->nthreads)
        return x86_fail(m, XERR_EXIT1,
                        "bad schedule: cannot include a thread that does not exist (%d)", p);
      m->sched[m->nsched++] = p;
    }
    bool seen[10] = {false};
    int distinct = 0;
    for (int i = 0; i < m->nsched; i++)
      if (!seen[m->sched[i]]) {
        seen[m->sched[i]] = true;
        distinct++;
      }
    if (distinct != m->active) {
      linebuf b;
      lb_init(&b);
      lb_str(&b, "bad schedule: does not include ALL processes [");
      for (int i = 0; i < m->nsched; i++) {
        if (i)
          lb_str(&b, ", ");
        lb_int(&b, m->sched[i], 0);
      }
      lb_char(&b, ']');
      x86_fail(m, XERR_EXIT1, "%s", lb_text(&b));
      lb_free(&b);
      return false;
    }
  }
  if (m->nsched == 0)
    return x86_fail(m, XERR_CRASH, "option -t/--threads: there must be at least one thread");
  m->cur = 0;
  restore(m);
  return true;
}

/* The next thread in the schedule that has not halted. */
static void next_thread(x86_machine *m) {
  for (;;) {
    m->cur++;
    if (m->cur == m->nsched)
      m->cur = 0;
    if (!m->threads[m->sched[m->cur]].done)
      return;
  }
}

/* ---- values ---- */

static bool no_string(x86_machine *m, xval v) {
  if (v.s)
    return x86_fail(m, XERR_CRASH,
                    "a register or word holding an instruction's text was used as a number");
  return true;
}

static bool overflow(x86_machine *m) {
  return x86_fail(m, XERR_CRASH, "a value went beyond 64-bit integers");
}

static bool make_string(x86_machine *m, const char *s, size_t len, xval *out) {
  if ((long long)(m->strs.bytes + len) > MAX_STRING_BYTES)
    return x86_fail(m, XERR_CRASH, "instruction texts joined by add or mul grew too long");
  out->n = 0;
  out->s = xstr_intern(&m->strs, s, len);
  return true;
}

/* Python's a + b for the values the machine holds. */
static bool v_add(x86_machine *m, xval a, xval b, xval *out) {
  if (!a.s && !b.s) {
    if (__builtin_add_overflow(a.n, b.n, &out->n))
      return overflow(m);
    out->s = 0;
    return true;
  }
  if (a.s && b.s) {
    const xstring *x = &m->strs.items[a.s], *y = &m->strs.items[b.s];
    if ((long long)(x->len + y->len) > MAX_STRING_BYTES)
      return x86_fail(m, XERR_CRASH, "instruction texts joined by add or mul grew too long");
    char *buf = malloc(x->len + y->len + 1);
    if (!buf)
      opts_die("out of memory");
    memcpy(buf, x->text, x->len);
    memcpy(buf + x->len, m->strs.items[b.s].text, y->len);
    bool ok = make_string(m, buf, x->len + y->len, out);
    free(buf);
    return ok;
  }
  return no_string(m, a.s ? a : b);
}

/* Python's a * b: numbers multiply, a text times a number repeats. */
static bool v_mul(x86_machine *m, xval a, xval b, xval *out) {
  if (!a.s && !b.s) {
    if (__builtin_mul_overflow(a.n, b.n, &out->n))
      return overflow(m);
    out->s = 0;
    return true;
  }
  if (a.s && b.s)
    return no_string(m, a);
  xval str = a.s ? a : b;
  long long times = a.s ? b.n : a.n;
  const xstring *x = &m->strs.items[str.s];
  if (times <= 0)
    return make_string(m, "", 0, out);
  if (times == 1) {
    *out = str;
    return true;
  }
  if (x->len && (long long)x->len > MAX_STRING_BYTES / times)
    return x86_fail(m, XERR_CRASH, "instruction texts joined by add or mul grew too long");
  size_t len = x->len * (size_t)times;
  char *buf = malloc(len + 1);
  if (!buf)
    opts_die("out of memory");
  for (long long i = 0; i < times; i++)
    memcpy(buf + (size_t)i * x->len, m->strs.items[str.s].text, x->len);
  bool ok = make_string(m, buf, len, out);
  free(buf);
  return ok;
}

/* Python's comparison of two values: -1, 0, 1; texts compare as texts. */
static bool v_cmp(x86_machine *m, xval a, xval b, int *c) {
  if (!a.s && !b.s) {
    *c = (a.n > b.n) - (a.n < b.n);
    return true;
  }
  if (!a.s || !b.s)
    return x86_fail(m, XERR_CRASH, "an instruction's text was compared with a number");
  const xstring *x = &m->strs.items[a.s], *y = &m->strs.items[b.s];
  size_t n = x->len < y->len ? x->len : y->len;
  int r = memcmp(x->text, y->text, n);
  *c = r ? (r > 0) - (r < 0) : (x->len > y->len) - (x->len < y->len);
  return true;
}

static bool read_word(x86_machine *m, long long addr, xval *v) {
  if (!xmem_read(m, addr, v))
    return x86_fail(m, XERR_CRASH, "address %lld is outside memory and was never written", addr);
  return true;
}

static bool read_word_at(x86_machine *m, xval addr, xval *v) {
  if (addr.s)
    return x86_fail(m, XERR_CRASH, "an instruction's text was used as an address");
  return read_word(m, addr.n, v);
}

/* disp + r1 + scale * r2, the x86 memory operand. */
static bool address(x86_machine *m, long long disp, int r1, int r2, long long scale,
                    long long *addr) {
  xval a = m->regs[r1], b = m->regs[r2];
  if (!no_string(m, a) || !no_string(m, b))
    return false;
  long long t;
  if (__builtin_add_overflow(disp, a.n, addr) || __builtin_mul_overflow(scale, b.n, &t) ||
      __builtin_add_overflow(*addr, t, addr))
    return overflow(m);
  return true;
}

static bool add_sp(x86_machine *m, long long delta) {
  xval *sp = &m->regs[sp_reg(m)];
  if (!no_string(m, *sp))
    return false;
  if (__builtin_add_overflow(sp->n, delta, &sp->n))
    return overflow(m);
  return true;
}

static void test_all(x86_machine *m, int c) {
  /* c compares dst with src */
  m->cc[CC_GT] = c > 0;
  m->cc[CC_GTE] = c >= 0;
  m->cc[CC_LT] = c < 0;
  m->cc[CC_LTE] = c <= 0;
  m->cc[CC_EQ] = c == 0;
  m->cc[CC_NEQ] = c != 0;
}

static void say_value(x86_machine *m, xval v) {
  x86_value_text(m, v, &m->said);
}

/* Runs one x86 instruction; *rc gets the original's return code (-1 halt,
 * -2 yield, 0 otherwise). */
static bool exec_x86(x86_machine *m, const x86_instr *in, int *rc) {
  long long addr;
  xval v, w;
  int c = 0;
  *rc = 0;
  switch (in->op) {
  case OP_MOV_IR: m->regs[in->dst] = (xval){in->imm, 0}; return true;
  case OP_MOV_MR:
    if (!address(m, in->disp, in->r1, in->r2, in->scale, &addr) || !read_word(m, addr, &v))
      return false;
    m->regs[in->dst] = v;
    return true;
  case OP_MOV_RM:
    if (!address(m, in->disp, in->r1, in->r2, in->scale, &addr))
      return false;
    xmem_write(m, addr, m->regs[in->src]);
    return true;
  case OP_MOV_RR: m->regs[in->dst] = m->regs[in->src]; return true;
  case OP_MOV_IM:
    if (!address(m, in->disp, in->r1, in->r2, in->scale, &addr))
      return false;
    xmem_write(m, addr, (xval){in->imm, 0});
    return true;
  case OP_LEA:
    if (!address(m, in->disp, in->r1, in->r2, in->scale, &addr))
      return false;
    m->regs[in->dst] = (xval){addr, 0};
    return true;
  case OP_NEG:
    v = m->regs[in->dst];
    if (!no_string(m, v))
      return false;
    if (v.n == LLONG_MIN)
      return overflow(m);
    m->regs[in->dst].n = -v.n;
    return true;
  case OP_POP: return add_sp(m, 4);
  case OP_POP_R:
    if (m->dialect == X86_LOCKS) {
      if (!read_word_at(m, m->regs[sp_reg(m)], &v))
        return false;
      m->regs[in->dst] = v;
    } else {
      m->regs[in->dst] = m->regs[sp_reg(m)];
    }
    return add_sp(m, 4);
  case OP_PUSH_R:
    if (!add_sp(m, -4))
      return false;
    xmem_write(m, m->regs[sp_reg(m)].n, m->regs[in->src]);
    return true;
  case OP_PUSH_M:
    if (!add_sp(m, -4) || !address(m, in->disp, in->r1, in->r2, in->scale, &addr))
      return false;
    xmem_write(m, m->regs[sp_reg(m)].n, (xval){addr, 0});
    return true;
  case OP_CALL:
    if (!add_sp(m, -4))
      return false;
    xmem_write(m, m->regs[sp_reg(m)].n, m->pc);
    m->pc = (xval){in->imm, 0};
    return true;
  case OP_RET:
    if (!read_word_at(m, m->regs[sp_reg(m)], &v))
      return false;
    m->pc = v;
    return add_sp(m, 4);
  case OP_MUL_IR: return v_mul(m, m->regs[in->dst], (xval){in->imm, 0}, &m->regs[in->dst]);
  case OP_MUL_RR: return v_mul(m, m->regs[in->dst], m->regs[in->src], &m->regs[in->dst]);
  case OP_ADD_IR: return v_add(m, m->regs[in->dst], (xval){in->imm, 0}, &m->regs[in->dst]);
  case OP_ADD_RR: return v_add(m, m->regs[in->dst], m->regs[in->src], &m->regs[in->dst]);
  case OP_SUB_IR:
  case OP_SUB_RR:
    v = m->regs[in->dst];
    w = in->op == OP_SUB_IR ? (xval){in->imm, 0} : m->regs[in->src];
    if (!no_string(m, v) || !no_string(m, w))
      return false;
    if (__builtin_sub_overflow(v.n, w.n, &m->regs[in->dst].n))
      return overflow(m);
    return true;
  case OP_FETCHADD:
    if (!address(m, in->disp, in->r1, in->r2, 1, &addr) || !read_word(m, addr, &v) ||
        !v_add(m, v, m->regs[in->src], &w))
      return false;
    xmem_write(m, addr, w);
    m->regs[in->src] = v;
    return true;
  case OP_XCHG:
    if (!address(m, in->disp, in->r1, in->r2, 1, &addr) || !read_word(m, addr, &v))
      return false;
    xmem_write(m, addr, m->regs[in->src]);
    m->regs[in->src] = v;
    return true;
  case OP_TEST_IR:
    if (!v_cmp(m, m->regs[in->dst], (xval){in->imm, 0}, &c))
      return false;
    test_all(m, c);
    return true;
  case OP_TEST_RR:
    if (!v_cmp(m, m->regs[in->dst], m->regs[in->src], &c))
      return false;
    test_all(m, c);
    return true;
  case OP_TEST_RI:
    if (!v_cmp(m, (xval){in->imm, 0}, m->regs[in->src], &c))
      return false;
    test_all(m, c);
    return true;
  case OP_J: m->pc = (xval){in->imm, 0}; return true;
  case OP_JNE:
  case OP_JE:
  case OP_JLT:
  case OP_JLTE:
  case OP_JGT:
  case OP_JGTE: {
    static const int cond[] = {CC_NEQ, CC_EQ, CC_LT, CC_LTE, CC_GT, CC_GTE};
    if (m->cc[cond[in->op - OP_JNE]])
      m->pc = (xval){in->imm, 0};
    return true;
  }
  case OP_NOP: return true;
  case OP_HALT: *rc = -1; return true;
  case OP_YIELD: *rc = -2; return true;
  case OP_RDUMP: {
    static const char *const names[] = {"ax", "bx", "cx", "dx", "ex", "fx"};
    int n = m->dialect == X86_LOCKS ? 6 : 4;
    lb_str(&m->said, "REGISTERS:: ");
    for (int i = 0; i < n; i++) {
      lb_str(&m->said, names[i]);
      lb_str(&m->said, ": ");
      say_value(m, m->regs[1 + i]);
      lb_char(&m->said, ' ');
    }
    return true;
  }
  case OP_MDUMP:
    if (!read_word(m, in->imm, &v))
      return false;
    lb_str(&m->said, "m[");
    lb_int(&m->said, in->imm, 0);
    lb_str(&m->said, "]  ");
    say_value(m, v);
    lb_char(&m->said, '\n');
    return true;
  case OP_MDUMP_BAD:
    return x86_fail(m, XERR_CRASH, "mdump's operand is not a number the machine can read");
  default: return x86_fail(m, XERR_CRASH, "not an x86 instruction");
  }
}

/* ---- RISC-V ---- */

static bool rv_address(x86_machine *m, const x86_instr *in, long long *addr) {
  long long a = (long long)(unsigned)(int)(m->regs[in->r1].n + in->disp);
  if (a >= m->mem.limit)
    return x86_fail(m, XERR_CRASH, "address %lld is outside memory (0 to %lld)", a,
                    m->mem.limit - 1);
  if (a % 4)
    return x86_fail(m, XERR_CRASH, "address %lld is not a multiple of 4 (a misaligned word)", a);
  *addr = a;
  return true;
}

static void rv_set(x86_machine *m, int rd, long long v) {
  if (rd)
    m->regs[rd] = (xval){(int)(unsigned)(unsigned long long)v, 0};
}

/* A store to addr breaks the reservations other threads hold on it. */
static void rv_store(x86_machine *m, long long addr, long long v) {
  xmem_write(m, addr, (xval){(int)(unsigned)(unsigned long long)v, 0});
  int me = m->sched[m->cur];
  for (int t = 0; t < m->nthreads; t++)
    if (t != me && m->threads[t].reserved && m->threads[t].resv_addr == addr)
      m->threads[t].reserved = false;
}

static bool exec_riscv(x86_machine *m, const x86_instr *in, int *rc) {
  long long addr;
  xval v;
  x86_thread *me = &m->threads[m->sched[m->cur]];
  long long a = m->regs[in->r1].n, b = m->regs[in->r2].n;
  *rc = 0;
  switch (in->op) {
  case RV_LW:
    if (!rv_address(m, in, &addr) || !read_word(m, addr, &v))
      return false;
    rv_set(m, in->dst, v.n);
    return true;
  case RV_SW:
    if (!rv_address(m, in, &addr))
      return false;
    rv_store(m, addr, b);
    return true;
  case RV_ADDI: rv_set(m, in->dst, a + in->imm); return true;
  case RV_ADD: rv_set(m, in->dst, a + b); return true;
  case RV_LI: rv_set(m, in->dst, in->imm); return true;
  case RV_BEQ:
    if (a == b)
      m->pc = (xval){in->imm, 0};
    return true;
  case RV_BNE:
    if (a != b)
      m->pc = (xval){in->imm, 0};
    return true;
  case RV_BLT:
    if (a < b)
      m->pc = (xval){in->imm, 0};
    return true;
  case RV_J: m->pc = (xval){in->imm, 0}; return true;
  case RV_AMOSWAP:
  case RV_AMOADD:
    if (!rv_address(m, in, &addr) || !read_word(m, addr, &v))
      return false;
    rv_store(m, addr, in->op == RV_AMOSWAP ? b : v.n + b);
    rv_set(m, in->dst, v.n);
    return true;
  case RV_LR:
    if (!rv_address(m, in, &addr) || !read_word(m, addr, &v))
      return false;
    rv_set(m, in->dst, v.n);
    me->reserved = true;
    me->resv_addr = addr;
    return true;
  case RV_SC: {
    if (!rv_address(m, in, &addr))
      return false;
    bool ok = me->reserved && me->resv_addr == addr;
    me->reserved = false;
    if (ok)
      rv_store(m, addr, b);
    rv_set(m, in->dst, ok ? 0 : 1);
    return true;
  }
  case OP_NOP: return true;
  case OP_HALT: *rc = -1; return true;
  case OP_YIELD: *rc = -2; return true;
  default: return x86_fail(m, XERR_CRASH, "not a RISC-V instruction");
  }
}

/* ---- the trace ---- */

static void flush_out(x86_machine *m, bool force) {
  if (m->outf && (force || m->out.len > (1 << 16)))
    lb_flush(&m->out, m->outf);
}

static void spaces(linebuf *b, int n) {
  for (int i = 0; i < n; i++)
    lb_char(b, ' ');
}

static void print_headers(x86_machine *m) {
  linebuf *o = &m->out;
  if (m->printstats && m->dialect == X86_LOCKS)
    lb_str(o, "icount ");
  if (m->nmemtrace > 0) {
    for (int i = 0; i < m->nmemtrace; i++) {
      const x86_memtrace *t = &m->memtrace[i];
      switch (t->kind) {
      case MT_ADDR: lb_int(o, t->addr, 5); break;
      case MT_VAR: {
        int len = (int)strlen(t->text);
        spaces(o, 5 - len);
        lb_str(o, t->text);
        break;
      }
      case MT_EMPTY: x86_fail(m, XERR_CRASH, "option -M/--memtrace: an empty entry"); return;
      case MT_BADINT:
        x86_fail(m, XERR_CRASH, "option -M/--memtrace: '%s' is not an address", t->text);
        return;
      case MT_HUGE:
        x86_fail(m, XERR_CRASH, "option -M/--memtrace: '%s' is beyond 64-bit integers", t->text);
        return;
      case MT_UNDECLARED:
        x86_fail(m, XERR_ABORT, "Traced variable %s not declared", t->text);
        return;
      }
      lb_char(o, ' ');
    }
    lb_str(o, "  ");
  }
  if (m->nregtrace > 0) {
    for (int i = 0; i < m->nregtrace; i++) {
      const char *name = x86_regname(m, m->regtrace[i]);
      spaces(o, 5 - (int)strlen(name));
      lb_str(o, name);
      lb_char(o, ' ');
    }
    lb_str(o, "  ");
  }
  if (m->cctrace)
    lb_str(o, ">= >  <= <  != == ");
  for (int i = 0; i < m->nthreads; i++) {
    lb_str(o, "       Thread ");
    lb_int(o, i, 0);
    lb_str(o, "         ");
  }
  lb_char(o, '\n');
}

/* The value a -M entry traces (the headers have vetted the entries). */
static bool traced_word(x86_machine *m, int i, long long *v) {
  xval x;
  if (!read_word(m, m->memtrace[i].addr, &x) || !no_string(m, x))
    return false;
  *v = x.n;
  return true;
}

static bool print_trace(x86_machine *m, bool newline) {
  linebuf *o = &m->out;
  if (m->printstats && m->dialect == X86_LOCKS) {
    lb_int(o, m->icount, 6);
    lb_char(o, ' ');
  }
  if (m->nmemtrace > 0) {
    for (int i = 0; i < m->nmemtrace; i++) {
      long long v;
      if (!m->compute)
        lb_str(o, "    ?");
      else if (!traced_word(m, i, &v))
        return false;
      else
        lb_int(o, v, 5);
      lb_char(o, ' ');
    }
    lb_str(o, "  ");
  }
  if (m->nregtrace > 0) {
    for (int i = 0; i < m->nregtrace; i++) {
      if (!m->compute)
        lb_str(o, "    ?");
      else if (!no_string(m, m->regs[m->regtrace[i]]))
        return false;
      else
        lb_int(o, m->regs[m->regtrace[i]].n, 5);
      lb_char(o, ' ');
    }
    lb_str(o, "  ");
  }
  if (m->cctrace) {
    static const int order[] = {CC_GTE, CC_GT, CC_LTE, CC_LT, CC_NEQ, CC_EQ};
    for (int i = 0; i < 6; i++)
      lb_str(o, !m->compute ? "?  " : m->cc[order[i]] ? "1  " : "0  ");
  }
  if ((m->nmemtrace > 0 || m->nregtrace > 0 || m->cctrace) && newline)
    lb_char(o, '\n');
  return true;
}

/* ---- JSON ---- */

static bool json_values(x86_machine *m) {
  json_writer *w = m->json;
  json_key(w, "memory");
  json_array_begin_compact(w);
  for (int i = 0; i < m->nmemtrace; i++) {
    long long v;
    if (!traced_word(m, i, &v))
      return false;
    json_int(w, v);
  }
  json_array_end(w);
  json_key(w, "registers");
  json_array_begin_compact(w);
  for (int i = 0; i < m->nregtrace; i++) {
    if (!no_string(m, m->regs[m->regtrace[i]]))
      return false;
    json_int(w, m->regs[m->regtrace[i]].n);
  }
  json_array_end(w);
  if (m->cctrace) {
    static const char *const names[] = {"gte", "gt", "lte", "lt", "neq", "eq"};
    json_key(w, "conditions");
    json_object_begin_compact(w);
    for (int i = 0; i < 6; i++)
      json_kv_bool(w, names[i], m->cc[i]);
    json_object_end(w);
  }
  return true;
}

static bool json_event(x86_machine *m, const char *event) {
  json_object_begin_compact(m->json);
  json_kv_string(m->json, "event", event);
  json_kv_int(m->json, "thread", m->sched[m->cur]);
  bool ok = json_values(m);
  json_object_end(m->json);
  return ok;
}

/* ---- the run ---- */

static long long next_interrupt(x86_machine *m) {
  if (!m->intrand)
    return m->intfreq;
  double r = pyrandom_random(m->rng) * (double)m->intfreq;
  if (r >= 9.2e18)
    return LLONG_MAX;
  return (long long)r + 1;
}

static bool headers_and_trace(x86_machine *m) {
  print_headers(m);
  if (m->err.kind != XERR_NONE)
    return false;
  if (m->dialect == X86_LOCKS)
    lb_char(&m->out, '\n');
  return print_trace(m, true);
}

static bool separator(x86_machine *m, const char *text) {
  if (m->json)
    return json_event(m, text[6] == 'H' ? "halt_switch" : "interrupt");
  if (!print_trace(m, false))
    return false;
  for (int i = 0; i < m->nthreads; i++)
    lb_str(&m->out, text);
  lb_char(&m->out, '\n');
  return true;
}

bool x86_run(x86_machine *m) {
  bool L = m->dialect == X86_LOCKS;
  long long intfreq = m->intfreq;
  if (m->manual) {
    intfreq = 1;
    m->intrand = false;
  }
  m->intfreq = intfreq;
  long long interrupt = next_interrupt(m);
  m->icount = 0;
  if (m->json) {
    json_key(m->json, "initial");
    json_object_begin_compact(m->json);
    if (!json_values(m))
      return false;
    json_object_end(m->json);
    json_key(m->json, "trace");
    json_array_begin(m->json);
  } else {
    if (L)
      lb_char(&m->out, '\n');
    if (!headers_and_trace(m))
      return false;
  }
  for (;;) {
    if (!m->json && L && m->headercount > 0 && m->icount % m->headercount == 0 && m->icount > 0) {
      lb_char(&m->out, '\n');
      if (!headers_and_trace(m))
        return false;
    }
    if (m->max_steps >= 0 && m->icount >= m->max_steps)
      return x86_fail(m, XERR_CRASH,
                      "%lld instructions ran and some thread has not halted (a program that "
                      "never ends?); --max-steps raises the limit",
                      m->icount);
    int tid = m->sched[m->cur];
    xval prev = m->pc;
    long long prevpc = prev.n;
    const x86_instr *in;
    if (m->isa == ISA_RISCV) {
      long long off = prevpc - m->prog.load_addr;
      if (off < 0 || off % 4 || off / 4 >= m->prog.ncode)
        return x86_fail(m, XERR_CRASH, "thread %d ran off its code, to address %lld", tid, prevpc);
      in = &m->prog.code[off / 4];
      m->pc.n += 4;
    } else {
      xval cell;
      if (prev.s || !xmem_read(m, prevpc, &cell)) {
        if (prev.s)
          return x86_fail(m, XERR_CRASH,
                          "thread %d returned to an instruction's text, not an address", tid);
        return x86_fail(m, XERR_CRASH,
                        "thread %d jumped to address %lld, outside memory and never written", tid,
                        prevpc);
      }
      if (!cell.s)
        return x86_fail(m, XERR_CRASH,
                        "thread %d jumped to address %lld, which holds the number %lld, not an "
                        "instruction",
                        tid, prevpc, cell.n);
      int idx = m->strs.items[cell.s].instr;
      if (idx < 0)
        return x86_fail(m, XERR_CRASH,
                        "thread %d jumped to address %lld, which holds text that is not one "
                        "instruction",
                        tid, prevpc);
      in = &m->prog.code[idx];
      if (m->pc.n == LLONG_MAX)
        return overflow(m);
      m->pc.n++;
    }
    int rc;
    lb_clear(&m->said);
    bool ok = m->isa == ISA_RISCV ? exec_riscv(m, in, &rc) : exec_x86(m, in, &rc);
    if (!m->json)
      lb_str(&m->out, lb_text(&m->said));
    if (!ok)
      return false;
    /* the text of the instruction at prevpc as loaded */
    long long off = prevpc - m->prog.load_addr;
    bool loaded = off >= 0 && off % m->prog.pc_step == 0 && off / m->prog.pc_step < m->prog.ncode;
    if (m->json) {
      if (!loaded)
        return x86_fail(m, XERR_CRASH,
                        "thread %d ran code copied to address %lld, where no instruction was "
                        "loaded",
                        tid, prevpc);
      json_object_begin_compact(m->json);
      json_kv_string(m->json, "event", "run");
      json_kv_int(m->json, "thread", tid);
      json_kv_int(m->json, "pc", prevpc);
      json_kv_string(m->json, "instruction", m->prog.text[off / m->prog.pc_step]);
      if (!json_values(m))
        return false;
      if (m->said.len)
        json_kv_string(m->json, "output", lb_text(&m->said));
      json_object_end(m->json);
    } else {
      if (!print_trace(m, false))
        return false;
      for (int i = 0; i < tid; i++)
        spaces(&m->out, 25);
      if (!loaded)
        return x86_fail(m, XERR_CRASH,
                        "thread %d ran code copied to address %lld, where no instruction was "
                        "loaded",
                        tid, prevpc);
      lb_int(&m->out, prevpc, 0);
      lb_char(&m->out, ' ');
      lb_str(&m->out, m->prog.text[off / m->prog.pc_step]);
      lb_char(&m->out, '\n');
      flush_out(m, false);
    }
    m->icount++;
    if (rc == -1) {
      m->threads[m->sched[m->cur]].done = true;
      m->threads[m->sched[m->cur]].reserved = false;
      m->active--;
      if (m->active == 0)
        return true;
      next_thread(m);
      restore(m);
      if (!separator(m, "----- Halt;Switch -----  "))
        return false;
    }
    interrupt--;
    if (interrupt == 0 || rc == -2) {
      interrupt = next_interrupt(m);
      int before = m->sched[m->cur];
      save(m);
      next_thread(m);
      restore(m);
      if (m->isa == ISA_RISCV && m->sc_switch && before != m->sched[m->cur])
        m->threads[before].reserved = false;
      if (!m->manual || before != m->sched[m->cur])
        if (!separator(m, "------ Interrupt ------  "))
          return false;
    }
  }
}
