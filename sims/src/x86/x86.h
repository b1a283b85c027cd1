/* The machine behind x86 and x86-intro: a program loader for OSTEP's small
 * x86-like assembly (two dialects: the locks chapter's and the threads
 * introduction's) and for a RISC-V subset, threads that share one memory,
 * and the run loop that interleaves them on interrupts, with the trace the
 * originals print. */
#ifndef SIMS_X86_H
#define SIMS_X86_H

#include <stdbool.h>
#include <stdio.h>

#include "json.h"
#include "linebuf.h"
#include "pyrandom.h"

/* A value in a register or a memory word. The original keeps Python objects
 * there: integers, and the text of an instruction when code is read as
 * data. s == 0: the integer n; s > 0: string number s of the string table. */
typedef struct {
  long long n;
  int s;
} xval;

typedef enum { X86_LOCKS, X86_INTRO } x86_dialect; /* threads-locks, threads-intro */
typedef enum { ISA_X86, ISA_RISCV } x86_isa;

typedef enum {
  OP_MOV_IR,
  OP_MOV_MR,
  OP_MOV_RM,
  OP_MOV_RR,
  OP_MOV_IM,
  OP_LEA,
  OP_NEG,
  OP_POP,
  OP_POP_R,
  OP_PUSH_R,
  OP_PUSH_M,
  OP_CALL,
  OP_RET,
  OP_MUL_IR,
  OP_MUL_RR,
  OP_ADD_IR,
  OP_ADD_RR,
  OP_SUB_IR,
  OP_SUB_RR,
  OP_FETCHADD,
  OP_XCHG,
  OP_TEST_IR,
  OP_TEST_RR,
  OP_TEST_RI,
  OP_J,
  OP_JNE,
  OP_JE,
  OP_JLT,
  OP_JLTE,
  OP_JGT,
  OP_JGTE,
  OP_NOP,
  OP_HALT,
  OP_YIELD,
  OP_RDUMP,
  OP_MDUMP,
  OP_MDUMP_BAD, /* mdump whose argument is not a number: fails when run */
  /* RISC-V */
  RV_LW,
  RV_SW,
  RV_ADDI,
  RV_ADD,
  RV_LI,
  RV_BEQ,
  RV_BNE,
  RV_BLT,
  RV_J,
  RV_AMOSWAP,
  RV_AMOADD,
  RV_LR,
  RV_SC,
} x86_opcode;

/* One decoded instruction. x86 memory operands are disp + r1 + scale*r2. */
typedef struct {
  x86_opcode op;
  long long imm;   /* immediate, jump target, mdump address */
  long long disp;  /* memory operand: the number */
  long long scale; /* memory operand: the factor of r2 */
  int r1, r2;      /* memory operand registers (RISC-V: rs1, rs2) */
  int src, dst;    /* register operands (RISC-V: rd is dst) */
} x86_instr;

/* Interned strings: equal texts get one number, and the text of a loaded
 * instruction knows which instruction it is, so that code copied in memory
 * still runs. */
typedef struct {
  char *text;
  size_t len;
  int instr; /* index into the program's instructions, or -1 */
} xstring;

typedef struct {
  xstring *items; /* items[0] unused: number 0 means "an integer" */
  int count, cap;
  int *slots; /* hash of texts to numbers, 0 = empty */
  int nslots;
  size_t bytes; /* all text held, for the size limit */
} xstrtab;

/* Memory: the words written so far, by address. A word never written reads
 * as 0 inside [0, limit) and does not exist outside (the original's
 * KeyError). */
typedef struct {
  long long *keys;
  xval *vals;
  unsigned char *used;
  size_t cap, count;
  long long limit; /* memsize * 1024 */
} xmemory;

typedef struct {
  char *name;
  long long addr;
} x86_symbol;

typedef struct {
  x86_isa isa;
  x86_dialect dialect;
  int nregs;
  const char *const *regnames; /* by number, the original's order */
  long long load_addr;
  long long pc_step; /* 1 for x86, 4 for RISC-V */
  x86_instr *code;
  char **text;      /* the source line of each instruction, stripped */
  int *eval_string; /* x86: string number of the original's eval text */
  int ncode, capcode;
  x86_symbol *vars;
  int nvars, capvars;
  x86_symbol *labels;
  int nlabels, caplabels;
} x86_program;

