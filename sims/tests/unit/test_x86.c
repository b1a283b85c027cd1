/* x86's machine on the chapters' worked examples: races, locks, both
 * dialects, code read as data, and the RISC-V mode's atomics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pystr.h"
#include "x86.h"

static x86_machine m;
static pyrandom rng;

/* Loads src and makes the threads; args as -a gives them. */
static bool setup_machine(x86_dialect d, x86_isa isa, const char *src, int threads,
                          const char *argv) {
  x86_init(&m, d, isa, 128);
  m.compute = true;
  m.intfreq = 50;
  m.max_steps = 100000;
  pyrandom_seed(&rng, 0);
  m.rng = &rng;
  bool ok = isa == ISA_RISCV ? riscv_load(&m, src, strlen(src), 1000)
                             : x86_load(&m, src, strlen(src), 1000);
  if (!ok)
    return false;
  pystr_list args = py_split(argv, ",", -1);
  ok = x86_make_threads(&m, threads, 128, args.items, args.count) && x86_schedule(&m, "");
  pystr_list_free(&args);
  return ok;
}

static long long word(long long addr) {
  xval v;
  assert_true(xmem_read(&m, addr, &v));
  assert_int_equal(v.s, 0);
  return v.n;
}

static const char race_loop[] = ".main\n"
                                ".top\n"
                                "mov 2000, %ax\n"
                                "add $1, %ax\n"
                                "mov %ax, 2000\n"
                                "sub  $1, %bx\n"
                                "test $0, %bx\n"
                                "jgt .top\n"
                                "halt\n";

static void race_without_interrupts_counts_right(void **state) {
  (void)state;
  assert_true(setup_machine(X86_LOCKS, ISA_X86, race_loop, 2, "bx=3"));
  assert_true(x86_run(&m));
  assert_int_equal(word(2000), 6);
  assert_int_equal(m.icount, 2 * 3 * 6 + 2);
  x86_free(&m);
}

static void race_with_interrupts_loses_updates(void **state) {
  (void)state;
  /* the README's run: both threads load 0 before either stores */
  assert_true(setup_machine(X86_INTRO, ISA_X86, race_loop, 2, "bx=1"));
  m.intfreq = 2;
  assert_true(x86_run(&m));
  assert_int_equal(word(2000), 1);
  x86_free(&m);
}

static const char tas[] = ".var mutex\n.var count\n.main\n.top\n.acquire\n"
                          "mov $1, %ax\nxchg %ax, mutex\ntest $0, %ax\njne .acquire\n"
                          "mov count, %ax\nadd $1, %ax\nmov %ax, count\n"
                          "mov $0, mutex\nsub $1, %bx\ntest $0, %bx\njgt .top\nhalt\n";

static void xchg_lock_keeps_the_count(void **state) {
  (void)state;
  for (long long freq = 1; freq <= 7; freq++) {
    assert_true(setup_machine(X86_LOCKS, ISA_X86, tas, 3, "bx=4"));
    m.intfreq = freq;
    assert_true(x86_run(&m));
    assert_int_equal(word(104), 12);
    assert_int_equal(word(100), 0);
    x86_free(&m);
  }
}

static void manual_schedule_follows_the_digits(void **state) {
  (void)state;
  assert_true(setup_machine(X86_LOCKS, ISA_X86, race_loop, 2, "bx=1"));
  free(m.sched);
  m.sched = NULL;
  m.nsched = 0;
  assert_true(x86_schedule(&m, "0011"));
  assert_true(x86_run(&m));
  /* two instructions each: thread 1 loads before thread 0 stores */
  assert_int_equal(word(2000), 1);
  x86_free(&m);
}

static void trace_rows_match_the_original(void **state) {
  (void)state;
  assert_true(setup_machine(X86_LOCKS, ISA_X86,
                            ".main\nmov 2000, %ax\nadd $1, %ax\n"
                            "mov %ax, 2000\nhalt\n",
                            1, ""));
  static x86_memtrace mt = {"2000", MT_ADDR, 2000};
  static int regs[] = {1};
  m.memtrace = &mt;
  m.nmemtrace = 1;
  m.regtrace = regs;
  m.nregtrace = 1;
  assert_true(x86_run(&m));
  assert_string_equal(lb_text(&m.out), "\n"
                                       " 2000      ax          Thread 0         \n"
                                       "\n"
                                       "    0       0   \n"
                                       "    0       0   1000 mov 2000, %ax\n"
                                       "    0       1   1001 add $1, %ax\n"
                                       "    1       1   1002 mov %ax, 2000\n"
                                       "    1       1   1003 halt\n");
  x86_free(&m);
}

