/* The x86-like assembler of the originals, in both dialects, with their
 * parsing rules kept exactly: two passes over the lines (variables and
 * labels, then instructions), '#' comments, and the operand forms $imm,
 * %reg, .label, variable, number, (reg), n(reg), n(reg,reg) and, in the
 * locks dialect, n(reg,reg,scale). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "pynum.h"
#include "pystr.h"
#include "x86.h"

typedef enum { A_NONE, A_REG, A_IMM, A_MEM, A_LABEL } argtype;

typedef struct {
  argtype type;
  long long imm; /* A_IMM */
  int reg;       /* A_REG */
  long long disp, scale;
  int r1, r2; /* A_MEM */
  char *label;
} xarg;

/* Python's int() of s into *v; false (with the error set) when Python
 * raises, or when the value is beyond 64 bits. */
static bool py_int(x86_machine *m, const char *s, long long *v) {
  pynum_status st = pyint_parse(s, PYINT_PLAIN, v);
  if (st == PYNUM_INVALID)
    return x86_fail(m, XERR_CRASH, "invalid literal for int() with base 10: '%.60s'", s);
  if (st == PYNUM_RANGE)
    return x86_fail(m, XERR_CRASH, "the number '%.60s' is beyond 64-bit integers", s);
  return true;
}

static bool mul_checked(x86_machine *m, long long a, long long b, long long *out) {
  if (__builtin_mul_overflow(a, b, out))
    return x86_fail(m, XERR_CRASH, "a number in the program is beyond 64-bit integers");
  return true;
}

static bool reg_translate(x86_machine *m, const char *name, int *reg) {
  *reg = x86_regnum(m, name);
  if (*reg < 0)
    return x86_fail(m, XERR_ABORT, "Register %s is not a valid register", name);
  return true;
}

/* The text after the first '%' of s (s.split('%')[1]); NULL when there is
 * none (the original's IndexError). */
static char *after_percent(const char *s) {
  const char *p = strchr(s, '%');
  if (!p)
    return NULL;
  const char *q = strchr(p + 1, '%');
  return q ? py_ndup(p + 1, (size_t)(q - p - 1)) : py_dup(p + 1);
}

/* The locks dialect's getregname(): blank means the zero register. */
static char *getregname(x86_machine *m, const char *r) {
  char *t = py_strip(r);
  if (!t[0]) {
    free(t);
    return py_dup("zero");
  }
  if (t[0] != '%') {
    free(t);
    x86_fail(m, XERR_ABORT, "Expecting a proper register name, got [%s]", r);
    return NULL;
  }
  free(t);
  char *after = after_percent(r);
  char *name = py_strip(after);
  free(after);
  return name;
}

static bool var_operand(x86_machine *m, const char *tmp, xarg *a) {
  bool found;
  long long addr = x86_symbol_find(m->prog.vars, m->prog.nvars, tmp, &found);
  if (!found)
    return x86_fail(m, XERR_ABORT, "Variable %s is not declared", tmp);
  *a = (xarg){.type = A_MEM, .disp = addr, .scale = 1};
  return true;
}

/* $imm in the locks dialect: a sign, then digits. */
static bool imm_locks(x86_machine *m, const char *tmp, xarg *a) {
  pystr_list parts = py_split(tmp, "$", -1);
  const char *value = parts.items[1];
  long long neg = 1, v;
  bool ok = false;
  if (!value[0]) {
    x86_fail(m, XERR_CRASH, "an immediate '$' has no value");
  } else {
    if (value[0] == '-') {
      value++;
      neg = -1;
    }
    if (!py_isdigit(value))
      x86_fail(m, XERR_ABORT, "value [%s] must be a digit", value);
    else if ((ok = py_int(m, value, &v)))
      *a = (xarg){.type = A_IMM, .imm = neg * v};
  }
  pystr_list_free(&parts);
  return ok;
}

/* $imm in the intro dialect: one digit. */
static bool imm_intro(x86_machine *m, const char *tmp, xarg *a) {
  if (strlen(tmp) != 2)
    return x86_fail(m, XERR_ABORT, "correct form is $number (not %s)", tmp);
  const char *value = tmp[1] == '$' ? "" : tmp + 1;
  if (!py_isdigit(value))
    return x86_fail(m, XERR_ABORT, "value [%s] must be a digit", value);
  *a = (xarg){.type = A_IMM, .imm = value[0] - '0'};
  return true;
}

