# User library and programs, the file-system image, and the user-compat suite.
# Included by the top-level Makefile; paths are relative to the repository root.

# User code uses no floating-point registers: the kernel does not enable the FPU for user mode nor
# save its registers, so a double is computed in software (libgcc) instead. Where the compiler has
# no soft-float libgcc (riscv64-linux-gnu-), user code keeps the hardware ABI and a double faults.
# The probe's answer is kept in build/user-arch, for this compiler and -march.
USER_ARCH := $(shell mkdir -p build; key="$(CC) $(MARCH)"; \
	if [ -f build/user-arch ] && [ "$$(head -n 1 build/user-arch)" = "$$key" ]; then \
	  tail -n +2 build/user-arch; exit 0; fi; \
	m=$$(echo "$(MARCH)" | sed 's/rv64gc/rv64imac/'); r=; \
	printf 'double f(long a){return a/3.0;}' | $(CC) $$m -mabi=lp64 -ffreestanding -x c -c \
	  -o build/softfloat-probe.o - >/dev/null 2>&1 && \
	$(LD) -e f -o /dev/null build/softfloat-probe.o \
	  $$($(CC) -march=rv64imac -mabi=lp64 -print-libgcc-file-name) >/dev/null 2>&1 && \
	  r="$$m -mabi=lp64"; \
	rm -f build/softfloat-probe.o; printf '%s\n%s\n' "$$key" "$$r" > build/user-arch; echo "$$r")
# (The multilib is chosen by the plain ISA name: with _zicsr_zifencei gcc falls back to the default.)
USER_LIBGCC := $(shell $(CC) $(if $(USER_ARCH),-march=rv64imac -mabi=lp64) -print-libgcc-file-name)

# The POSIX world (README, "The C library for POSIX programs"): headers in user/include, on the
# path of every user program, and their library user/libc, an archive, so that a program links
# only the parts it calls. Only the compiler's own freestanding headers are searched besides.
GCC_INCLUDE := $(shell $(CC) -print-file-name=include)
USER_INCLUDE = -nostdinc -isystem $(GCC_INCLUDE) -isystem $(GCC_INCLUDE)-fixed -I$U/include
LIBC_OBJS = $U/libc/stdio.o $U/libc/stdlib.o $U/libc/string.o $U/libc/unistd.o $U/libc/pthread.o
$U/libc/libc.a: $(LIBC_OBJS)
	rm -f $@; $(TOOLPREFIX)ar rcs $@ $^

# The thread library is an archive too: a program that defines a reader-writer lock or a
# barrier of its own (OSTEP's homework does) does not link ours. After libc.a, whose pthreads
# use it.
THREAD_OBJS = $U/thread.o $U/thread_rwlock.o $U/thread_barrier.o $U/lockcompat.o
$U/libthread.a: $(THREAD_OBJS)
	rm -f $@; $(TOOLPREFIX)ar rcs $@ $^

# The labs' test programs' shared main (user/testing.h), an archive so that only they link it.
$U/libtesting.a: $U/testing.o
	rm -f $@; $(TOOLPREFIX)ar rcs $@ $^

ULIB = $U/ulib.o $U/usys.o $U/printf.o $U/umalloc.o $U/libc/libc.a $U/libthread.a $U/libtesting.a \
	$(USER_LIBGCC)

# User programs are compiled without optimisation, so that gdb sees every variable
# (labs/README.md, "Debugging with gdb"); the kernel stays -O2. The objects depend on a file
# holding the flags, rewritten only when they change, so that other flags (make
# USER_CFLAGS=...) rebuild them.
USER_CFLAGS = $(filter-out -O%,$(CFLAGS)) -O0 $(USER_ARCH) $(USER_INCLUDE)
USER_FLAGS := build/user-cflags
$(shell mkdir -p build && { echo "$(USER_CFLAGS)" | cmp -s - $(USER_FLAGS) || echo "$(USER_CFLAGS)" > $(USER_FLAGS); })

UPROGS = \
	$U/_cat $U/_echo $U/_grep $U/_init $U/_kill $U/_ln $U/_ls $U/_mkdir \
	$U/_rm $U/_sh $U/_wc $U/_stats $U/_nop $U/_usertests $U/_bench $U/_xv6compat \
	$U/_observe $U/_vmstat $U/_tlbtest $U/_lockstat $U/_libctest $U/_cowtest $U/_pgtbltest \
	$U/_crashwl $U/_forphan $U/_dorphan $U/_mmaptest $U/_threadtest $U/_synctest \
	$U/_locktest
# The fs lab's tests, built in every handout.
UPROGS += $U/_bigfile $U/_symlinktest
# The swap lab's tests, built in every handout.
UPROGS += $U/_swaptest $U/_demandtest

# Programs the labs add (labs/<lab>/README.md); each handout leaves out the other labs' ones.
# BEGIN LAB util
UPROGS += $U/_sleep $U/_pingpong $U/_primes $U/_find $U/_xargs
# END LAB util
# BEGIN LAB syscall
UPROGS += $U/_trace $U/_sysinfotest
# END LAB syscall
# BEGIN LAB sched
UPROGS += $U/_setsched $U/_schedtest
# END LAB sched

$U/usys.S: $U/usys.pl
	perl $U/usys.pl > $@

$U/usys.o: $U/usys.S kernel/syscall.h $(USER_FLAGS)
	$(CC) $(CFLAGS) $(USER_ARCH) -c -o $@ $<

