/* A RISC-V (RV32IA) subset in GNU assembler syntax, for --isa riscv:
 *   lw rd, off(rs1)        sw rs2, off(rs1)      (off: number or variable;
 *                                                 a bare variable = var(zero))
 *   addi rd, rs1, imm      add rd, rs1, rs2      li rd, imm   la rd, var
 *   mv rd, rs              beq/bne/blt rs1, rs2, label       j label
 *   amoswap.w rd, rs2, (rs1)   amoadd.w rd, rs2, (rs1)
 *   lr.w rd, (rs1)         sc.w rd, rs2, (rs1)   (.aq/.rl suffixes accepted)
 *   nop, halt, yield (the simulator's own, as in the x86 mode)
 * Labels are 'name:', data '.var name [count]', comments start with '#'. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "pynum.h"
#include "pystr.h"
#include "x86.h"

typedef struct {
  long long pc, data;
  int line;
  bool second; /* pass 2: assemble */
} rv_state;

static bool ident_char(char c) {
  return py_isalpha_char(c) || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '$';
}

static bool rv_reg(x86_machine *m, rv_state *st, const char *s, int *reg) {
  *reg = x86_regnum(m, s);
  if (*reg < 0)
    return x86_fail(m, XERR_CRASH, "line %d: '%s' is not a register", st->line, s);
  return true;
}

static bool rv_number(x86_machine *m, rv_state *st, const char *s, long long *v) {
  if (pyint_parse(s, PYINT_OPTPARSE, v) != PYNUM_OK || *v < INT_MIN || *v > UINT_MAX)
    return x86_fail(m, XERR_CRASH, "line %d: '%s' is not a 32-bit number", st->line, s);
  *v = (int)(unsigned)*v;
  return true;
}

/* A number, or a variable's address. */
static bool rv_value(x86_machine *m, rv_state *st, const char *s, long long *v) {
  if (x86_symbol_lookup(m->prog.vars, m->prog.nvars, s, v))
    return true;
  if ((s[0] >= '0' && s[0] <= '9') || s[0] == '-' || s[0] == '+')
    return rv_number(m, st, s, v);
  return x86_fail(m, XERR_CRASH, "line %d: '%s' is neither a number nor a variable", st->line, s);
}

/* off(reg), (reg), off, var, var(reg); plain says the offset must be 0. */
static bool rv_mem(x86_machine *m, rv_state *st, const char *s, bool plain, long long *disp,
                   int *reg) {
  const char *open = strchr(s, '(');
  *disp = 0;
  *reg = 0;
  if (!open) {
    if (plain)
      return x86_fail(m, XERR_CRASH, "line %d: '%s' should be (register)", st->line, s);
    return rv_value(m, st, s, disp);
  }
  size_t n = strlen(s);
  if (s[n - 1] != ')')
    return x86_fail(m, XERR_CRASH, "line %d: '%s' lacks its ')'", st->line, s);
  char *off = py_ndup(s, (size_t)(open - s));
  char *offs = py_strip(off);
  char *inner = py_ndup(open + 1, (size_t)(s + n - 1 - open - 1));
  char *r = py_strip(inner);
  bool ok = true;
  if (offs[0]) {
    if (plain)
      ok = x86_fail(m, XERR_CRASH, "line %d: '%s' should be (register), without an offset",
                    st->line, s);
    else
      ok = rv_value(m, st, offs, disp);
  }
  if (ok)
    ok = rv_reg(m, st, r, reg);
  free(off);
  free(offs);
  free(inner);
  free(r);
  return ok;
}

static bool rv_label(x86_machine *m, rv_state *st, const char *s, long long *addr) {
  if (!x86_symbol_lookup(m->prog.labels, m->prog.nlabels, s, addr))
    return x86_fail(m, XERR_CRASH, "line %d: no label '%s'", st->line, s);
  return true;
}

/* The opcode without .aq/.rl/.aqrl ordering suffixes. */
static char *base_opcode(const char *op) {
  char *b = py_dup(op);
  for (;;) {
    size_t n = strlen(b);
    if (n > 3 && strcmp(b + n - 3, ".aq") == 0)
      b[n - 3] = 0;
    else if (n > 3 && strcmp(b + n - 3, ".rl") == 0)
      b[n - 3] = 0;
    else if (n > 5 && strcmp(b + n - 5, ".aqrl") == 0)
      b[n - 5] = 0;
    else
      return b;
  }
}

