# mkfs, the host tool that builds fs.img; fsck, the one that checks an image; and their
# unit tests (suite mkfs-unit). Included by the top-level Makefile; paths are relative to
# the repository root. Both tools share mkfs/layout.c, the one description of the disk
# format on the host, and fsck reads the log header with the kernel's own kernel/fs/logbook.c.

MKFS_TEST_SRC := $(wildcard mkfs/tests/test_*.c)
MKFS_TEST_BINS := $(patsubst mkfs/tests/%.c,mkfs/tests/bin/%,$(MKFS_TEST_SRC))
MKFS_LIB := mkfs/layout.c mkfs/check.c kernel/fs/logbook.c
MKFS_HDRS := mkfs/layout.h mkfs/check.h kernel/fs.h kernel/types.h kernel/param.h kernel/stat.h \
	kernel/fs/logbook.h
# fsck's tests run under AddressSanitizer and UndefinedBehaviorSanitizer: they feed it
# damaged images, and any read out of bounds must fail them.
MKFS_SAN := -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all

all: mkfs/fsck

mkfs/mkfs: mkfs/mkfs.c mkfs/layout.c $(MKFS_HDRS)
	$(HOSTCC) $(HOSTCFLAGS) -o $@ mkfs/mkfs.c mkfs/layout.c

mkfs/fsck: mkfs/fsck.c $(MKFS_LIB) $(MKFS_HDRS)
	$(HOSTCC) $(HOSTCFLAGS) -o $@ mkfs/fsck.c $(MKFS_LIB)

mkfs/tests/bin/test_fsck%: MKFS_TEST_FLAGS = $(MKFS_SAN)
MKFS_TEST_HELPERS := mkfs/tests/sample.c mkfs/tests/scratch.c
mkfs/tests/bin/%: mkfs/tests/%.c $(MKFS_TEST_HELPERS) $(MKFS_TEST_HELPERS:.c=.h) $(MKFS_LIB) \
		$(MKFS_HDRS) mkfs/mkfs mkfs/fsck
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOSTCFLAGS) $(MKFS_TEST_FLAGS) -o $@ $< $(MKFS_TEST_HELPERS) $(MKFS_LIB) -lcmocka

TEST_SUITES += mkfs-unit
.PHONY: test-mkfs-unit clean-mkfs
# Each test binary prints cmocka's report; the last line sums them all.
test-mkfs-unit: $(MKFS_TEST_BINS)
	@tools/cmocka-summary --env MKFS=mkfs/mkfs --env FSCK=mkfs/fsck $(MKFS_TEST_BINS)

clean: clean-mkfs
clean-mkfs:
	rm -rf mkfs/tests/bin mkfs/fsck

# An image the kernel has written is clean (boots QEMU once, about ten seconds).
TEST_SUITES += fsck-kernel
.PHONY: test-fsck-kernel
test-fsck-kernel: $K/kernel fs.img mkfs/fsck
	@mkfs/tests/kernel_image.py

# A file and a directory unlinked while open, then the machine stops: fsck accepts them on the
# orphan list, and the next boot frees them (three boots).
TEST_SUITES += orphans
.PHONY: test-orphans
test-orphans: $K/kernel fs.img mkfs/fsck
	@kernel/tests/orphans.py