$U/%.o: $U/%.c $(USER_FLAGS)
	$(CC) $(USER_CFLAGS) -c -o $@ $<

$U/_%: $U/%.o $(ULIB) $U/user.ld
	$(LD) $(LDFLAGS) -T $U/user.ld -o $@ $< $(ULIB)

# usertests is split over several files.
USERTESTS_OBJS = $U/usertests.o $U/usertests_mem.o $U/usertests_proc.o $U/usertests_fs.o \
	$U/usertests_fs2.o $U/usertests_threads.o
$U/_usertests: $(USERTESTS_OBJS) $(ULIB) $U/user.ld
	$(LD) $(LDFLAGS) -T $U/user.ld -o $@ $(USERTESTS_OBJS) $(ULIB)

.PRECIOUS: $U/%.o

# The C library for POSIX programs, tested by libctest in the kernel (libc), and its printf
# against the host's glibc (libc-host): compiled for the host, its symbols renamed my_*.
TEST_SUITES += libc libc-host
.PHONY: test-libc test-libc-host
test-libc: $K/kernel fs.img
	@kernel/tests/usertests.py 1 --program libctest
LIBC_HOST := build/libc-host
test-libc-host: $U/libc/stdio.c $U/libc/string.c $U/tests/libc/printf_vs_glibc.c
	@mkdir -p $(LIBC_HOST)
	@for f in stdio string; do \
	  $(HOSTCC) -std=gnu11 -O1 -Wall -Werror -ffreestanding -fno-builtin -fno-stack-protector \
	    -nostdinc -isystem $$($(HOSTCC) -print-file-name=include) -I. -I$U/include \
	    -c -o $(LIBC_HOST)/$$f.o $U/libc/$$f.c || exit 1; \
	done
	@$(HOSTCC) -r -nostdlib -o $(LIBC_HOST)/libc.o $(LIBC_HOST)/stdio.o $(LIBC_HOST)/string.o \
	  $$($(HOSTCC) -print-libgcc-file-name)
	@objcopy --prefix-symbols=my_ $(LIBC_HOST)/libc.o $(LIBC_HOST)/libc-my.o
	@$(HOSTCC) $(HOSTCFLAGS) -o $(LIBC_HOST)/printf_vs_glibc $U/tests/libc/printf_vs_glibc.c \
	  $(LIBC_HOST)/libc-my.o
	@$(LIBC_HOST)/printf_vs_glibc

# The image gets copies without debug information (user/_* keep it for gdb),
# so that the disk has room to spare for tests and bench. README is there too, under xv6's
# name, because xv6's own usertests opens it.
# `make FSSIZE=200000 ...` makes a bigger image (FSSIZE blocks; kernel/param.h's by default),
# as the fs lab's largest file needs; mkfs leaves its unused blocks as holes. The size asked
# for is kept in a file rewritten only when it changes, so that changing it remakes the image.
FS_SIZE_FILE := build/fssize
$(shell mkdir -p build && { echo "$(FSSIZE)" | cmp -s - $(FS_SIZE_FILE) || echo "$(FSSIZE)" > $(FS_SIZE_FILE); })
fs.img: mkfs/mkfs README.md $(UPROGS) $(FS_SIZE_FILE)
	@mkdir -p build/fsroot
	@for p in $(UPROGS); do $(OBJCOPY) --strip-debug $$p build/fsroot/$$(basename $$p) || exit 1; done
	@cp README.md build/fsroot/README
	mkfs/mkfs $(if $(FSSIZE),-s $(FSSIZE)) fs.img README.md build/fsroot/README \
	  $(addprefix build/fsroot/,$(notdir $(UPROGS)))

-include $U/*.d $U/libc/*.d

# user-compat: programs written in xv6's style must compile and link unmodified
# against our headers and library, and each POSIX header compiles on its own. Each program and
# header counts as one test.
COMPAT_SRC := $(wildcard $U/tests/compat/*.c)
POSIX_HEADERS := $(patsubst $U/include/%,%,$(wildcard $U/include/*.h $U/include/sys/*.h))
TEST_SUITES += user-compat
.PHONY: test-user-compat
test-user-compat: $(ULIB) $U/user.ld
	@mkdir -p build/compat; pass=0; fail=0; \
	for src in $(COMPAT_SRC); do \
	  name=$$(basename $$src .c); \
	  if $(CC) $(CFLAGS) $(USER_ARCH) $(USER_INCLUDE) -c -o build/compat/$$name.o $$src && \
	     $(LD) $(LDFLAGS) -T $U/user.ld -o build/compat/_$$name build/compat/$$name.o $(ULIB); then \
	    echo "compat $$name: OK"; pass=$$((pass + 1)); \
	  else \
	    echo "compat $$name: FAILED"; fail=$$((fail + 1)); \
	  fi; \
	done; \
	for h in $(POSIX_HEADERS); do \
	  if printf '#include <%s>\n' $$h | $(CC) $(CFLAGS) $(USER_ARCH) $(USER_INCLUDE) -x c \
	       -fsyntax-only -; then \
	    echo "compat <$$h> alone: OK"; pass=$$((pass + 1)); \
	  else \
	    echo "compat <$$h> alone: FAILED"; fail=$$((fail + 1)); \
	  fi; \
	done; \
	echo "$$pass passed, $$fail failed"; [ $$fail -eq 0 ]
