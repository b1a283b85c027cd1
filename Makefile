# The one entry point: make qemu, make test, make bench, make sims, make grade LAB=x, make handout LAB=x.
# Public targets first install what is missing (tools/ensure-deps), then run the real work in a sub-make,
# so the toolchain is looked up only once it is there.

CPUS ?= 3
K := kernel
U := user

# Toolchain: TOOLPREFIX=... wins, else riscv64-unknown-elf-, else riscv64-linux-gnu-.
TOOLPREFIX ?= $(shell for p in riscv64-unknown-elf- riscv64-linux-gnu-; do \
	if command -v $${p}gcc >/dev/null 2>&1; then echo $$p; break; fi; done)
CC = $(TOOLPREFIX)gcc
AS = $(TOOLPREFIX)as
LD = $(TOOLPREFIX)ld
OBJCOPY = $(TOOLPREFIX)objcopy
OBJDUMP = $(TOOLPREFIX)objdump

# The ISA: newer assemblers want zicsr and zifencei named (CSR access, fence.i); older ones
# do not know the names. Probe once for the first -march this compiler and assembler take.
MARCH := $(shell for m in rv64gc_zicsr_zifencei rv64gc; do \
	printf 'void f(void){asm volatile("csrr a0, sstatus; fence.i");}' | \
	$(CC) -march=$$m -x c -c -o /dev/null - >/dev/null 2>&1 && { echo -march=$$m; break; }; done)

CFLAGS = -Wall -Werror -O2 -fno-omit-frame-pointer -ggdb -gdwarf-2 -std=gnu11 $(MARCH)
CFLAGS += -MD -mcmodel=medany -ffreestanding -fno-common -nostdlib -mno-relax
CFLAGS += -fno-builtin-printf -fno-builtin-fprintf -fno-builtin-malloc -fno-builtin-free
CFLAGS += -fno-builtin-memset -fno-builtin-memcpy -fno-builtin-memmove -fno-builtin-strlen
CFLAGS += -fno-stack-protector -fno-pie -no-pie -I.
LDFLAGS = -z max-page-size=4096

# The Python tools and tests import the grading package from the repository root.
export PYTHONPATH := $(CURDIR)$(if $(PYTHONPATH),:$(PYTHONPATH))

# Host tools and host unit tests.
HOSTCC ?= cc
HOSTCFLAGS = -std=c11 -Wall -Werror -O2 -g -D_DEFAULT_SOURCE -I.

# The QEMU command line is grading/qemu.py's (one for make qemu, the tests and the grader).
QEMU_RUN = python3 -m grading.qemu --cpus $(CPUS) --kernel $K/kernel --disk fs.img \
	$(if $(BOOTARGS),--bootargs "$(BOOTARGS)")
# The tools that boot through grading.qemu.Machine read the boot parameters from the environment.
WITH_BOOTARGS = $(if $(BOOTARGS),QEMU_BOOTARGS="$(BOOTARGS)")

TEST_SUITES :=
include $K/kernel.mk
include $U/user.mk
include mkfs/mkfs.mk
include sims/sims.mk
include grading/grading.mk
include homework/homework.mk
include crash/crash.mk

.PHONY: all deps qemu qemu-gdb test bench format test-format _qemu _qemu-gdb _test _bench bench-locks _bench-locks bench-swap clean

all: $K/kernel fs.img swap.img

# The swap disk, beside fs.img, where grading/qemu.py looks for it: sparse, its contents never
# read before the kernel writes them.
swap.img:
	truncate -s 4M swap.img

deps:
	@tools/ensure-deps

qemu: deps
	@$(MAKE) --no-print-directory _qemu
_qemu: $K/kernel fs.img swap.img
	@$(QEMU_RUN)

GDBPORT ?= $(shell expr `id -u` % 5000 + 25000)
qemu-gdb: deps
	@$(MAKE) --no-print-directory _qemu-gdb
_qemu-gdb: $K/kernel fs.img swap.img
	@sed "s/:1234/:$(GDBPORT)/" < tools/gdbinit.tmpl > .gdbinit
	@echo "*** Now run 'gdb-multiarch -x .gdbinit' in another window." 1>&2
	@$(QEMU_RUN) --gdb $(GDBPORT)
# gdb's commands for user programs (tools/gdb-user.py) stop only in the program they name.
TEST_SUITES += gdb
test-gdb: $K/kernel fs.img
	@kernel/tests/gdb.py

test: deps
	@$(MAKE) --no-print-directory _test
