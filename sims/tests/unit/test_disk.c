/* disk: the layout of the default disk and the worked examples of the
 * homework ("Hard Disk Drives"): seek, rotation and transfer times, and the
 * order SATF chooses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/disk/bigdec.h"
#include "../../src/disk/disk.h"

static disk_layout layout(long long z0, long long z1, long long z2, int skew) {
  disk_layout l;
  long long zone[3] = {z0, z1, z2};
  int bad = -1;
  assert_int_equal(disk_layout_init(&l, zone, skew, &bad), LAYOUT_OK);
  return l;
}

typedef struct {
  disk_done done[16];
  int count;
  long long clock;
} run_result;

static run_result run(disk_policy policy, const long long *req, size_t n, double seek,
                      double rotate) {
  disk_layout l = layout(30, 30, 30, 0);
  disk_config c = {.policy = policy, .seek_speed = seek, .rotate_speed = rotate, .window = -1};
  disk_sim *s = disk_sim_new(&l, &c, req, n, NULL, 0);
  assert_non_null(s);
  run_result r = {0};
  for (;;) {
    bool finished;
    long long bad;
    assert_int_equal(disk_sim_step(s, &r.done[r.count], &finished, &bad), SIM_OK);
    if (finished)
      break;
    r.count++;
  }
  r.clock = disk_sim_clock(s);
  disk_sim_free(s);
  return r;
}

static void test_default_layout(void **state) {
  (void)state;
  disk_layout l = layout(30, 30, 30, 0);
  assert_int_equal(l.nblocks, 36);
  assert_int_equal(l.count[0], 12);
  assert_int_equal(l.max_block, 24);
  /* The head starts in the middle of block 6; block 0 is half a turn away. */
  assert_int_equal(l.blocks[6].angle, 0);
  assert_int_equal(l.blocks[0].angle, 180);
  /* Block 10 on the outer track lines up with 22 on the middle one. */
  assert_int_equal(l.blocks[10].angle, l.blocks[22].angle);
  assert_int_equal(l.blocks[10].start, 105);
  assert_int_equal(l.blocks[10].end, 135);
}

static void test_skew_and_zones(void **state) {
  (void)state;
  /* A skew of 2 turns the middle track by 2 blocks, the inner one by 4. */
  disk_layout l = layout(30, 30, 30, 2);
  assert_int_equal(l.blocks[12].angle, (180 + 60) % 360);
  assert_int_equal(l.blocks[24].angle, (180 + 120) % 360);
  /* Zones: 10 degrees on the outer track gives 36 blocks there. */
  l = layout(10, 20, 30, 0);
  assert_int_equal(l.count[0], 36);
  assert_int_equal(l.count[1], 18);
  assert_int_equal(l.count[2], 12);
  assert_int_equal(l.max_block, 54);
  /* A zone of 1 leaves no room between blocks; a negative one empties the
   * track (and the outer track must have blocks). */
  disk_layout bad;
  long long z[3] = {30, 1, 30};
  int t;
  assert_int_equal(disk_layout_init(&bad, z, 0, &t), LAYOUT_STEP_ZERO);
  assert_int_equal(t, 1);
  long long z2[3] = {-30, 30, 30};
  assert_int_equal(disk_layout_init(&bad, z2, 0, &t), LAYOUT_OUTER_EMPTY);
}

static void test_one_request(void **state) {
  (void)state;
  /* No seek, 105 units to the start of block 10, 30 to read it. */
  long long req[] = {10};
  run_result r = run(DISK_FIFO, req, 1, 1, 1);
  assert_int_equal(r.count, 1);
  assert_int_equal(r.done[0].seek, 0);
  assert_int_equal(r.done[0].rotate, 105);
  assert_int_equal(r.done[0].transfer, 30);
  assert_int_equal(r.clock, 135);
}

static void test_sequential_and_seek(void **state) {
  (void)state;
  /* Block 11 follows 10 without a rotation. */
  long long seq[] = {10, 11};
  run_result r = run(DISK_FIFO, seq, 2, 1, 1);
  assert_int_equal(r.done[1].rotate, 0);
  assert_int_equal(r.done[1].transfer, 30);
  assert_int_equal(r.clock, 165);
  /* 18 is on the middle track: 40 of seek, then 170 of rotation. */
  long long far[] = {10, 18};
  r = run(DISK_FIFO, far, 2, 1, 1);
  assert_int_equal(r.done[1].seek, 40);
  assert_int_equal(r.done[1].rotate, 170);
  assert_int_equal(r.clock, 375);
}

static void test_satf_order(void **state) {
  (void)state;
  /* 7, 30, 8: SATF reads 7 and 8 before the far 30. */
  long long req[] = {7, 30, 8};
  run_result r = run(DISK_SATF, req, 3, 1, 1);
  assert_int_equal(r.done[0].block, 7);
  assert_int_equal(r.done[1].block, 8);
  assert_int_equal(r.done[2].block, 30);
  assert_int_equal(r.clock, 375);
  /* FIFO goes to the inner track and back. */
  r = run(DISK_FIFO, req, 3, 1, 1);
  assert_int_equal(r.done[1].block, 30);
  assert_true(r.clock > 375);
}

static void test_faster_seek(void **state) {
  (void)state;
  /* Seeking at 2 units per time unit halves the seek. */
  long long req[] = {10, 18};
  run_result r = run(DISK_FIFO, req, 2, 2, 1);
  assert_int_equal(r.done[1].seek, 20);
}

static void test_wrap_loops(void **state) {
  (void)state;
  double x = 725.5;
  assert_true(disk_wrap_down(&x));
  assert_true(x == 5.5);
  x = 720.0;
  assert_true(disk_wrap_down(&x));
  assert_true(x == 360.0);
  /* The last addition rounds, as in Python: -1e-300 + 360 is 360.0. */
  x = -1e-300;
  assert_true(disk_wrap_up(&x));
  assert_true(x == 360.0);
  x = -1e10 - 0.25;
  assert_true(disk_wrap_up(&x));
  assert_true(x == 79.75);
  x = 1e300;
  assert_false(disk_wrap_down(&x));
}

static void test_bigdec(void **state) {
  (void)state;
  assert_int_equal(bigdec_mod("-1", 360), 359);
  assert_int_equal(bigdec_mod("123456789012345678901234567890", 360), 90);
  assert_int_equal(bigdec_clamp("-99999999999999999999999", 1000), -1000);
  char buf[64];
  bigdec_double("-57", buf);
  assert_string_equal(buf, "-114");
  bigdec_double("99", buf);
  assert_string_equal(buf, "198");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_default_layout), cmocka_unit_test(test_skew_and_zones),
      cmocka_unit_test(test_one_request),    cmocka_unit_test(test_sequential_and_seek),
      cmocka_unit_test(test_satf_order),     cmocka_unit_test(test_faster_seek),
      cmocka_unit_test(test_wrap_loops),     cmocka_unit_test(test_bigdec),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