/* (reg) in the intro dialect. */
static bool paren_intro(x86_machine *m, const char *tmp, xarg *a) {
  pystr_list open = py_split(tmp, "(", -1);
  pystr_list close = py_split(open.items[1], ")", -1);
  char *name = after_percent(close.items[0]);
  bool ok = false;
  *a = (xarg){.type = A_MEM, .scale = 1};
  if (!name)
    x86_fail(m, XERR_CRASH, "the operand '%.60s' names no register", tmp);
  else
    ok = reg_translate(m, name, &a->r1);
  free(name);
  pystr_list_free(&close);
  pystr_list_free(&open);
  return ok;
}

/* The registers (and scale) inside n(...) of the locks dialect; value is
 * the number before the parenthesis. */
static bool indexed_locks(x86_machine *m, const char *t, const pystr_list *s, long long neg,
                          xarg *a) {
  long long value = 0;
  if (t[0] != '(') {
    char *first = py_strip(s->items[0]);
    bool digits = py_isdigit(first);
    free(first);
    if (!digits)
      return x86_fail(m, XERR_ABORT, "First number should be a digit [%s]", s->items[0]);
    if (!py_int(m, s->items[0], &value) || !mul_checked(m, neg, value, &value))
      return false;
  }
  pystr_list close = py_split(s->items[1], ")", -1);
  pystr_list regs = py_split(close.items[0], "__BREAK__", -1);
  bool ok = false;
  if (regs.count <= 3) {
    char *n1 = getregname(m, regs.items[0]);
    char *n2 = n1 && regs.count >= 2 ? getregname(m, regs.items[1]) : NULL;
    long long scale = 1;
    ok = n1 && (regs.count < 2 || n2);
    if (ok && regs.count == 3)
      ok = py_int(m, regs.items[2], &scale);
    *a = (xarg){.type = A_MEM, .disp = value, .scale = scale};
    ok = ok && reg_translate(m, n1, &a->r1) && (!n2 || reg_translate(m, n2, &a->r2));
    free(n1);
    free(n2);
  } else {
    x86_fail(m, XERR_EXIT1, "mov: bad argument [%s]", t);
  }
  pystr_list_free(&regs);
  pystr_list_free(&close);
  return ok;
}

/* The registers inside n(...) of the intro dialect. */
static bool indexed_intro(x86_machine *m, const char *t, const pystr_list *s, long long neg,
                          xarg *a) {
  long long value;
  if (!py_int(m, s->items[0], &value) || !mul_checked(m, neg, value, &value))
    return false;
  pystr_list close = py_split(s->items[1], ")", -1);
  pystr_list regs = py_split(close.items[0], ",", -1);
  char *n1 = regs.count <= 2 ? after_percent(regs.items[0]) : NULL;
  char *n2 = regs.count == 2 ? after_percent(regs.items[1]) : NULL;
  bool ok = false;
  if (!n1 || (regs.count == 2 && !n2)) {
    x86_fail(m, XERR_CRASH, "cannot read the operand '%.60s'", t);
  } else {
    *a = (xarg){.type = A_MEM, .disp = value, .scale = 1};
    ok = reg_translate(m, n1, &a->r1) && (!n2 || reg_translate(m, n2, &a->r2));
  }
  free(n1);
  free(n2);
  pystr_list_free(&regs);
  pystr_list_free(&close);
  return ok;
}

/* A number, maybe negative, maybe followed by registers in parentheses. */
static bool number_operand(x86_machine *m, const char *tmp, xarg *a) {
  long long neg = 1, value;
  const char *t = tmp;
  if (t[0] == '-') {
    t++;
    neg = -1;
  }
  pystr_list s = py_split(t, "(", -1);
  bool ok = false;
  if (s.count == 1) {
    if ((ok = py_int(m, t, &value) && mul_checked(m, neg, value, &value)))
      *a = (xarg){.type = A_MEM, .disp = value, .scale = 1};
  } else if (s.count == 2) {
    ok =
        m->dialect == X86_LOCKS ? indexed_locks(m, t, &s, neg, a) : indexed_intro(m, t, &s, neg, a);
  } else {
    x86_fail(m, XERR_EXIT1, "mov: bad argument [%s]", t);
  }
  pystr_list_free(&s);
  return ok;
}

