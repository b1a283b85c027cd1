// Unit tests for the kernel's memory helpers (kernel/lib/string.c): memset and memmove, which
// copy whole words when they can, against byte-by-byte models, at every alignment and overlap.
// Built with -fno-builtin and without <string.h>: these are the functions under test.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kernel/types.h"
#include "kernel/lib/string.h"

#define AREA 96

static uchar area[AREA] __attribute__((aligned(8)));
static uchar model[AREA];

static void fill_pattern(uchar *a) {
  for (int i = 0; i < AREA; i++)
    a[i] = (uchar)(i * 37 + 11);
}

static void test_memset_every_alignment_and_length(void **state) {
  for (int off = 0; off < 16; off++) {
    for (int n = 0; n <= AREA - off; n++) {
      fill_pattern(area);
      fill_pattern(model);
      for (int i = 0; i < n; i++)
        model[off + i] = 0xa5;
      assert_ptr_equal(memset(area + off, 0x1a5, n), area + off); // only the low byte counts
      assert_memory_equal(area, model, AREA);
    }
  }
}

static void test_memmove_every_overlap(void **state) {
  for (int from = 0; from < 24; from++) {
    for (int to = 0; to < 24; to++) {
      for (int n = 0; n <= AREA - 24; n++) {
        fill_pattern(area);
        fill_pattern(model);
        uchar copy[AREA];
        for (int i = 0; i < n; i++)
          copy[i] = model[from + i];
        for (int i = 0; i < n; i++)
          model[to + i] = copy[i];
        assert_ptr_equal(memmove(area + to, area + from, n), area + to);
        assert_memory_equal(area, model, AREA);
      }
    }
  }
}

static void test_memcpy_between_buffers(void **state) {
  uchar src[40] __attribute__((aligned(8)));
  for (int i = 0; i < 40; i++)
    src[i] = (uchar)(200 - i);
  for (int n = 0; n <= 40; n++) {
    fill_pattern(area);
    fill_pattern(model);
    for (int i = 0; i < n; i++)
      model[8 + i] = src[i];
    memcpy(area + 8, src, n);
    assert_memory_equal(area, model, AREA);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_memset_every_alignment_and_length),
      cmocka_unit_test(test_memmove_every_overlap),
      cmocka_unit_test(test_memcpy_between_buffers),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
