/* pyfmt and pynum against what CPython 3.11 prints and parses. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "linebuf.h"
#include "pyfmt.h"
#include "pynum.h"

static void expect_repr(double x, const char *want) {
  char buf[32];
  assert_string_equal(pyfmt_float(x, buf), want);
}

static void test_float_repr(void **state) {
  (void)state;
  expect_repr(0.1, "0.1");
  expect_repr(2.0, "2.0");
  expect_repr(100.0, "100.0");
  expect_repr(1e16, "1e+16");
  expect_repr(1e15, "1000000000000000.0");
  expect_repr(9999999999999998.0, "9999999999999998.0");
  expect_repr(1e-5, "1e-05");
  expect_repr(1e-4, "0.0001");
  expect_repr(-2.5e-7, "-2.5e-07");
  expect_repr(123456789012345678.0, "1.2345678901234568e+17");
  expect_repr(1.0 / 3, "0.3333333333333333");
  expect_repr(0.3 + 0.6, "0.8999999999999999");
  expect_repr(275.69999999999993, "275.69999999999993");
  expect_repr(12345.678, "12345.678");
  expect_repr(123456789.123, "123456789.123");
  expect_repr(1e22, "1e+22");
  expect_repr(5e-324, "5e-324");
  expect_repr(1.7976931348623157e308, "1.7976931348623157e+308");
  expect_repr(-0.0, "-0.0");
  expect_repr(0.0, "0.0");
  expect_repr(INFINITY, "inf");
  expect_repr(-INFINITY, "-inf");
  expect_repr(NAN, "nan");
}

static void test_pct_d(void **state) {
  (void)state;
  char buf[48];
  assert_string_equal(pyfmt_pct_d(2.7, buf), "2");
  assert_string_equal(pyfmt_pct_d(-2.7, buf), "-2");
  assert_string_equal(pyfmt_pct_d(-0.5, buf), "0");
  assert_string_equal(pyfmt_pct_d(3.0, buf), "3");
  assert_string_equal(pyfmt_pct_d(1e20, buf), "100000000000000000000");
  assert_string_equal(pyfmt_pct_d(1e30, buf), "1000000000000000019884624838656");
  assert_null(pyfmt_pct_d(INFINITY, buf));
  assert_null(pyfmt_pct_d(NAN, buf));
  const char *huge = pyfmt_pct_d(1e300, buf);
  assert_non_null(huge);
  assert_int_equal(strlen(huge), 301);
}

static void expect_int(const char *s, pyint_rules rules, const char *want) {
  char *dec = NULL;
  assert_int_equal(pyint_parse_decimal(s, rules, &dec), PYNUM_OK);
  assert_string_equal(dec, want);
  free(dec);
}

static void expect_bad_int(const char *s, pyint_rules rules) {
  char *dec = NULL;
  assert_int_equal(pyint_parse_decimal(s, rules, &dec), PYNUM_INVALID);
}

static void test_int_plain(void **state) {
  (void)state;
  expect_int("010", PYINT_PLAIN, "10");
  expect_int(" -42 ", PYINT_PLAIN, "-42");
  expect_int("+7", PYINT_PLAIN, "7");
  expect_int("1_000", PYINT_PLAIN, "1000");
  expect_int("-0", PYINT_PLAIN, "0");
  expect_int("123456789012345678901234567890", PYINT_PLAIN, "123456789012345678901234567890");
  expect_bad_int("0x10", PYINT_PLAIN);
  expect_bad_int("", PYINT_PLAIN);
  expect_bad_int("1__0", PYINT_PLAIN);
  expect_bad_int("_1", PYINT_PLAIN);
  expect_bad_int("1_", PYINT_PLAIN);
  expect_bad_int("1.5", PYINT_PLAIN);
  expect_bad_int("- 1", PYINT_PLAIN);
}

static void test_int_optparse(void **state) {
  (void)state;
  expect_int("010", PYINT_OPTPARSE, "8");
  expect_int("0x1f", PYINT_OPTPARSE, "31");
  expect_int("0X_1F", PYINT_OPTPARSE, "31");
  expect_int("0b101", PYINT_OPTPARSE, "5");
  expect_int("0b", PYINT_OPTPARSE, "0");
  expect_int("0", PYINT_OPTPARSE, "0");
  expect_int("0o17", PYINT_OPTPARSE, "15");
  expect_int("-5", PYINT_OPTPARSE, "-5");
  expect_int("18446744073709551616", PYINT_OPTPARSE, "18446744073709551616");
  expect_bad_int("08", PYINT_OPTPARSE);
  expect_bad_int("-0x10", PYINT_OPTPARSE);
  expect_bad_int(" 0x10", PYINT_OPTPARSE);
  expect_bad_int("0b2", PYINT_OPTPARSE);
  expect_bad_int("x", PYINT_OPTPARSE);

  long long v = 0;
  assert_int_equal(pyint_parse("0x7fffffffffffffff", PYINT_OPTPARSE, &v), PYNUM_OK);
  assert_true(v == 0x7fffffffffffffffLL);
  assert_int_equal(pyint_parse("9223372036854775808", PYINT_OPTPARSE, &v), PYNUM_RANGE);
  assert_int_equal(pyint_parse("-9223372036854775808", PYINT_PLAIN, &v), PYNUM_OK);
}

static void expect_float(const char *s, double want) {
  double v = -1;
  assert_int_equal(pyfloat_parse(s, &v), PYNUM_OK);
  if (isnan(want))
    assert_true(isnan(v));
  else
    assert_true(v == want);
}

static void test_float_parse(void **state) {
  (void)state;
  expect_float("2.5", 2.5);
  expect_float(" 1e3 ", 1000.0);
  expect_float("1_0.2_5", 10.25);
  expect_float(".5", 0.5);
  expect_float("5.", 5.0);
  expect_float("-Infinity", -INFINITY);
  expect_float("inf", INFINITY);
  expect_float("nAn", NAN);
  expect_float("1e400", INFINITY);
  expect_float("010", 10.0);
  double v;
  assert_int_equal(pyfloat_parse("0x10", &v), PYNUM_INVALID);
  assert_int_equal(pyfloat_parse("", &v), PYNUM_INVALID);
  assert_int_equal(pyfloat_parse(".", &v), PYNUM_INVALID);
  assert_int_equal(pyfloat_parse("1e", &v), PYNUM_INVALID);
  assert_int_equal(pyfloat_parse("1_", &v), PYNUM_INVALID);
  assert_int_equal(pyfloat_parse("_1", &v), PYNUM_INVALID);
  assert_int_equal(pyfloat_parse("1._5", &v), PYNUM_INVALID);
  assert_int_equal(pyfloat_parse("infinit", &v), PYNUM_INVALID);
  assert_int_equal(pyfloat_parse("nan(1)", &v), PYNUM_INVALID);
}

/* linebuf's shortcuts agree with printf and Python */
static void test_linebuf(void **state) {
  (void)state;
  linebuf b;
  lb_init(&b);
  const double values[] = {0, 1, -1, 2.5, 0.125, 0.375, 1e15, 123456.785, -0.0, 1e20, 7.005};
  for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
    char want[128];
    snprintf(want, sizeof want, "%3.2f|%.2f", values[i], values[i]);
    lb_f2(&b, values[i], 3);
    lb_char(&b, '|');
    lb_f2(&b, values[i], 0);
    lb_char(&b, '\0');
    assert_string_equal(b.text, want);
    lb_clear(&b);
  }
  lb_int(&b, -42, 5);
  lb_int(&b, 7, 0);
  lb_pct_d(&b, -2.7, 3);
  lb_pct_d(&b, 1e30, 0);
  lb_str(&b, " ");
  lb_float(&b, 0.1);
  lb_char(&b, '\0');
  assert_string_equal(b.text, "  -427 -21000000000000000019884624838656 0.1");
  lb_clear(&b);
  for (int i = 0; i < 1000; i++) /* grows past its first allocation */
    lb_str(&b, "0123456789");
  assert_int_equal(b.len, 10000);
  lb_free(&b);
}

