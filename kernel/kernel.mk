# Kernel build (included by the top-level Makefile, which defines K, CC, CFLAGS, ...).
# Every kernel/*.c and kernel/*.S is part of the kernel, except initcode.S: that is the first
# user program, assembled on its own and linked in as data by initblob.S.

KERNEL_CFLAGS = $(CFLAGS) -DKERNEL_BUILD
# The kernel image is one RWX load segment on purpose (paging sets the real permissions).
KERNEL_LDFLAGS = $(LDFLAGS) $(shell $(LD) --help 2>/dev/null | grep -q no-warn-rwx-segments && echo --no-warn-rwx-segments)

KERNEL_SRCS := $(wildcard $K/*.c) $(filter-out $K/initcode.S,$(wildcard $K/*.S))
KERNEL_OBJS := $(patsubst %.c,%.o,$(patsubst %.S,%.o,$(KERNEL_SRCS)))

$K/%.o: $K/%.c
	$(CC) $(KERNEL_CFLAGS) -c -o $@ $<

$K/%.o: $K/%.S
	$(CC) $(KERNEL_CFLAGS) -c -o $@ $<

$K/kernel: $(KERNEL_OBJS) $K/kernel.ld
	$(LD) $(KERNEL_LDFLAGS) -T $K/kernel.ld -o $@ $(KERNEL_OBJS)
	$(OBJDUMP) -S $@ > $K/kernel.asm
	$(OBJDUMP) -t $@ | sed '1,/SYMBOL TABLE/d; s/ .* / /; /^$$/d' > $K/kernel.sym

# The first user program runs at virtual address 0 of the first process. Its intermediate
# files live under build/ (ignored by git, removed by make clean).
INITCODE_DIR := build/kernel
$(INITCODE_DIR)/initcode.bin: $K/initcode.S $K/syscall.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -nostdinc -c -o $(INITCODE_DIR)/initcode.o $K/initcode.S
	$(LD) $(LDFLAGS) -e start -Ttext 0 -o $(INITCODE_DIR)/initcode.out $(INITCODE_DIR)/initcode.o
	$(OBJCOPY) -S -O binary $(INITCODE_DIR)/initcode.out $@

$K/initblob.o: $(INITCODE_DIR)/initcode.bin

-include $K/*.d

# ---------------------------------------------------------------------------------------------
# Host unit tests: kernel/tests/test_X.c tests the pure file kernel/X.c, both compiled for
# the host with -DHOST_TEST and linked with cmocka. The suite prints the summed counts.

KERNEL_TEST_DIR := build/kernel-tests
KERNEL_TESTS := $(patsubst $K/tests/%.c,$(KERNEL_TEST_DIR)/%,$(wildcard $K/tests/test_*.c))

$(KERNEL_TEST_DIR)/test_%: $K/tests/test_%.c $K/%.c
	@mkdir -p $(@D)
	$(HOSTCC) $(HOSTCFLAGS) -DHOST_TEST -o $@ $^ -lcmocka

TEST_SUITES += kernel-unit
.PHONY: test-kernel-unit
test-kernel-unit:
	@pass=0; fail=0; \
	for t in $(KERNEL_TESTS); do \
	  if ! $(MAKE) --no-print-directory -s $$t; then \
	    echo "$$t: build failed"; fail=$$((fail + 1)); continue; \
	  fi; \
	  out=$$($$t 2>&1); rc=$$?; \
	  echo "$$out"; \
	  p=$$(echo "$$out" | sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test.*/\1/p' | tail -n 1); \
	  f=$$(echo "$$out" | sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test.*/\1/p' | tail -n 1); \
	  p=$${p:-0}; f=$${f:-0}; \
	  if [ $$rc -ne 0 ] && [ $$f -eq 0 ]; then f=1; fi; \
	  pass=$$((pass + p)); fail=$$((fail + f)); \
	done; \
	echo "$$pass passed, $$fail failed"; \
	[ $$fail -eq 0 ]