static bool rv_assemble(x86_machine *m, rv_state *st, const char *opcode, pystr_list *ops,
                        x86_instr *in) {
  memset(in, 0, sizeof *in);
  in->scale = 1;
  char *op = base_opcode(opcode);
  int n = ops->count;
  char **a = ops->items;
  bool ok = true;
  int want = -1;
  struct {
    const char *name;
    x86_opcode code;
    int nops;
  } table[] = {{"lw", RV_LW, 2},           {"sw", RV_SW, 2},     {"addi", RV_ADDI, 3},
               {"add", RV_ADD, 3},         {"li", RV_LI, 2},     {"la", RV_LI, 2},
               {"mv", RV_ADD, 2},          {"beq", RV_BEQ, 3},   {"bne", RV_BNE, 3},
               {"blt", RV_BLT, 3},         {"j", RV_J, 1},       {"amoswap.w", RV_AMOSWAP, 3},
               {"amoadd.w", RV_AMOADD, 3}, {"lr.w", RV_LR, 2},   {"sc.w", RV_SC, 3},
               {"nop", OP_NOP, 0},         {"halt", OP_HALT, 0}, {"yield", OP_YIELD, 0}};
  int k = -1;
  for (int i = 0; i < (int)(sizeof table / sizeof table[0]); i++)
    if (strcmp(op, table[i].name) == 0)
      k = i;
  bool suffixed = strcmp(op, opcode) != 0;
  if (k < 0 || (suffixed && table[k].code != RV_AMOSWAP && table[k].code != RV_AMOADD &&
                table[k].code != RV_LR && table[k].code != RV_SC)) {
    free(op);
    return x86_fail(m, XERR_CRASH, "line %d: unknown instruction '%s'", st->line, opcode);
  }
  want = table[k].nops;
  if (n != want) {
    free(op);
    return x86_fail(m, XERR_CRASH, "line %d: %s takes %d operand%s, not %d", st->line, opcode, want,
                    want == 1 ? "" : "s", n);
  }
  in->op = table[k].code;
  if (strcmp(op, "lw") == 0)
    ok = rv_reg(m, st, a[0], &in->dst) && rv_mem(m, st, a[1], false, &in->disp, &in->r1);
  else if (strcmp(op, "sw") == 0)
    ok = rv_reg(m, st, a[0], &in->r2) && rv_mem(m, st, a[1], false, &in->disp, &in->r1);
  else if (strcmp(op, "addi") == 0)
    ok = rv_reg(m, st, a[0], &in->dst) && rv_reg(m, st, a[1], &in->r1) &&
         rv_number(m, st, a[2], &in->imm);
  else if (strcmp(op, "add") == 0)
    ok = rv_reg(m, st, a[0], &in->dst) && rv_reg(m, st, a[1], &in->r1) &&
         rv_reg(m, st, a[2], &in->r2);
  else if (strcmp(op, "mv") == 0)
    ok = rv_reg(m, st, a[0], &in->dst) && rv_reg(m, st, a[1], &in->r1);
  else if (strcmp(op, "li") == 0)
    ok = rv_reg(m, st, a[0], &in->dst) && rv_number(m, st, a[1], &in->imm);
  else if (strcmp(op, "la") == 0) {
    ok = rv_reg(m, st, a[0], &in->dst);
    if (ok && !x86_symbol_lookup(m->prog.vars, m->prog.nvars, a[1], &in->imm))
      ok = x86_fail(m, XERR_CRASH, "line %d: no variable '%s'", st->line, a[1]);
  } else if (in->op == RV_BEQ || in->op == RV_BNE || in->op == RV_BLT)
    ok = rv_reg(m, st, a[0], &in->r1) && rv_reg(m, st, a[1], &in->r2) &&
         rv_label(m, st, a[2], &in->imm);
  else if (in->op == RV_J)
    ok = rv_label(m, st, a[0], &in->imm);
  else if (in->op == RV_AMOSWAP || in->op == RV_AMOADD || in->op == RV_SC)
    ok = rv_reg(m, st, a[0], &in->dst) && rv_reg(m, st, a[1], &in->r2) &&
         rv_mem(m, st, a[2], true, &in->disp, &in->r1);
  else if (in->op == RV_LR)
    ok = rv_reg(m, st, a[0], &in->dst) && rv_mem(m, st, a[1], true, &in->disp, &in->r1);
  free(op);
  return ok;
}