/* The original's getarg(): an operand's kind and value. The dialects
 * differ in what a comma inside an operand becomes, in immediates, and in
 * what may stand in parentheses. */
static bool getarg(x86_machine *m, const char *arg, xarg *a) {
  bool L = m->dialect == X86_LOCKS;
  char *t1 = py_replace(arg, ",", L ? " " : "");
  char *tmp = py_replace(t1, " \t", "");
  free(t1);
  bool ok = false;
  memset(a, 0, sizeof *a);
  char c = tmp[0];
  if (!c) {
    x86_fail(m, XERR_CRASH, "an instruction has an empty operand");
  } else if (c == '$') {
    ok = L ? imm_locks(m, tmp, a) : imm_intro(m, tmp, a);
  } else if (c == '%') {
    char *name = after_percent(tmp);
    a->type = A_REG;
    ok = reg_translate(m, name, &a->reg);
    free(name);
  } else if (c == '(' && !L) {
    ok = paren_intro(m, tmp, a);
  } else if (c == '.') {
    a->type = A_LABEL;
    a->label = py_dup(tmp);
    ok = true;
  } else if (py_isalpha_char(c)) {
    ok = var_operand(m, tmp, a);
  } else if ((c >= '0' && c <= '9') || c == '-' || c == '(') {
    ok = number_operand(m, tmp, a);
  } else {
    x86_fail(m, XERR_CRASH, "cannot read the operand '%.60s'", arg);
  }
  free(tmp);
  return ok;
}

/* The locks dialect's removecommas(): commas inside parentheses become
 * __BREAK__, so that mov's operands split at the one comma outside. */
static char *removecommas(x86_machine *m, const char *cline, const char *in) {
  linebuf b;
  lb_init(&b);
  bool inparen = false;
  for (const char *p = in; *p; p++) {
    if (*p == '(') {
      if (inparen) {
        lb_free(&b);
        x86_fail(m, XERR_ABORT, "cannot have nested parenthesis in argument [%s]", cline);
        return NULL;
      }
      inparen = true;
    }
    if (*p == ')') {
      if (!inparen) {
        lb_free(&b);
        x86_fail(m, XERR_ABORT, "cannot have right parenthesis without first having left one [%s]",
                 cline);
        return NULL;
      }
      inparen = false;
    }
    if (inparen && *p == ',')
      lb_str(&b, "__BREAK__");
    else
      lb_char(&b, *p);
  }
  if (inparen) {
    lb_free(&b);
    x86_fail(m, XERR_ABORT, "did not close parentheses [%s]", cline);
    return NULL;
  }
  char *out = py_dup(lb_text(&b));
  lb_free(&b);
  return out;
}

static bool label_addr(x86_machine *m, const char *label, long long *addr) {
  bool found;
  *addr = x86_symbol_find(m->prog.labels, m->prog.nlabels, label, &found);
  if (!found)
    return x86_fail(m, XERR_CRASH, "the label %s is not defined", label);
  return true;
}

static void free_arg(xarg *a) {
  free(a->label);
  a->label = NULL;
}

/* Two operands, split at the first comma (at every comma outside
 * parentheses for the locks dialect's mov). */
static bool two_args(x86_machine *m, const char *op, const char *cline, const char *rest, xarg *a,
                     xarg *b) {
  if (!rest)
    return x86_fail(m, XERR_CRASH, "%s has no operands", op);
  /* the locks dialect's mov splits at every comma outside parentheses */
  bool whole = m->dialect == X86_LOCKS && strcmp(op, "mov") == 0;
  char *text = whole ? removecommas(m, cline, rest) : py_dup(rest);
  if (!text)
    return false;
  pystr_list r = py_split(text, ",", whole ? -1 : 1);
  free(text);
  bool ok = false;
  if (r.count != 2) {
    x86_fail(m, XERR_ABORT, "%s: needs two args, separated by commas [%s]", op, cline);
  } else {
    char *s1 = py_strip(r.items[0]), *s2 = py_strip(r.items[1]);
    ok = getarg(m, s1, a) && getarg(m, s2, b);
    free(s1);
    free(s2);
  }
  pystr_list_free(&r);
  return ok;
}

