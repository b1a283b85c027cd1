/* x86: threads interleaving on a small x86-like machine. A drop-in for
 * OSTEP's threads-locks/x86.py; built again as x86-intro (X86_INTRO_BUILD
 * defined) it is the drop-in for threads-intro/x86.py, whose dialect is
 * older: no -P or -H, no lea/neg/mul, two fewer registers, and a pop that
 * copies the stack pointer. --isa riscv runs a RISC-V subset instead. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json.h"
#include "opts.h"
#include "pynum.h"
#include "pystr.h"
#include "pyrandom.h"
#include "spool.h"
#include "x86.h"

#ifdef X86_INTRO_BUILD
#define DIALECT X86_INTRO
#define PROGRAM "x86-intro"
#else
#define DIALECT X86_LOCKS
#define PROGRAM "x86"
#endif

#define MAX_THREADS       10000
#define MAX_PROGRAM_BYTES (64L << 20)

typedef struct {
  char *seed;
  long long threads, interrupt, loadaddr, memsize, headercount, max_steps;
  const char *program, *procsched, *argv, *memtrace, *regtrace, *isa;
  bool randints, cctrace, printstats, verbose, compute, json, switch_breaks_lr;
} options;

static x86_machine machine;

static void stop(x86_machine *m, bool json) {
  if (m->outf)
    lb_flush(&m->out, m->outf);
  fflush(stdout);
  if (json || m->err.kind == XERR_CRASH)
    opts_die("%s", m->err.msg);
  if (m->err.kind == XERR_ABORT)
    printf("ABORT:: %s\n", m->err.msg);
  else
    printf("%s\n", m->err.msg);
  fflush(stdout);
  exit(1);
}

/* abort with the original's zassert message (or our error with --json) */
static void zassert_fail(x86_machine *m, bool json, const char *msg) {
  x86_fail(m, XERR_ABORT, "%s", msg);
  stop(m, json);
}

static void print_args(const options *o) {
  printf("ARG seed %s\n", o->seed);
  printf("ARG numthreads %lld\n", o->threads);
  printf("ARG program %s\n", o->program);
  printf("ARG interrupt frequency %lld\n", o->interrupt);
  printf("ARG interrupt randomness %s\n", o->randints ? "True" : "False");
  if (DIALECT == X86_LOCKS)
    printf("ARG procsched %s\n", o->procsched);
  printf("ARG argv %s\n", o->argv);
  printf("ARG load address %lld\n", o->loadaddr);
  printf("ARG memsize %lld\n", o->memsize);
  printf("ARG memtrace %s\n", o->memtrace);
  printf("ARG regtrace %s\n", o->regtrace);
  printf("ARG cctrace %s\n", o->cctrace ? "True" : "False");
  printf("ARG printstats %s\n", o->printstats ? "True" : "False");
  printf("ARG verbose %s\n", o->verbose ? "True" : "False");
  if (strcmp(o->isa, "x86") != 0)
    printf("ARG isa %s\n", o->isa);
  printf("\n");
}

static char *read_program(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    opts_die("option -p/--program: cannot open '%s'", path);
  char *buf = NULL;
  size_t n = 0, cap = 0;
  for (;;) {
    if (n + 65536 > cap) {
      cap = cap ? cap * 2 : 65536 * 2;
      buf = realloc(buf, cap + 1);
      if (!buf)
        opts_die("out of memory");
    }
    size_t got = fread(buf + n, 1, 65536, f);
    n += got;
    if (got == 0)
      break;
    if (n > (size_t)MAX_PROGRAM_BYTES)
      opts_die("option -p/--program: '%s' is larger than %ld bytes", path, MAX_PROGRAM_BYTES);
  }
  bool bad = ferror(f);
  fclose(f);
  if (bad)
    opts_die("option -p/--program: cannot read '%s' (a directory?)", path);
  buf[n] = 0;
  if (memchr(buf, 0, n))
    opts_die("option -p/--program: '%s' holds a NUL byte", path);
  /* Python reads the file as UTF-8 */
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)buf[i];
    int more = c < 0x80             ? 0
               : (c & 0xE0) == 0xC0 ? 1
               : (c & 0xF0) == 0xE0 ? 2
               : (c & 0xF8) == 0xF0 ? 3
                                    : -1;
    if (more < 0 || (more == 1 && c < 0xC2) ||
        (c == 0xF4 && i + 1 < n && (unsigned char)buf[i + 1] > 0x8F) || c > 0xF4)
      opts_die("option -p/--program: '%s' is not UTF-8 text", path);
    for (int k = 1; k <= more; k++)
      if (i + (size_t)k >= n || ((unsigned char)buf[i + k] & 0xC0) != 0x80)
        opts_die("option -p/--program: '%s' is not UTF-8 text", path);
    i += (size_t)more + 1;
  }
  *len = n;
  return buf;
}