static void intro_pop_copies_the_stack_pointer(void **state) {
  (void)state;
  assert_true(
      setup_machine(X86_INTRO, ISA_X86, ".main\nmov $7, %ax\npush %ax\npop %bx\nhalt\n", 1, ""));
  assert_true(x86_run(&m));
  /* the locks dialect would load 7; the intro one copies %sp (128000 - 4) */
  assert_int_equal(m.regs[2].n, 127996);
  x86_free(&m);
  assert_true(
      setup_machine(X86_LOCKS, ISA_X86, ".main\nmov $7, %ax\npush %ax\npop %bx\nhalt\n", 1, ""));
  assert_true(x86_run(&m));
  assert_int_equal(m.regs[2].n, 7);
  x86_free(&m);
}

static void code_read_as_data_is_its_text(void **state) {
  (void)state;
  assert_true(setup_machine(X86_LOCKS, ISA_X86,
                            ".main\nmov 1000, %ax\nmov %ax, %bx\nadd %bx, %ax\nrdump\nhalt\n", 1,
                            ""));
  assert_true(x86_run(&m));
  linebuf b;
  lb_init(&b);
  x86_value_text(&m, m.regs[1], &b);
  assert_string_equal(lb_text(&b), "self.move_m_to_r(1000, 0, 0, 1, 1)"
                                   "self.move_m_to_r(1000, 0, 0, 1, 1)");
  lb_free(&b);
  x86_free(&m);
}

static void parse_errors_are_the_originals(void **state) {
  (void)state;
  assert_false(setup_machine(X86_LOCKS, ISA_X86, ".main\nmov $1, %gx\n", 1, ""));
  assert_int_equal(m.err.kind, XERR_ABORT);
  assert_string_equal(m.err.msg, "Register gx is not a valid register");
  x86_free(&m);
  assert_false(setup_machine(X86_LOCKS, ISA_X86, ".main\nfrob\n", 1, ""));
  assert_int_equal(m.err.kind, XERR_EXIT1);
  assert_string_equal(m.err.msg, "illegal opcode:  frob");
  x86_free(&m);
  assert_false(setup_machine(X86_INTRO, ISA_X86, ".main\nmov $10, %ax\n", 1, ""));
  assert_int_equal(m.err.kind, XERR_ABORT);
  assert_string_equal(m.err.msg, "correct form is $number (not $10)");
  x86_free(&m);
  assert_false(setup_machine(X86_LOCKS, ISA_X86, ".main\nj .nowhere\n", 1, ""));
  assert_int_equal(m.err.kind, XERR_CRASH);
  x86_free(&m);
}

static void runaway_programs_stop(void **state) {
  (void)state;
  assert_true(setup_machine(X86_LOCKS, ISA_X86, ".main\n.top\nj .top\n", 2, ""));
  m.max_steps = 1000;
  assert_false(x86_run(&m));
  assert_int_equal(m.err.kind, XERR_CRASH);
  assert_int_equal(m.icount, 1000);
  x86_free(&m);
}

static const char rv_lrsc[] = ".var total\n"
                              "main:\n"
                              "    la   a0, total\n"
                              "again:\n"
                              "    lr.w t0, (a0)\n"
                              "    addi t0, t0, 1\n"
                              "    sc.w t1, t0, (a0)\n"
                              "    bne  t1, zero, again\n"
                              "    addi a1, a1, -1\n"
                              "    blt  zero, a1, again\n"
                              "    halt\n";