static bool one_arg(x86_machine *m, const char *op, const char *rest, xarg *a) {
  if (!rest)
    return x86_fail(m, XERR_CRASH, "%s has no operand", op);
  char *s = py_strip(rest);
  bool ok = getarg(m, s, a);
  free(s);
  return ok;
}

/* Python's int literal (what eval accepts inside mdump's parentheses):
 * blanks, signs, then decimal without leading zeros, or 0x/0o/0b. */
static bool mdump_index(const char *s, long long *v) {
  while (py_space(*s))
    s++;
  int sign = 1;
  while (*s == '-' || *s == '+' || py_space(*s)) {
    if (*s == '-')
      sign = -sign;
    s++;
  }
  int base = 10;
  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
    base = 16;
  else if (s[0] == '0' && (s[1] == 'o' || s[1] == 'O'))
    base = 8;
  else if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B'))
    base = 2;
  const char *p = base == 10 ? s : s + 2;
  if (base == 10 && p[0] == '0') {
    for (const char *q = p; *q && !py_space(*q); q++)
      if (*q != '0' && *q != '_')
        return false;
  }
  long long acc = 0;
  int digits = 0;
  bool under = false;
  for (; *p && !py_space(*p); p++) {
    if (*p == '_') {
      if (under || (digits == 0 && base == 10))
        return false;
      under = true;
      continue;
    }
    int d = *p >= '0' && *p <= '9'   ? *p - '0'
            : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10
            : *p >= 'A' && *p <= 'F' ? *p - 'A' + 10
                                     : 99;
    if (d >= base)
      return false;
    if (__builtin_mul_overflow(acc, base, &acc) || __builtin_add_overflow(acc, d, &acc))
      return false;
    digits++;
    under = false;
  }
  if (!digits || under)
    return false;
  while (py_space(*p))
    p++;
  if (*p)
    return false;
  *v = sign * acc;
  return true;
}

/* The text the original stores in memory for an instruction (and runs with
 * eval): it is what a program sees when it reads code as data. */
