# User library and programs, the file-system image, and the user-compat suite.
# Included by the top-level Makefile; paths are relative to the repository root.

ULIB = $U/ulib.o $U/usys.o $U/printf.o $U/umalloc.o

# User programs are compiled without optimisation, so that gdb sees every variable
# (labs/README.md, "Debugging with gdb"); the kernel stays -O2. The objects depend on a file
# holding the flags, rewritten only when they change, so that other flags (make
# USER_CFLAGS=...) rebuild them.
USER_CFLAGS = $(filter-out -O%,$(CFLAGS)) -O0
USER_FLAGS := build/user-cflags
$(shell mkdir -p build && { echo "$(USER_CFLAGS)" | cmp -s - $(USER_FLAGS) || echo "$(USER_CFLAGS)" > $(USER_FLAGS); })

UPROGS = \
	$U/_cat $U/_echo $U/_grep $U/_init $U/_kill $U/_ln $U/_ls $U/_mkdir \
	$U/_rm $U/_sh $U/_wc $U/_stats $U/_nop $U/_usertests $U/_bench $U/_xv6compat \
	$U/_observe $U/_vmstat $U/_tlbtest $U/_crashwl

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

$U/usys.o: $U/usys.S kernel/syscall.h
	$(CC) $(CFLAGS) -c -o $@ $<

$U/%.o: $U/%.c $(USER_FLAGS)
	$(CC) $(USER_CFLAGS) -c -o $@ $<

$U/_%: $U/%.o $(ULIB) $U/user.ld
	$(LD) $(LDFLAGS) -T $U/user.ld -o $@ $< $(ULIB)

# usertests is split over several files.
USERTESTS_OBJS = $U/usertests.o $U/usertests_mem.o $U/usertests_proc.o $U/usertests_fs.o \
	$U/usertests_fs2.o
$U/_usertests: $(USERTESTS_OBJS) $(ULIB) $U/user.ld
	$(LD) $(LDFLAGS) -T $U/user.ld -o $@ $(USERTESTS_OBJS) $(ULIB)

.PRECIOUS: $U/%.o

# The image gets copies without debug information (user/_* keep it for gdb),
# so that the disk has room to spare for tests and bench. README is there too, under xv6's
# name, because xv6's own usertests opens it.
fs.img: mkfs/mkfs README.md $(UPROGS)
	@mkdir -p build/fsroot
	@for p in $(UPROGS); do $(OBJCOPY) --strip-debug $$p build/fsroot/$$(basename $$p) || exit 1; done
	@cp README.md build/fsroot/README
	mkfs/mkfs fs.img README.md build/fsroot/README $(addprefix build/fsroot/,$(notdir $(UPROGS)))

-include $U/*.d

# user-compat: programs written in xv6's style must compile and link unmodified
# against our headers and library. Each program counts as one test.
COMPAT_SRC := $(wildcard $U/tests/compat/*.c)
TEST_SUITES += user-compat
.PHONY: test-user-compat
test-user-compat: $(ULIB) $U/user.ld
	@mkdir -p build/compat; pass=0; fail=0; \
	for src in $(COMPAT_SRC); do \
	  name=$$(basename $$src .c); \
	  if $(CC) $(CFLAGS) -c -o build/compat/$$name.o $$src && \
	     $(LD) $(LDFLAGS) -T $U/user.ld -o build/compat/_$$name build/compat/$$name.o $(ULIB); then \
	    echo "compat $$name: OK"; pass=$$((pass + 1)); \
	  else \
	    echo "compat $$name: FAILED"; fail=$$((fail + 1)); \
	  fi; \
	done; \
	echo "$$pass passed, $$fail failed"; [ $$fail -eq 0 ]
