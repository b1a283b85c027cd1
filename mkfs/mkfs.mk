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
	@pass=0; fail=0; \
	for t in $(MKFS_TEST_BINS); do \
	  out=$$(MKFS=mkfs/mkfs $$t 2>&1); rc=$$?; echo "$$out"; \
	  n=$$(echo "$$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p'); \
	  m=$$(echo "$$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p'); \
	  pass=$$((pass + $${n:-0})); fail=$$((fail + $${m:-0})); \
	  if [ $$rc -ne 0 ] && [ -z "$$m" ]; then fail=$$((fail + 1)); fi; \
	done; \
	echo "$$pass passed, $$fail failed"; [ $$fail -eq 0 ]

clean: clean-mkfs
clean-mkfs:
	rm -rf mkfs/tests/bin