static char *eval_text(const x86_machine *m, const x86_instr *in, const char *mdump_arg) {
  bool L = m->dialect == X86_LOCKS;
  switch (in->op) {
  case OP_MOV_IR: return py_format("self.move_i_to_r(%lld, %d)", in->imm, in->dst);
  case OP_MOV_MR:
    return L ? py_format("self.move_m_to_r(%lld, %d, %d, %lld, %d)", in->disp, in->r1, in->r2,
                         in->scale, in->dst)
             : py_format("self.move_m_to_r(%lld, %d, %d, %d)", in->disp, in->r1, in->r2, in->dst);
  case OP_MOV_RM:
    return L ? py_format("self.move_r_to_m(%d, %lld, %d, %d, %lld)", in->src, in->disp, in->r1,
                         in->r2, in->scale)
             : py_format("self.move_r_to_m(%d, %lld, %d, %d)", in->src, in->disp, in->r1, in->r2);
  case OP_MOV_RR: return py_format("self.move_r_to_r(%d, %d)", in->src, in->dst);
  case OP_MOV_IM:
    return L ? py_format("self.move_i_to_m(%lld, %lld, %d, %d, %lld)", in->imm, in->disp, in->r1,
                         in->r2, in->scale)
             : py_format("self.move_i_to_m(%lld, %lld, %d, %d)", in->imm, in->disp, in->r1, in->r2);
  case OP_LEA:
    return py_format("self.lea_m_to_r(%lld, %d, %d, %lld, %d)", in->disp, in->r1, in->r2, in->scale,
                     in->dst);
  case OP_NEG: return py_format("self.neg_r(%d)", in->dst);
  case OP_POP: return py_dup("self.pop()");
  case OP_POP_R: return py_format("self.pop_r(%d)", in->dst);
  case OP_PUSH_R: return py_format("self.push_r(%d)", in->src);
  case OP_PUSH_M:
    return L ? py_format("self.push_m(%lld,%d,%d,%lld)", in->disp, in->r1, in->r2, in->scale)
             : py_format("self.push_m(%lld,%d,%d)", in->disp, in->r1, in->r2);
  case OP_CALL: return py_format("self.call(%lld)", in->imm);
  case OP_RET: return py_dup("self.ret()");
  case OP_MUL_IR: return py_format("self.mul_i_to_r(%lld, %d)", in->imm, in->dst);
  case OP_MUL_RR: return py_format("self.mul_r_to_r(%d, %d)", in->src, in->dst);
  case OP_ADD_IR: return py_format("self.add_i_to_r(%lld, %d)", in->imm, in->dst);
  case OP_ADD_RR: return py_format("self.add_r_to_r(%d, %d)", in->src, in->dst);
  case OP_SUB_IR: return py_format("self.sub_i_to_r(%lld, %d)", in->imm, in->dst);
  case OP_SUB_RR: return py_format("self.sub_r_to_r(%d, %d)", in->src, in->dst);
  case OP_FETCHADD:
    return py_format("self.fetchadd(%d, %lld, %d, %d)", in->src, in->disp, in->r1, in->r2);
  case OP_XCHG:
    return py_format("self.atomic_exchange(%d, %lld, %d, %d)", in->src, in->disp, in->r1, in->r2);
  case OP_TEST_IR: return py_format("self.test_i_r(%lld, %d)", in->imm, in->dst);
  case OP_TEST_RR: return py_format("self.test_r_r(%d, %d)", in->src, in->dst);
  case OP_TEST_RI: return py_format("self.test_r_i(%d, %lld)", in->src, in->imm);
  case OP_J: return py_format("self.jump(%lld)", in->imm);
  case OP_JNE: return py_format("self.jump_notequal(%lld)", in->imm);
  case OP_JE: return py_format("self.jump_equal(%lld)", in->imm);
  case OP_JLT: return py_format("self.jump_lessthan(%lld)", in->imm);
  case OP_JLTE: return py_format("self.jump_lessthanorequal(%lld)", in->imm);
  case OP_JGT: return py_format("self.jump_greaterthan(%lld)", in->imm);
  case OP_JGTE: return py_format("self.jump_greaterthanorequal(%lld)", in->imm);
  case OP_NOP: return py_dup("self.nop()");
  case OP_HALT: return py_dup("self.halt()");
  case OP_YIELD: return py_dup("self.iyield()");
  case OP_RDUMP: return py_dup("self.rdump()");
  case OP_MDUMP:
  case OP_MDUMP_BAD: return py_format("self.mdump(%s)", mdump_arg);
  default: return py_dup("");
  }
}

/* An instruction whose memory operand is mem. */
static x86_instr with_mem(x86_opcode op, const xarg *mem) {
  return (x86_instr){
      .op = op, .disp = mem->disp, .r1 = mem->r1, .r2 = mem->r2, .scale = mem->scale};
}