/* The -M entries as the original reads them when it prints the headers. */
static void parse_memtrace(x86_machine *m, const char *text) {
  if (!text[0])
    return;
  pystr_list l = py_split(text, ",", -1);
  m->memtrace = calloc((size_t)l.count, sizeof *m->memtrace);
  if (!m->memtrace)
    opts_die("out of memory");
  m->nmemtrace = l.count;
  for (int i = 0; i < l.count; i++) {
    x86_memtrace *t = &m->memtrace[i];
    t->text = l.items[i]; /* kept for the run */
    if (!t->text[0])
      t->kind = MT_EMPTY;
    else if (t->text[0] >= '0' && t->text[0] <= '9') {
      pynum_status st = pyint_parse(t->text, PYINT_PLAIN, &t->addr);
      t->kind = st == PYNUM_OK ? MT_ADDR : st == PYNUM_RANGE ? MT_HUGE : MT_BADINT;
    } else {
      t->kind = MT_UNDECLARED;
      for (int v = 0; v < m->prog.nvars; v++)
        if (strcmp(m->prog.vars[v].name, t->text) == 0) {
          t->kind = MT_VAR;
          t->addr = m->prog.vars[v].addr;
        }
    }
  }
  free(l.items);
}

static void json_symbols(json_writer *w, const char *key, const x86_symbol *s, int n) {
  json_key(w, key);
  json_array_begin(w);
  for (int i = 0; i < n; i++) {
    json_object_begin_compact(w);
    json_kv_string(w, "name", s[i].name);
    json_kv_int(w, "address", s[i].addr);
    json_object_end(w);
  }
  json_array_end(w);
}

static void json_value(json_writer *w, const x86_machine *m, xval v) {
  if (v.s)
    json_string(w, m->strs.items[v.s].text);
  else
    json_int(w, v.n);
}

static void json_registers(json_writer *w, const x86_machine *m, const xval *regs) {
  json_object_begin_compact(w);
  for (int r = 0; r < m->prog.nregs; r++) {
    json_key(w, x86_regname(m, r));
    json_value(w, m, regs[r]);
  }
  json_object_end(w);
}

