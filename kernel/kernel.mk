# Kernel build (included by the top-level Makefile, which defines K, CC, CFLAGS, ...).
# Every .c and .S under kernel/ (its layer folders and main.c) is part of the kernel, except
# initcode.S: that is the first user program, assembled on its own and linked in as data by
# initblob.S. Objects go to build/kernel/, mirroring the folders.

KERNEL_CFLAGS = $(CFLAGS) -DKERNEL_BUILD
# The kernel image is one RWX load segment on purpose (paging sets the real permissions).
KERNEL_LDFLAGS = $(LDFLAGS) $(shell $(LD) --help 2>/dev/null | grep -q no-warn-rwx-segments && echo --no-warn-rwx-segments)

# The layer folders, from kernel/layers (the one place that declares them).
KERNEL_LAYERS := $(shell awk '$$2 ~ /^kernel\/[a-z]+$$/ {sub("kernel/", "", $$2); print $$2}' $K/layers)
KERNEL_SRCS := $(wildcard $K/*.c $(KERNEL_LAYERS:%=$K/%/*.c)) \
	$(filter-out $K/core/initcode.S,$(wildcard $K/*.S $(KERNEL_LAYERS:%=$K/%/*.S)))
KERNEL_OBJ_DIR := build/kernel
KERNEL_OBJS := $(patsubst $K/%,$(KERNEL_OBJ_DIR)/%,$(patsubst %.c,%.o,$(patsubst %.S,%.o,$(KERNEL_SRCS))))

$(KERNEL_OBJ_DIR)/%.o: $K/%.c
	@mkdir -p $(@D)
	$(CC) $(KERNEL_CFLAGS) -c -o $@ $<

$(KERNEL_OBJ_DIR)/%.o: $K/%.S
	@mkdir -p $(@D)
	$(CC) $(KERNEL_CFLAGS) -c -o $@ $<

$K/kernel: $(KERNEL_OBJS) $K/kernel.ld
	$(LD) $(KERNEL_LDFLAGS) -T $K/kernel.ld -o $@ $(KERNEL_OBJS)
	$(OBJDUMP) -S $@ > $K/kernel.asm
	$(OBJDUMP) -t $@ | sed '1,/SYMBOL TABLE/d; s/ .* / /; /^$$/d' > $K/kernel.sym

# The first user program runs at virtual address 0 of the first process. Its intermediate
# files live under build/ (ignored by git, removed by make clean).
INITCODE_DIR := build/kernel
$(INITCODE_DIR)/initcode.bin: $K/core/initcode.S $K/syscall.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -nostdinc -c -o $(INITCODE_DIR)/initcode.o $K/core/initcode.S
	$(LD) $(LDFLAGS) -e start -Ttext 0 -o $(INITCODE_DIR)/initcode.out $(INITCODE_DIR)/initcode.o
	$(OBJCOPY) -S -O binary $(INITCODE_DIR)/initcode.out $@

$(KERNEL_OBJ_DIR)/core/initblob.o: $(INITCODE_DIR)/initcode.bin

-include $(KERNEL_OBJS:.o=.d)

# ---------------------------------------------------------------------------------------------
# Host unit tests: kernel/tests/test_X.c tests the pure file kernel/<layer>/X.c, both compiled for
# the host with -DHOST_TEST and linked with cmocka. The suite prints the summed counts.

KERNEL_TEST_DIR := build/kernel-tests
KERNEL_TESTS := $(patsubst $K/tests/%.c,$(KERNEL_TEST_DIR)/%,$(wildcard $K/tests/test_*.c))

# The file a test is named after, in whichever layer folder holds it.
define kernel_unit_test
$(KERNEL_TEST_DIR)/test_$(1): $K/tests/test_$(1).c $(wildcard $(KERNEL_LAYERS:%=$K/%/$(1).c))
	@mkdir -p $$(@D)
	$$(HOSTCC) $$(HOSTCFLAGS) -DHOST_TEST -o $$@ $$^ -lcmocka
endef
$(foreach t,$(KERNEL_TESTS:$(KERNEL_TEST_DIR)/test_%=%),$(eval $(call kernel_unit_test,$(t))))
# The kernel's memset and memmove replace the C library's in their test: no built-in ones.
$(KERNEL_TEST_DIR)/test_string: HOSTCFLAGS += -fno-builtin

TEST_SUITES += kernel-unit
.PHONY: test-kernel-unit
test-kernel-unit:
	@build=ok; $(MAKE) --no-print-directory -s -k $(KERNEL_TESTS) || build=failed; \
	tools/cmocka-summary --build $$build $(KERNEL_TESTS)

# ---------------------------------------------------------------------------------------------
# Structure: the includes respect kernel/layers, and every kernel header compiles on its own.
TEST_SUITES += layers headers
.PHONY: test-layers test-headers
test-layers:
	@kernel/tests/layers.py
test-headers:
	@mkdir -p build; pass=0; fail=0; \
	for h in $(sort $(wildcard $K/*.h $(KERNEL_LAYERS:%=$K/%/*.h))); do \
	  if echo "#include \"$$h\"" | $(CC) $(KERNEL_CFLAGS) -fsyntax-only -x c - 2>build/header.err; then \
	    pass=$$((pass + 1)); \
	  else \
	    echo "$$h does not compile on its own:"; cat build/header.err; fail=$$((fail + 1)); \
	  fi; \
	done; \
	echo "$$pass passed, $$fail failed"; [ $$fail -eq 0 ]