/* Decodes one instruction line; false with m->err set. */
static bool assemble(x86_machine *m, const char *cline, const char *opcode, const char *rest,
                     x86_instr *in) {
  bool L = m->dialect == X86_LOCKS;
  xarg a = {0}, b = {0};
  bool ok = true;
  memset(in, 0, sizeof *in);
  in->scale = 1;
  if (strcmp(opcode, "mov") == 0) {
    ok = two_args(m, "mov", cline, rest, &a, &b);
    if (ok) {
      argtype s = a.type, d = b.type;
      if (s == A_MEM && d == A_MEM)
        ok = x86_fail(m, XERR_EXIT1, "bad mov: two memory arguments");
      else if (s == A_IMM && d == A_IMM)
        ok = x86_fail(m, XERR_EXIT1, "bad mov: two immediate arguments");
      else if (s == A_IMM && d == A_REG)
        *in = (x86_instr){.op = OP_MOV_IR, .imm = a.imm, .dst = b.reg};
      else if (s == A_MEM && d == A_REG) {
        *in = with_mem(OP_MOV_MR, &a);
        in->dst = b.reg;
      } else if (s == A_REG && d == A_MEM) {
        *in = with_mem(OP_MOV_RM, &b);
        in->src = a.reg;
      } else if (s == A_REG && d == A_REG)
        *in = (x86_instr){.op = OP_MOV_RR, .src = a.reg, .dst = b.reg};
      else if (s == A_IMM && d == A_MEM) {
        *in = with_mem(OP_MOV_IM, &b);
        in->imm = a.imm;
      } else
        ok = x86_fail(m, XERR_ABORT, "malformed mov instruction");
    }
  } else if (L && strcmp(opcode, "lea") == 0) {
    ok = two_args(m, "lea", cline, rest, &a, &b);
    if (ok) {
      if (a.type == A_MEM && b.type == A_REG) {
        *in = with_mem(OP_LEA, &a);
        in->dst = b.reg;
      } else
        ok = x86_fail(m, XERR_ABORT,
                      "malformed lea instruction (should be memory address "
                      "source to register destination");
    }
  } else if (L && strcmp(opcode, "neg") == 0) {
    if (!rest)
      ok = x86_fail(m, XERR_ABORT, "neg: takes one argument");
    else if ((ok = one_arg(m, "neg", rest, &a))) {
      if (a.type != A_REG)
        ok = x86_fail(m, XERR_ABORT, "Can only neg a register");
      else
        *in = (x86_instr){.op = OP_NEG, .dst = a.reg};
    }
  } else if (strcmp(opcode, "pop") == 0) {
    if (!rest)
      in->op = OP_POP;
    else if ((ok = one_arg(m, "pop", rest, &a))) {
      if (a.type != A_REG)
        ok = x86_fail(m, XERR_ABORT, "Can only pop into a register");
      else
        *in = (x86_instr){.op = OP_POP_R, .dst = a.reg};
    }
  } else if (strcmp(opcode, "push") == 0) {
    if ((ok = one_arg(m, "push", rest, &a))) {
      if (a.type == A_REG)
        *in = (x86_instr){.op = OP_PUSH_R, .src = a.reg};
      else if (a.type == A_MEM)
        *in = with_mem(OP_PUSH_M, &a);
      else
        ok = x86_fail(m, XERR_ABORT, "Cannot push anything but registers");
    }
  } else if (strcmp(opcode, "call") == 0) {
    if ((ok = one_arg(m, "call", rest, &a))) {
      if (a.type == A_LABEL) {
        in->op = OP_CALL;
        ok = label_addr(m, a.label, &in->imm);
      } else
        ok = x86_fail(m, XERR_ABORT, "Cannot call anything but a label");
    }
  } else if (strcmp(opcode, "ret") == 0) {
    if (rest)
      ok = x86_fail(m, XERR_CRASH, "ret takes no operand");
    in->op = OP_RET;
  } else if ((L && strcmp(opcode, "mul") == 0) || strcmp(opcode, "add") == 0 ||
             strcmp(opcode, "sub") == 0) {
    bool sub = opcode[0] == 's', mul = opcode[0] == 'm';
    if ((ok = two_args(m, opcode, cline, rest, &a, &b))) {
      if (a.type == A_IMM && b.type == A_REG)
        *in = (x86_instr){.op = mul   ? OP_MUL_IR
                                : sub ? OP_SUB_IR
                                      : OP_ADD_IR,
                          .imm = a.imm,
                          .dst = b.reg};
      else if (a.type == A_REG && b.type == A_REG)
        *in = (x86_instr){.op = mul   ? OP_MUL_RR
                                : sub ? OP_SUB_RR
                                      : OP_ADD_RR,
                          .src = a.reg,
                          .dst = b.reg};
      else
        ok = x86_fail(m, XERR_ABORT, "malformed usage of %s instruction", sub ? "sub" : "add");
    }
  } else if (strcmp(opcode, "fetchadd") == 0 || strcmp(opcode, "xchg") == 0) {
    bool fa = opcode[0] == 'f';
    if ((ok = two_args(m, opcode, cline, rest, &a, &b))) {
      if (b.type != A_MEM)
        ok = x86_fail(m, XERR_CRASH, "%s needs a memory operand second", opcode);
      else if (a.type == A_REG) {
        *in = with_mem(fa ? OP_FETCHADD : OP_XCHG, &b);
        in->src = a.reg;
        in->scale = 1;
      } else
        ok = x86_fail(m, XERR_ABORT,
                      fa ? "poorly specified fetch and add" : "poorly specified atomic exchange");
    }
  } else if (strcmp(opcode, "test") == 0) {
    if ((ok = two_args(m, "test", cline, rest, &a, &b))) {
      if (a.type == A_IMM && b.type == A_REG)
        *in = (x86_instr){.op = OP_TEST_IR, .imm = a.imm, .dst = b.reg};
      else if (a.type == A_REG && b.type == A_REG)
        *in = (x86_instr){.op = OP_TEST_RR, .src = a.reg, .dst = b.reg};
      else if (a.type == A_REG && b.type == A_IMM)
        *in = (x86_instr){.op = OP_TEST_RI, .src = a.reg, .imm = b.imm};
      else
        ok = x86_fail(m, XERR_ABORT, "malformed usage of test instruction");
    }
  } else if (opcode[0] == 'j' &&
             (strcmp(opcode, "j") == 0 || strcmp(opcode, "jne") == 0 || strcmp(opcode, "je") == 0 ||
              strcmp(opcode, "jlt") == 0 || strcmp(opcode, "jlte") == 0 ||
              strcmp(opcode, "jgt") == 0 || strcmp(opcode, "jgte") == 0)) {
    static const char *const names[] = {"j", "jne", "je", "jlt", "jlte", "jgt", "jgte"};
    x86_opcode op = OP_J;
    for (int i = 0; i < 7; i++)
      if (strcmp(opcode, names[i]) == 0)
        op = (x86_opcode)(OP_J + i);
    if ((ok = one_arg(m, opcode, rest, &a))) {
      if (a.type != A_LABEL) {
        char *t = py_strip(rest);
        ok = x86_fail(m, XERR_ABORT, "bad jump target [%s]", t);
        free(t);
      } else {
        in->op = op;
        ok = label_addr(m, a.label, &in->imm);
      }
    }
  } else if (strcmp(opcode, "nop") == 0) {
    in->op = OP_NOP;
  } else if (strcmp(opcode, "halt") == 0) {
    in->op = OP_HALT;
  } else if (strcmp(opcode, "yield") == 0) {
    in->op = OP_YIELD;
  } else if (strcmp(opcode, "rdump") == 0) {
    in->op = OP_RDUMP;
  } else if (strcmp(opcode, "mdump") == 0) {
    if (!rest)
      ok = x86_fail(m, XERR_CRASH, "mdump has no operand");
    else
      in->op = mdump_index(rest, &in->imm) ? OP_MDUMP : OP_MDUMP_BAD;
  } else {
    ok = x86_fail(m, XERR_EXIT1, "illegal opcode:  %s", opcode);
  }
  free_arg(&a);
  free_arg(&b);
  return ok;
}