static void riscv_lrsc_never_loses_an_update(void **state) {
  (void)state;
  for (long long freq = 1; freq <= 6; freq++) {
    assert_true(setup_machine(X86_LOCKS, ISA_RISCV, rv_lrsc, 3, "a1=4"));
    m.intfreq = freq;
    assert_true(x86_run(&m));
    assert_int_equal(word(100), 12);
    x86_free(&m);
  }
  /* when a switch breaks the reservation, a switch between every lr.w and
   * its sc.w starves everyone; longer slices get through */
  assert_true(setup_machine(X86_LOCKS, ISA_RISCV, rv_lrsc, 2, "a1=4"));
  m.intfreq = 1;
  m.sc_switch = true;
  m.max_steps = 5000;
  assert_false(x86_run(&m));
  assert_int_equal(word(100), 0);
  x86_free(&m);
  assert_true(setup_machine(X86_LOCKS, ISA_RISCV, rv_lrsc, 2, "a1=4"));
  m.intfreq = 50;
  m.sc_switch = true;
  assert_true(x86_run(&m));
  assert_int_equal(word(100), 8);
  x86_free(&m);
}

static void riscv_sc_fails_after_another_write(void **state) {
  (void)state;
  /* thread 0: lr, then (after the switch) sc; thread 1 stores in between */
  assert_true(setup_machine(X86_LOCKS, ISA_RISCV,
                            "main:\n li a0, 200\n bne a2, zero, other\n lr.w t0, (a0)\n"
                            " sc.w t1, a2, (a0)\n halt\nother:\n sw a2, 0(a0)\n halt\n",
                            2, "a2=0,a2=5"));
  free(m.sched);
  m.nsched = 0;
  assert_true(x86_schedule(&m, "000111100"));
  assert_true(x86_run(&m));
  assert_int_equal(m.threads[0].regs[6].n, 1); /* t1: the sc failed */
  assert_int_equal(word(200), 5);
  x86_free(&m);
}

static void riscv_ticket_lock_with_amoadd(void **state) {
  (void)state;
  const char src[] = ".var next\n.var serving\n.var total\nmain:\n la a0, next\n la a2, serving\n"
                     " li t0, 1\nagain:\n amoadd.w t1, t0, (a0)\nwait:\n lw t2, 0(a2)\n"
                     " bne t1, t2, wait\n lw t3, total\n addi t3, t3, 1\n sw t3, total\n"
                     " amoadd.w zero, t0, (a2)\n addi a1, a1, -1\n blt zero, a1, again\n halt\n";
  assert_true(setup_machine(X86_LOCKS, ISA_RISCV, src, 3, "a1=3"));
  m.intfreq = 4;
  assert_true(x86_run(&m));
  assert_int_equal(word(108), 9);
  assert_int_equal(word(100), 9);
  assert_int_equal(word(104), 9);
  x86_free(&m);
}

static void python_string_helpers(void **state) {
  (void)state;
  pystr_list l = py_split("a,,b", ",", -1);
  assert_int_equal(l.count, 3);
  assert_string_equal(l.items[1], "");
  pystr_list_free(&l);
  l = py_split("x,y,z", ",", 1);
  assert_int_equal(l.count, 2);
  assert_string_equal(l.items[1], "y,z");
  pystr_list_free(&l);
  char *first, *rest;
  py_split_first("  mdump   5  ", &first, &rest);
  assert_string_equal(first, "mdump");
  assert_string_equal(rest, "5  ");
  free(first);
  free(rest);
  py_split_first("ret   ", &first, &rest);
  assert_null(rest);
  free(first);
  char *r = py_replace("a \tb \t", " \t", "");
  assert_string_equal(r, "ab");
  free(r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(race_without_interrupts_counts_right),
      cmocka_unit_test(race_with_interrupts_loses_updates),
      cmocka_unit_test(xchg_lock_keeps_the_count),
      cmocka_unit_test(manual_schedule_follows_the_digits),
      cmocka_unit_test(trace_rows_match_the_original),
      cmocka_unit_test(intro_pop_copies_the_stack_pointer),
      cmocka_unit_test(code_read_as_data_is_its_text),
      cmocka_unit_test(parse_errors_are_the_originals),
      cmocka_unit_test(runaway_programs_stop),
      cmocka_unit_test(riscv_lrsc_never_loses_an_update),
      cmocka_unit_test(riscv_sc_fails_after_another_write),
      cmocka_unit_test(riscv_ticket_lock_with_amoadd),
      cmocka_unit_test(python_string_helpers),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