static void test_size_parse(void **state) {
  (void)state;
  long long v = -1;
  assert_int_equal(pysize_parse("4k", &v), PYNUM_OK);
  assert_int_equal(v, 4096);
  assert_int_equal(pysize_parse(" 2M", &v), PYNUM_OK);
  assert_int_equal(v, 2 << 20);
  assert_int_equal(pysize_parse("1g", &v), PYNUM_OK);
  assert_int_equal(v, 1 << 30);
  assert_int_equal(pysize_parse("010", &v), PYNUM_OK); /* int(), not optparse: decimal */
  assert_int_equal(v, 10);
  assert_int_equal(pysize_parse("-3k", &v), PYNUM_OK);
  assert_int_equal(v, -3072);
  assert_int_equal(pysize_parse("99999999999999999999k", &v), PYNUM_RANGE);
  assert_true(v == LLONG_MAX); /* saturates, so limit checks still refuse it */
  assert_int_equal(pysize_parse("", &v), PYNUM_INVALID);
  assert_int_equal(pysize_parse("1.5k", &v), PYNUM_INVALID);
  assert_int_equal(pysize_parse("k", &v), PYNUM_INVALID);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_float_repr),  cmocka_unit_test(test_pct_d),
      cmocka_unit_test(test_int_plain),   cmocka_unit_test(test_int_optparse),
      cmocka_unit_test(test_float_parse), cmocka_unit_test(test_linebuf),
      cmocka_unit_test(test_size_parse),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