/* The lines of a file as Python reads them: split at \n, \r\n and \r,
 * each right-stripped and cut at a '#' (two '#' fail the original's
 * assertion). Calls fn for each; stops when fn returns false. */
typedef bool (*line_fn)(x86_machine *m, char *cline, void *ctx);

static bool each_line(x86_machine *m, const char *src, size_t len, line_fn fn, void *ctx) {
  size_t pos = 0;
  char *line;
  while ((line = x86_next_line(src, len, &pos))) {
    char *cline = py_rstrip(line);
    free(line);
    char *hash = strchr(cline, '#');
    if (hash && strchr(hash + 1, '#')) {
      free(cline);
      return x86_fail(m, XERR_CRASH, "a line has more than one '#'");
    }
    if (hash)
      *hash = 0;
    bool go = fn(m, cline, ctx);
    free(cline);
    if (!go)
      return false;
  }
  return true;
}

typedef struct {
  long long pc, data, bpc;
} pass1_state;

static bool pass1(x86_machine *m, char *cline, void *ctx) {
  pass1_state *st = ctx;
  pystr_list tmp = py_split_ws(cline);
  bool ok = true;
  if (tmp.count == 0) {
  } else if (strcmp(tmp.items[0], ".var") == 0) {
    bool found;
    bool maxmul = m->dialect == X86_LOCKS;
    x86_symbol_find(m->prog.vars, m->prog.nvars, ".var", &found);
    if (tmp.count != 2 && !(maxmul && tmp.count == 3))
      ok = x86_fail(m, XERR_CRASH, ".var takes a name%s", maxmul ? " and an optional count" : "");
    else if (found)
      ok = x86_fail(m, XERR_CRASH, "a variable named .var breaks later declarations");
    else {
      x86_symbol_set(&m->prog.vars, &m->prog.nvars, &m->prog.capvars, tmp.items[1], st->data);
      long long mul = 1, add;
      if (tmp.count == 3)
        ok = py_int(m, tmp.items[2], &mul);
      if (ok && (__builtin_mul_overflow(mul, 4LL, &add) ||
                 __builtin_add_overflow(st->data, add, &st->data)))
        ok = x86_fail(m, XERR_CRASH, "the variables' addresses go beyond 64-bit integers");
      if (ok && !(st->data < st->bpc))
        ok = x86_fail(m, XERR_ABORT, "Load address overrun by static data");
      if (ok && m->verbose) {
        bool f;
        long long addr = x86_symbol_find(m->prog.vars, m->prog.nvars, tmp.items[1], &f);
        lb_str(&m->out, "ASSIGN VAR .var --> ");
        lb_str(&m->out, tmp.items[1]);
        lb_char(&m->out, ' ');
        lb_int(&m->out, addr, 0);
        lb_char(&m->out, '\n');
      }
    }
  } else if (tmp.items[0][0] == '.') {
    if (tmp.count != 1)
      ok = x86_fail(m, XERR_CRASH, "a label line holds more than the label: '%.60s'", cline);
    else {
      x86_symbol_set(&m->prog.labels, &m->prog.nlabels, &m->prog.caplabels, tmp.items[0], st->pc);
      if (m->verbose) {
        lb_str(&m->out, "ASSIGN LABEL ");
        lb_str(&m->out, tmp.items[0]);
        lb_str(&m->out, " --> ");
        lb_int(&m->out, st->pc, 0);
        lb_char(&m->out, '\n');
      }
    }
  } else {
    st->pc++;
  }
  pystr_list_free(&tmp);
  return ok;
}