static void json_problem(json_writer *w, x86_machine *m) {
  json_kv_string(w, "isa", m->isa == ISA_RISCV ? "riscv" : "x86");
  json_kv_string(w, "dialect",
                 m->isa == ISA_RISCV       ? "riscv"
                 : m->dialect == X86_LOCKS ? "threads-locks"
                                           : "threads-intro");
  json_kv_int(w, "load_address", m->prog.load_addr);
  json_symbols(w, "variables", m->prog.vars, m->prog.nvars);
  json_symbols(w, "labels", m->prog.labels, m->prog.nlabels);
  json_key(w, "code");
  json_array_begin(w);
  for (int i = 0; i < m->prog.ncode; i++) {
    json_object_begin_compact(w);
    json_kv_int(w, "address", m->prog.load_addr + i * m->prog.pc_step);
    json_kv_string(w, "instruction", m->prog.text[i]);
    json_object_end(w);
  }
  json_array_end(w);
  json_key(w, "threads");
  json_array_begin(w);
  for (int t = 0; t < m->nthreads; t++) {
    json_object_begin_compact(w);
    json_kv_int(w, "thread", t);
    json_kv_int(w, "stack", m->threads[t].stack);
    json_key(w, "registers");
    json_registers(w, m, m->threads[t].regs);
    json_object_end(w);
  }
  json_array_end(w);
  json_key(w, "schedule");
  json_array_begin_compact(w);
  for (int i = 0; i < m->nsched; i++)
    json_int(w, m->sched[i]);
  json_array_end(w);
  json_kv_bool(w, "manual_schedule", m->manual);
  json_key(w, "traced_memory");
  json_array_begin_compact(w);
  for (int i = 0; i < m->nmemtrace; i++) {
    json_object_begin_compact(w);
    json_kv_string(w, "name", m->memtrace[i].text);
    json_kv_int(w, "address", m->memtrace[i].addr);
    json_object_end(w);
  }
  json_array_end(w);
  json_key(w, "traced_registers");
  json_array_begin_compact(w);
  for (int i = 0; i < m->nregtrace; i++)
    json_string(w, x86_regname(m, m->regtrace[i]));
  json_array_end(w);
}

static int cmp_ll(const void *a, const void *b) {
  long long x = *(const long long *)a, y = *(const long long *)b;
  return (x > y) - (x < y);
}

static void json_result(json_writer *w, x86_machine *m) {
  json_array_end(w); /* the trace */
  json_kv_int(w, "instructions", m->icount);
  json_key(w, "final_threads");
  json_array_begin(w);
  for (int t = 0; t < m->nthreads; t++) {
    json_object_begin_compact(w);
    json_kv_int(w, "thread", t);
    json_key(w, "pc");
    json_value(w, m, m->threads[t].pc);
    json_key(w, "registers");
    json_registers(w, m, m->threads[t].regs);
    json_object_end(w);
  }
  json_array_end(w);
  /* the data words that are not 0, by address (code excluded) */
  long long *addrs = malloc((m->mem.count + 1) * sizeof *addrs);
  size_t n = 0;
  if (!addrs)
    opts_die("out of memory");
  for (size_t i = 0; i < m->mem.cap; i++) {
    if (!m->mem.used[i])
      continue;
    long long a = m->mem.keys[i], off = a - m->prog.load_addr;
    bool code = m->isa == ISA_X86 && off >= 0 && off < m->prog.ncode &&
                m->mem.vals[i].s == m->prog.eval_string[off];
    if (!code && (m->mem.vals[i].s || m->mem.vals[i].n))
      addrs[n++] = a;
  }
  qsort(addrs, n, sizeof *addrs, cmp_ll);
  json_key(w, "final_memory");
  json_array_begin(w);
  for (size_t i = 0; i < n; i++) {
    xval v;
    xmem_read(m, addrs[i], &v);
    json_object_begin_compact(w);
    json_kv_int(w, "address", addrs[i]);
    json_key(w, "value");
    json_value(w, m, v);
    json_object_end(w);
  }
  json_array_end(w);
  free(addrs);
}