static bool rv_line(x86_machine *m, rv_state *st, char *line) {
  char *hash = strchr(line, '#');
  if (hash)
    *hash = 0;
  char *s = py_strip(line), *p = s;
  bool ok = true;
  /* labels: name: */
  for (;;) {
    char *q = p;
    while (ident_char(*q))
      q++;
    if (q == p || *q != ':')
      break;
    *q = 0;
    if (!st->second) {
      long long old;
      if (x86_symbol_lookup(m->prog.labels, m->prog.nlabels, p, &old)) {
        ok = x86_fail(m, XERR_CRASH, "line %d: label '%s' defined twice", st->line, p);
        break;
      }
      x86_symbol_set(&m->prog.labels, &m->prog.nlabels, &m->prog.caplabels, p, st->pc);
      if (m->verbose) {
        lb_str(&m->out, "ASSIGN LABEL ");
        lb_str(&m->out, p);
        lb_str(&m->out, " --> ");
        lb_int(&m->out, st->pc, 0);
        lb_char(&m->out, '\n');
      }
    }
    p = q + 1;
    while (py_space(*p))
      p++;
  }
  if (ok && *p) {
    char *opcode, *rest;
    py_split_first(p, &opcode, &rest);
    if (strcmp(opcode, ".var") == 0) {
      if (!st->second) {
        pystr_list w = py_split_ws(rest ? rest : "");
        long long count = 1, old;
        if (w.count < 1 || w.count > 2)
          ok =
              x86_fail(m, XERR_CRASH, "line %d: .var takes a name and an optional count", st->line);
        else if (w.count == 2 && (pyint_parse(w.items[1], PYINT_OPTPARSE, &count) != PYNUM_OK ||
                                  count < 1 || count > (1 << 24)))
          ok = x86_fail(m, XERR_CRASH, "line %d: '%s' is not a count from 1 to %d", st->line,
                        w.items[1], 1 << 24);
        else if (x86_symbol_lookup(m->prog.vars, m->prog.nvars, w.items[0], &old))
          ok = x86_fail(m, XERR_CRASH, "line %d: variable '%s' declared twice", st->line,
                        w.items[0]);
        else {
          x86_symbol_set(&m->prog.vars, &m->prog.nvars, &m->prog.capvars, w.items[0], st->data);
          if (m->verbose) {
            lb_str(&m->out, "ASSIGN VAR .var --> ");
            lb_str(&m->out, w.items[0]);
            lb_char(&m->out, ' ');
            lb_int(&m->out, st->data, 0);
            lb_char(&m->out, '\n');
          }
          st->data += 4 * count;
          if (!(st->data < m->prog.load_addr))
            ok = x86_fail(m, XERR_ABORT, "Load address overrun by static data");
        }
        pystr_list_free(&w);
      }
    } else {
      if (st->second) {
        pystr_list ops = {NULL, 0};
        if (rest) {
          pystr_list raw = py_split(rest, ",", -1);
          for (int i = 0; i < raw.count; i++) {
            char *t = py_strip(raw.items[i]);
            free(raw.items[i]);
            raw.items[i] = t;
          }
          ops = raw;
        }
        x86_instr in;
        ok = rv_assemble(m, st, opcode, &ops, &in);
        pystr_list_free(&ops);
        if (ok) {
          char *text = py_strip(p);
          if (m->verbose) {
            char *l = py_format("pc:%lld LOADING %20s\n", st->pc, text);
            lb_str(&m->out, l);
            free(l);
          }
          x86_add_code(&m->prog, &in, text, 0);
        }
      }
      st->pc += 4;
    }
    free(opcode);
    free(rest);
  }
  free(s);
  return ok;
}

static bool rv_pass(x86_machine *m, const char *src, size_t len, rv_state *st) {
  size_t pos = 0;
  char *line;
  st->line = 0;
  while ((line = x86_next_line(src, len, &pos))) {
    st->line++;
    bool ok = rv_line(m, st, line);
    free(line);
    if (!ok)
      return false;
  }
  return true;
}

bool riscv_load(x86_machine *m, const char *src, size_t len, long long loadaddr) {
  m->prog.load_addr = loadaddr;
  rv_state st = {.pc = loadaddr, .data = 100};
  if (!rv_pass(m, src, len, &st))
    return false;
  if (m->verbose)
    lb_char(&m->out, '\n');
  st = (rv_state){.pc = loadaddr, .data = 100, .second = true};
  if (!rv_pass(m, src, len, &st))
    return false;
  if (m->verbose)
    lb_char(&m->out, '\n');
  if (m->prog.ncode == 0)
    return x86_fail(m, XERR_CRASH, "the program has no instructions");
  return true;
}