# Build first so no suite skips for want of a kernel; a failed build shows up in the suites.
_test:
	-@$(MAKE) --no-print-directory -s all >/dev/null 2>&1
	@tools/run-suites $(TEST_SUITES)

# In-QEMU tests: usertests (quick set) on a fresh disk image, with one hart (data journaling)
# and with three in ordered mode with checksummed commits, where processes share commits (so
# one transaction can free blocks and write file data). The one-hart runs go side by side
# (run-suites' '+'): each keeps one core busy.
TEST_SUITES += usertests-cpus1+usertests-nosstc usertests-cpus3 console
test-usertests-cpus1: $K/kernel fs.img
	@kernel/tests/usertests.py 1
test-usertests-cpus3: $K/kernel fs.img
	@QEMU_BOOTARGS="ordered=1 logsum=1" kernel/tests/usertests.py 3
# The same on a CPU without the Sstc extension, as QEMU 6.2's (Ubuntu 22.04, Gradescope's
# default image): the kernel falls back to the machine-mode timer. Then a lab's Gradescope
# zip, run on a simulated /autograder with the reference as the submission, on that CPU.
# (A QEMU that has no sstc property has no Sstc either: then its default CPU is that CPU.)
NO_SSTC = QEMU_CPU=$$(qemu-system-riscv64 -machine virt,dumpdtb=/dev/null -cpu rv64,sstc=off \
	-bios none -display none >/dev/null 2>&1 && echo rv64,sstc=off)
TEST_SUITES += gradescope-nosstc
test-usertests-nosstc: $K/kernel fs.img
	@$(NO_SSTC) kernel/tests/usertests.py 1
test-gradescope-nosstc:
	@$(NO_SSTC) python3 -m grading.gradescope check --lab sched
# A program in xv6's own style (its printf idioms, README in the root, the classic calls).
TEST_SUITES += xv6-compat
test-xv6-compat: $K/kernel fs.img
	@kernel/tests/usertests.py 1 --program xv6compat
# The TLB: no flush on a switch while ASIDs last, flushes when they run out (boot parameter).
TEST_SUITES += tlb
test-tlb: $K/kernel fs.img
	@kernel/tests/tlb.py
# Swapping: the kernel's FIFO page-ins against the paging-policy simulator's misses on the same
# reference strings, and paging out under memory pressure (boot parameter freepages).
TEST_SUITES += swap
test-swap: $K/kernel fs.img swap.img sims/bin/paging-policy
	@kernel/tests/swap.py
# Demand paging (boot parameter lazyexec=1): exec reads no page; each comes in when touched.
TEST_SUITES += demand
test-demand: $K/kernel fs.img
	@kernel/tests/demand.py
# The largest file (65,803 blocks with the fs lab's solution) on a 200,000-block image: the
# kernel takes many minutes to write it, so it is not one of make test's suites.
test-fs-maxfile:
	@$(MAKE) --no-print-directory all FSSIZE=200000
	@kernel/tests/maxfile.py
# The console as a person types at it: line editing, ^D, input typed ahead.
test-console: $K/kernel fs.img
	@kernel/tests/console.py

# The file rows need about 1,100 free blocks, more than the default image has left once every
# lab's programs are on it: the bench boots a 4,000-block image unless FSSIZE says otherwise.
bench: deps
	@$(MAKE) --no-print-directory _bench FSSIZE=$(or $(FSSIZE),4000)
_bench: $K/kernel fs.img
	@$(WITH_BOOTARGS) tools/qemu-run --cpus $(CPUS) --timeout 600 bench

# The lock lab's workloads (locktest kalloc, locktest bcache), each under lockstat: how often
# the allocator's and the buffer cache's locks pass between harts or make one wait.
bench-locks: deps
	@$(MAKE) --no-print-directory _bench-locks
_bench-locks: $K/kernel fs.img
	@$(WITH_BOOTARGS) tools/qemu-run --cpus $(CPUS) --timeout 600 "lockstat locktest kalloc; lockstat locktest bcache"
# Swapping's cost in disk requests per page paged out and in.
bench-swap: $K/kernel fs.img swap.img
	@$(WITH_BOOTARGS) tools/qemu-run --timeout 120 "swaptest bench"

# One C style for the whole tree (.clang-format): make format applies it, the format suite checks it.
TEST_SUITES += format
format:
	@tools/check-format --fix
test-format:
	@tools/check-format

clean:
	rm -f $K/kernel $K/kernel.asm $K/kernel.sym $U/*.o $U/*.d $U/_* $U/usys.S
	rm -f fs.img swap.img .gdbinit mkfs/mkfs
	rm -rf build sims/bin sims/build
