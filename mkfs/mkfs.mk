# mkfs: the host tool that builds fs.img, and its unit tests (suite mkfs-unit).
# Included by the top-level Makefile; paths are relative to the repository root.

MKFS_TEST_SRC := $(wildcard mkfs/tests/test_*.c)
MKFS_TEST_BINS := $(patsubst mkfs/tests/%.c,mkfs/tests/bin/%,$(MKFS_TEST_SRC))

mkfs/mkfs: mkfs/mkfs.c mkfs/layout.c mkfs/layout.h kernel/fs.h kernel/types.h kernel/param.h kernel/stat.h
	$(HOSTCC) $(HOSTCFLAGS) -o $@ mkfs/mkfs.c mkfs/layout.c

mkfs/tests/bin/%: mkfs/tests/%.c mkfs/layout.c mkfs/layout.h kernel/fs.h mkfs/mkfs
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOSTCFLAGS) -o $@ $< mkfs/layout.c -lcmocka

TEST_SUITES += mkfs-unit
.PHONY: test-mkfs-unit clean-mkfs
# Each test binary prints cmocka's report; the last line sums them all.
test-mkfs-unit: $(MKFS_TEST_BINS)
	@tools/cmocka-summary --env MKFS=mkfs/mkfs $(MKFS_TEST_BINS)

clean: clean-mkfs
clean-mkfs:
	rm -rf mkfs/tests/bin