static double cpu_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  static char out_buffer[1 << 16];
  setvbuf(stdout, out_buffer, _IOFBF, sizeof out_buffer);
  static char default_seed[] = "0";
  options o = {.seed = default_seed,
               .threads = 2,
               .interrupt = 50,
               .loadaddr = 1000,
               .memsize = 128,
               .headercount = -1,
               .max_steps = 1000000,
               .program = "",
               .procsched = "",
               .argv = "",
               .memtrace = "",
               .regtrace = "",
               .isa = "x86"};
  const opt_spec locks_specs[] = {
      {'s', "seed", OPT_BIGINT, &o.seed, NULL, "the random seed"},
      {'t', "threads", OPT_INT, &o.threads, NULL, "number of threads"},
      {'p', "program", OPT_STRING, &o.program, "PROGFILE", "source program (in .s)"},
      {'i', "interrupt", OPT_INT, &o.interrupt, "INTFREQ", "interrupt frequency"},
      {'P', "procsched", OPT_STRING, &o.procsched, NULL, "control exactly which thread runs when"},
      {'r', "randints", OPT_FLAG, &o.randints, NULL, "if interrupts are random"},
      {'a', "argv", OPT_STRING, &o.argv, NULL,
       "comma-separated per-thread args (e.g., ax=1,ax=2 sets thread 0 ax reg to 1 and "
       "thread 1 ax reg to 2); specify multiple regs per thread via colon-separated list "
       "(e.g., ax=1:bx=2,cx=3 sets thread 0 ax and bx and just cx for thread 1)"},
      {'L', "loadaddr", OPT_INT, &o.loadaddr, NULL, "address where to load code"},
      {'m', "memsize", OPT_INT, &o.memsize, NULL, "size of address space (KB)"},
      {'M', "memtrace", OPT_STRING, &o.memtrace, NULL,
       "comma-separated list of addrs to trace (e.g., 20000,20001)"},
      {'R', "regtrace", OPT_STRING, &o.regtrace, NULL,
       "comma-separated list of regs to trace (e.g., ax,bx,cx,dx)"},
      {'C', "cctrace", OPT_FLAG, &o.cctrace, NULL, "should we trace condition codes"},
      {'S', "printstats", OPT_FLAG, &o.printstats, NULL, "print some extra stats"},
      {'v', "verbose", OPT_FLAG, &o.verbose, NULL, "print some extra info"},
      {'H', "headercount", OPT_INT, &o.headercount, NULL, "how often to print a row header"},
      {'c', "compute", OPT_FLAG, &o.compute, NULL, "compute answers for me"},
      {0, "json", OPT_FLAG, &o.json, NULL,
       "print the program and the whole run as one JSON "
       "document"},
      {0, "isa", OPT_STRING, &o.isa, NULL, "x86 (default) or riscv: the instruction set"},
      {0, "max-steps", OPT_INT, &o.max_steps, NULL,
       "stop with an error after this many instructions (default 1000000)"},
      {0, "switch-breaks-lr", OPT_FLAG, &o.switch_breaks_lr, NULL,
       "riscv: a thread switch also breaks the switched-out thread's lr.w reservation"},
  };
  opt_spec specs[sizeof locks_specs / sizeof locks_specs[0]];
  int nspecs = 0;
  for (size_t i = 0; i < sizeof locks_specs / sizeof locks_specs[0]; i++)
    if (DIALECT == X86_LOCKS ||
        (locks_specs[i].short_name != 'P' && locks_specs[i].short_name != 'H'))
      specs[nspecs++] = locks_specs[i];
  opts_result parsed = opts_parse(argc, argv, specs, nspecs);
  free(parsed.positional);

  x86_isa isa;
  if (strcmp(o.isa, "x86") == 0)
    isa = ISA_X86;
  else if (strcmp(o.isa, "riscv") == 0)
    isa = ISA_RISCV;
  else
    opts_die("option --isa: x86 or riscv, not %s", opts_repr(o.isa));
  if (isa == ISA_RISCV && o.cctrace)
    opts_die("option -C/--cctrace: RISC-V has no condition codes");
  if (o.switch_breaks_lr && isa != ISA_RISCV)
    opts_die("option --switch-breaks-lr: only with --isa riscv");
  if (o.threads > MAX_THREADS)
    opts_die("option -t/--threads: at most %d threads, not %lld", MAX_THREADS, o.threads);
  if (o.max_steps < 0)
    opts_die("option --max-steps: must be 0 or more, not %lld", o.max_steps);

  x86_machine *m = &machine;
  x86_init(m, DIALECT, isa, o.memsize);
  m->compute = o.compute || o.json;
  m->cctrace = o.cctrace;
  m->printstats = o.printstats && !o.json;
  m->verbose = o.verbose && !o.json;
  m->headercount = o.headercount;
  m->max_steps = o.max_steps;
  m->sc_switch = o.switch_breaks_lr;
  pyrandom rng;
  m->rng = &rng;
  if (!o.json) {
    print_args(&o);
    m->outf = stdout;
  }
  if (pyrandom_seed_str(&rng, o.seed) != 0)
    opts_die("option -s/--seed: invalid integer value: '%s'", o.seed);
  if (!(o.interrupt > 0))
    zassert_fail(m, o.json, "Interrupt frequency must be greater than 0");
  m->intfreq = o.interrupt;
  m->intrand = o.randints;
  if (!o.program[0])
    zassert_fail(m, o.json, "Program file must be specified");
  pystr_list args = py_split(o.argv, ",", -1);
  if (args.count != o.threads && args.count != 1)
    zassert_fail(m, o.json,
                 "argv: must be one per-thread or just one set of values for all threads");

  /* -R, checked when the original builds its cpu */
  if (o.regtrace[0]) {
    pystr_list regs = py_split(o.regtrace, ",", -1);
    m->regtrace = calloc((size_t)regs.count, sizeof *m->regtrace);
    if (!m->regtrace)
      opts_die("out of memory");
    for (int i = 0; i < regs.count; i++) {
      int r = x86_regnum(m, regs.items[i]);
      if (r < 0) {
        char *msg =
            py_format("Register %s cannot be traced because it does not exist", regs.items[i]);
        zassert_fail(m, o.json, msg);
      }
      m->regtrace[m->nregtrace++] = r;
    }
    pystr_list_free(&regs);
  }

  size_t len;
  char *src = read_program(o.program, &len);
  bool ok =
      isa == ISA_RISCV ? riscv_load(m, src, len, o.loadaddr) : x86_load(m, src, len, o.loadaddr);
  free(src);
  if (!ok)
    stop(m, o.json);
  parse_memtrace(m, o.memtrace);
  if (!x86_make_threads(m, o.threads < 0 ? 0 : (int)o.threads, o.memsize, args.items, args.count))
    stop(m, o.json);
  pystr_list_free(&args);
  if (!x86_schedule(m, DIALECT == X86_LOCKS ? o.procsched : ""))
    stop(m, o.json);

  json_writer *w = NULL;
  FILE *spool = NULL;
  if (o.json) {
    for (int i = 0; i < m->nmemtrace; i++) {
      const x86_memtrace *t = &m->memtrace[i];
      if (t->kind == MT_UNDECLARED)
        opts_die("Traced variable %s not declared", t->text);
      if (t->kind != MT_ADDR && t->kind != MT_VAR)
        opts_die("option -M/--memtrace: '%s' is not an address or a variable", t->text);
    }
    spool = spool_open();
    w = malloc(sizeof *w);
    if (!w)
      opts_die("out of memory");
    json_init(w, spool);
    json_document_begin(w, PROGRAM, NULL, NULL);
    json_problem(w, m);
    m->json = w;
  }
  double t1 = cpu_seconds();
  if (!x86_run(m))
    stop(m, o.json);
  double t2 = cpu_seconds();
  if (o.json) {
    json_result(w, m);
    json_object_end(w);
    json_finish(w);
    free(w);
    spool_finish(spool);
  } else {
    lb_flush(&m->out, stdout);
    if (o.printstats) {
      double dt = t2 - t1 > 1e-9 ? t2 - t1 : 1e-9;
      printf("\nSTATS:: Instructions    %lld\n", m->icount);
      printf("STATS:: Emulation Rate  %.2f kinst/sec\n", (double)m->icount / dt / 1000.0);
    }
  }
  for (int i = 0; i < m->nmemtrace; i++)
    free((char *)m->memtrace[i].text);
  free(m->memtrace);
  free(m->regtrace);
  x86_free(m);
  if (o.seed != default_seed)
    free(o.seed);
  return 0;
}
