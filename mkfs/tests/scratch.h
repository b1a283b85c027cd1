#ifndef MKFS_TESTS_SCRATCH_H
#define MKFS_TESTS_SCRATCH_H
// A scratch directory for a test program that runs mkfs or fsck: made by scratch_setup,
// removed with everything in it by scratch_teardown (cmocka group setup and teardown).

extern char scratch_dir[]; // the directory
extern char scratch_img[]; // scratch_dir/fs.img, for the image under test
int scratch_setup(void **state);
int scratch_teardown(void **state);
#endif
