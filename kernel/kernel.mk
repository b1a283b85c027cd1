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
	@build=ok; $(MAKE) --no-print-directory -s -k $(KERNEL_TESTS) || build=failed; \
	tools/cmocka-summary --build $$build $(KERNEL_TESTS)
