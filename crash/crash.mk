# The crash-state explorer (crash/README.md): make crashtest explores every workload, the
# crash suite of make test a quick set and the explorer's own tests. Included by the
# top-level Makefile; paths are relative to the repository root.

CRASH_DIR := build/crash
CRASH_HOST := crash/explore.c crash/trace.c crash/tree.c mkfs/layout.c mkfs/check.c kernel/fs/logbook.c
CRASH_HDRS := crash/tree.h crash/trace.h mkfs/layout.h mkfs/check.h kernel/fs.h kernel/fs/logbook.h kernel/param.h \
	kernel/syscall.h

all: crash/explore

crash/explore: $(CRASH_HOST) $(CRASH_HDRS)
	$(HOSTCC) $(HOSTCFLAGS) -o $@ $(CRASH_HOST)

# The image the workloads run on: init, sh, crashwl and the workload lists, nothing else, so
# that every state is quick to copy and check.
$(CRASH_DIR)/fs.img: mkfs/mkfs fs.img crash/workloads.py
	@mkdir -p $(CRASH_DIR)
	python3 crash/workloads.py quick > $(CRASH_DIR)/quick
	python3 crash/workloads.py full > $(CRASH_DIR)/full
	mkfs/mkfs $@ build/fsroot/_init build/fsroot/_sh build/fsroot/_crashwl \
		$(CRASH_DIR)/quick $(CRASH_DIR)/full >/dev/null

CRASH_DEPS := $K/kernel $(CRASH_DIR)/fs.img crash/explore mkfs/fsck

.PHONY: crashtest _crashtest test-crash
crashtest: deps
	@$(MAKE) --no-print-directory _crashtest
_crashtest: $(CRASH_DEPS)
	@crash/crashtest.py full

# A handout's log is the students' (labs/journal): make test there leaves the crash suite out,
# and make test-crash is theirs to run.
# BEGIN LAB journal
TEST_SUITES += crash
# END LAB journal
test-crash: $(CRASH_DEPS)
	@crash/crashtest.py quick --self-test

clean: clean-crash
clean-crash:
	rm -rf crash/explore $(CRASH_DIR)
