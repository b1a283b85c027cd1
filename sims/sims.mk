# The per-chapter simulators. Included by the top-level Makefile; paths are
# relative to the repository root.
#
#   make sims        every sims/src/<name>/ -> sims/bin/<name>
#   make test-sims   unit tests, golden tests on the normal build, then the
#                    golden tests again on the ASan+UBSan build
#   make bench-sims  timed workloads from sims/bench/*.bench
#
# A new simulator needs no change here: its directory is found by wildcard.

SIMS_CC ?= $(HOSTCC)
SIMS_CFLAGS = -std=c11 -Wall -Werror -g -ffp-contract=off -D_DEFAULT_SOURCE -Isims/lib -MMD -MP
SIMS_OPT = -O2
SIMS_SAN = -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
SIMS_LIBS = -lm

SIMS_NAMES := $(sort $(notdir $(patsubst %/,%,$(wildcard sims/src/*/))))
SIMS_BINS := $(addprefix sims/bin/,$(SIMS_NAMES))
SIMS_ASAN_BINS := $(addprefix sims/build/asan/bin/,$(SIMS_NAMES))
SIMS_LIB_SRC := $(wildcard sims/lib/*.c)
SIMS_UNIT_SRC := $(wildcard sims/tests/unit/test_*.c)
SIMS_UNIT_BINS := $(patsubst sims/tests/unit/%.c,sims/build/unit/%,$(SIMS_UNIT_SRC))

# Objects of a build flavour ($1 = normal|asan) for a list of sources ($2).
sims_objs = $(patsubst sims/%.c,sims/build/$(1)/%.o,$(2))
# Sources of simulator $1, with and without main.c.
sims_src = $(wildcard sims/src/$(1)/*.c)
sims_src_nomain = $(filter-out sims/src/$(1)/main.c,$(sims_src))
# The simulator a unit test belongs to: test_<name>.c, test_<name>_x.c or
# test_<name>-x.c; empty for library tests.
sims_sim_of = $(lastword $(foreach s,$(SIMS_NAMES),$(if $(filter $(s) $(s)_% $(s)-%,$(1)),$(s))))

.PHONY: sims sims-asan sims-unit sims-build-all test-sims bench-sims clean-sims

sims: $(SIMS_BINS)
sims-asan: $(SIMS_ASAN_BINS)
sims-unit: $(SIMS_UNIT_BINS)
sims-build-all: sims sims-asan sims-unit

sims/build/normal/%.o: sims/%.c
	@mkdir -p $(@D)
	$(SIMS_CC) $(SIMS_CFLAGS) $(SIMS_OPT) -c -o $@ $<

sims/build/asan/%.o: sims/%.c
	@mkdir -p $(@D)
	$(SIMS_CC) $(SIMS_CFLAGS) $(SIMS_SAN) $(SIMS_TEST_INC) -c -o $@ $<

sims/build/normal/libsims.a: $(call sims_objs,normal,$(SIMS_LIB_SRC))
	@rm -f $@
	ar rcs $@ $^

sims/build/asan/libsims.a: $(call sims_objs,asan,$(SIMS_LIB_SRC))
	@rm -f $@
	ar rcs $@ $^

define sims_program
sims/bin/$(1): $(call sims_objs,normal,$(call sims_src,$(1))) sims/build/normal/libsims.a
	@mkdir -p $$(@D)
	$$(SIMS_CC) $$(SIMS_OPT) -o $$@ $$^ $$(SIMS_LIBS)

sims/build/asan/bin/$(1): $(call sims_objs,asan,$(call sims_src,$(1))) sims/build/asan/libsims.a
	@mkdir -p $$(@D)
	$$(SIMS_CC) $$(SIMS_SAN) -o $$@ $$^ $$(SIMS_LIBS)
endef
$(foreach n,$(SIMS_NAMES),$(eval $(call sims_program,$(n))))

# Unit tests are built with the sanitizers on, see the simulator's headers,
# and link its sources except main.c.
define sims_unit_test
sims/build/asan/tests/unit/$(1).o: SIMS_TEST_INC = $(addprefix -Isims/src/,$(call sims_sim_of,$(patsubst test_%,%,$(1))))
sims/build/unit/$(1): sims/build/asan/tests/unit/$(1).o \
		$(call sims_objs,asan,$(call sims_src_nomain,$(call sims_sim_of,$(patsubst test_%,%,$(1))))) \
		sims/build/asan/libsims.a
	@mkdir -p $$(@D)
	$$(SIMS_CC) $$(SIMS_SAN) -o $$@ $$^ -lcmocka $$(SIMS_LIBS)
endef
$(foreach t,$(notdir $(SIMS_UNIT_BINS)),$(eval $(call sims_unit_test,$(t))))

# Builds what it can (-k) so that one broken simulator does not hide the
# results of the others; a failed build counts as one failed test.
test-sims:
	@build=ok; $(MAKE) -k -s --no-print-directory sims-build-all >&2 || build=failed; \
	python3 sims/tests/run-golden --build $$build --unit $(SIMS_UNIT_BINS) -- sims/bin sims/build/asan/bin

bench-sims: sims
	@python3 sims/bench/run-bench sims/bin $(wildcard sims/bench/*.bench)

clean-sims:
	rm -rf sims/bin sims/build

TEST_SUITES += sims

-include $(shell find sims/build -name '*.d' 2>/dev/null)