typedef struct {
  long long pc;
} pass2_state;

static bool pass2(x86_machine *m, char *cline, void *ctx) {
  pass2_state *st = ctx;
  pystr_list tmp = py_split_ws(cline);
  int count = tmp.count;
  pystr_list_free(&tmp);
  if (count == 0 || cline[0] == '.')
    return true;
  char *opcode, *rest;
  py_split_first(cline, &opcode, &rest);
  char *text = py_strip(cline);
  if (m->verbose && m->dialect == X86_LOCKS) {
    lb_str(&m->out, "opcode ");
    lb_str(&m->out, opcode);
    lb_char(&m->out, '\n');
  }
  x86_instr in;
  bool ok = assemble(m, cline, opcode, rest, &in);
  if (ok) {
    char *ev = eval_text(m, &in, rest);
    int id = xstr_intern(&m->strs, ev, strlen(ev));
    if (m->strs.items[id].instr < 0)
      m->strs.items[id].instr = m->prog.ncode;
    xmem_write(m, st->pc, (xval){0, id});
    if (m->verbose) {
      char *line = py_format("pc:%lld LOADING %20s --> %s\n", st->pc, text, ev);
      lb_str(&m->out, line);
      free(line);
    }
    free(ev);
    x86_add_code(&m->prog, &in, text, id);
    text = NULL;
    st->pc++;
  }
  free(text);
  free(opcode);
  free(rest);
  return ok;
}

bool x86_load(x86_machine *m, const char *src, size_t len, long long loadaddr) {
  m->prog.load_addr = loadaddr;
  pass1_state s1 = {loadaddr, 100, loadaddr};
  if (!each_line(m, src, len, pass1, &s1))
    return false;
  if (m->verbose)
    lb_char(&m->out, '\n');
  pass2_state s2 = {loadaddr};
  if (!each_line(m, src, len, pass2, &s2))
    return false;
  if (m->verbose)
    lb_char(&m->out, '\n');
  return true;
}