typedef enum {
  XERR_NONE,
  XERR_ABORT, /* the original's zassert: 'ABORT:: msg' on stdout, exit 1 */
  XERR_EXIT1, /* the original's own message on stdout, exit 1 */
  XERR_CRASH, /* the original raises an exception: one error line, exit 2 */
} x86_errkind;

typedef struct {
  x86_errkind kind;
  char msg[512];
} x86_error;

typedef struct {
  xval pc;
  xval regs[32];
  bool cc[6];
  bool done;
  bool reserved; /* RISC-V lr.w reservation */
  long long resv_addr;
  long long stack;
} x86_thread;

/* Condition codes in the original's order of print (-C). */
enum { CC_GTE, CC_GT, CC_LTE, CC_LT, CC_NEQ, CC_EQ };

/* A -M entry: an address, a variable, or text the original fails on. */
typedef struct {
  const char *text;
  enum { MT_ADDR, MT_VAR, MT_EMPTY, MT_BADINT, MT_UNDECLARED, MT_HUGE } kind;
  long long addr;
} x86_memtrace;

typedef struct {
  /* settings */
  x86_dialect dialect;
  x86_isa isa;
  bool compute, cctrace, printstats, verbose;
  long long headercount; /* -H; <= 0 never */
  long long intfreq;
  bool intrand;
  long long max_steps;
  bool sc_switch; /* RISC-V: a switch breaks the lr.w reservation */
  x86_memtrace *memtrace;
  int nmemtrace;
  int *regtrace;
  int nregtrace;
  const char *procsched; /* -P, "" for none */

  /* state */
  x86_program prog;
  xmemory mem;
  xstrtab strs;
  pyrandom *rng;
  x86_thread *threads;
  int nthreads, active;
  int *sched; /* thread numbers in the order they take turns */
  int nsched, cur;
  bool manual;
  xval pc, regs[32];
  bool cc[6];
  long long icount;
  x86_error err;

  /* output: text into out (flushed to outf), or a JSON trace */
  linebuf out;
  FILE *outf;
  json_writer *json;
  linebuf said; /* rdump/mdump text of the current step, for JSON */
} x86_machine;

/* Register tables of the dialects and of RISC-V. */
int x86_regnum(const x86_machine *m, const char *name); /* -1 if none */
const char *x86_regname(const x86_machine *m, int reg);

void x86_init(x86_machine *m, x86_dialect d, x86_isa isa, long long memsize_kb);
void x86_free(x86_machine *m);

/* Loads a program from its text (the whole file). Verbose lines go to the
 * output. false with m->err set on failure. */
bool x86_load(x86_machine *m, const char *src, size_t len, long long loadaddr);
bool riscv_load(x86_machine *m, const char *src, size_t len, long long loadaddr);

/* Creates the threads: stack tops memsize*1000, minus 1000 per thread, and
 * the -a settings of each ("ax=1:bx=2"). */
bool x86_make_threads(x86_machine *m, int nthreads, long long memsize_kb, char **args, int nargs);
/* The schedule: "" round robin, else -P's digits. */
bool x86_schedule(x86_machine *m, const char *procsched);

/* Runs to the end: true when every thread halted. */
bool x86_run(x86_machine *m);

/* Values, memory and strings (exposed for the unit tests). */
bool xmem_read(x86_machine *m, long long addr, xval *v);
void xmem_write(x86_machine *m, long long addr, xval v);
int xstr_intern(xstrtab *t, const char *s, size_t len);
void x86_value_text(const x86_machine *m, xval v, linebuf *b);

/* The next line of a program's text (split at \n, \r\n or \r, as Python
 * reads files), malloc'd; NULL at the end. */
char *x86_next_line(const char *src, size_t len, size_t *pos);
void x86_add_code(x86_program *p, const x86_instr *in, char *text, int evalstr);

/* Variables and labels by name: find (*found says whether), lookup (the
 * same, returning whether), set (adds or moves). */
long long x86_symbol_find(const x86_symbol *s, int n, const char *name, bool *found);
bool x86_symbol_lookup(const x86_symbol *s, int n, const char *name, long long *addr);
void x86_symbol_set(x86_symbol **s, int *n, int *cap, const char *name, long long addr);

/* Sets m->err; returns false for 'return x86_fail(...)'. */
bool x86_fail(x86_machine *m, x86_errkind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
