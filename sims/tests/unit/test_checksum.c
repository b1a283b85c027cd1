/* Unit tests of the checksums and of the original's hex and binary forms:
 * the README's worked example, Fletcher's sensitivity to order, and values
 * outside a byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "checksum.h"

static checksums over(const long long *v, size_t n) {
  checksums c;
  checksum_init(&c);
  for (size_t i = 0; i < n; i++)
    checksum_add(&c, v[i]);
  return c;
}

static void test_readme_example(void **state) {
  (void)state;
  const long long v[] = {1, 2, 3, 4};
  checksums c = over(v, 4);
  assert_int_equal(c.add, 10);
  assert_int_equal(c.xor_all, 4);
  assert_int_equal(c.fletcher_a, 10);
  assert_int_equal(c.fletcher_b, 20); /* 1 + 3 + 6 + 10 */
}

static void test_order_matters_only_to_fletcher(void **state) {
  (void)state;
  const long long a[] = {1, 2, 3, 4}, b[] = {4, 3, 2, 1};
  checksums x = over(a, 4), y = over(b, 4);
  assert_int_equal(x.add, y.add);
  assert_int_equal(x.xor_all, y.xor_all);
  assert_int_equal(x.fletcher_a, y.fletcher_a);
  assert_int_not_equal(x.fletcher_b, y.fletcher_b); /* 20 against 30 */
  assert_int_equal(y.fletcher_b, 30);
}

static void test_modular_sums(void **state) {
  (void)state;
  const long long v[] = {255, 255, 255, 255};
  checksums c = over(v, 4);
  assert_int_equal(c.add, 252); /* 1020 mod 256 */
  assert_int_equal(c.xor_all, 0);
  assert_int_equal(c.fletcher_a, 0); /* 255 is 0 mod 255 */
  assert_int_equal(c.fletcher_b, 0);
  const long long w[] = {-5, 300};
  c = over(w, 2);
  assert_int_equal(c.add, 39); /* floor mod, as Python's % */
  assert_int_equal(c.xor_all, -5 ^ 300);
  assert_int_equal(c.fletcher_a, 40);
  assert_int_equal(c.fletcher_b, (250 + 40) % 255);
}

static void test_hex_form(void **state) {
  (void)state;
  char buf[96];
  checksum_hex(216, buf);
  assert_string_equal(buf, "0xd8");
  checksum_hex(1, buf);
  assert_string_equal(buf, "0x01");
  checksum_hex(300, buf);
  assert_string_equal(buf, "0x12c");
  checksum_hex(-5, buf);
  assert_string_equal(buf, "0x0-5");
  checksum_hex(-300, buf);
  assert_string_equal(buf, "0x0-12c");
}

static void test_bin_form(void **state) {
  (void)state;
  char buf[96];
  checksum_bin(216, buf);
  assert_string_equal(buf, "0b11011000");
  checksum_bin(0, buf);
  assert_string_equal(buf, "0b00000000");
  checksum_bin(256, buf);
  assert_string_equal(buf, "0b100000000");
  checksum_bin(-5, buf);
  assert_string_equal(buf, "0b0000b101");
  checksum_bin(-300, buf);
  assert_string_equal(buf, "0bb100101100");
  checksum_bin(INT64_MIN, buf);
  assert_int_equal(strlen(buf), 2 + 1 + 64);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_readme_example), cmocka_unit_test(test_order_matters_only_to_fletcher),
      cmocka_unit_test(test_modular_sums),   cmocka_unit_test(test_hex_form),
      cmocka_unit_test(test_bin_form),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
