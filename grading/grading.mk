# Labs and autograding (labs/README.md). Included by the top-level Makefile. The commands run
# as modules of the grading package (python3 -m grading.X) from the tree's root.
#
#   make grade LAB=<lab> [TEST=<name>]     grade this tree: one line per test, results.json, junit.xml
#   make handout LAB=<lab> OUT=<dir>       write the lab's starter tree (solutions replaced by stubs)
#   make gradescope LAB=<lab> [OUT=<zip>]  write the Gradescope autograder zip
#   make classroom LAB=<lab> OUT=<dir>     write the GitHub Classroom template repository
#   make test-grading                      the grading library's own tests (fast, no kernel needed)
#   make test-labs                         prove every lab: reference full marks, handout not,
#                                          and the handouts pass the base kernel's tests
#   make test-mutants                      each lab test's first mutant (a wrong solution) loses
#                                          the points of the test it targets
#   make test-mutants-all                  every mutant of every lab does

.PHONY: grade handout gradescope classroom test-grading test-labs test-mutants test-mutants-all

# Suites side by side (run-suites' '+'): labs and mutants spend most of their time in QEMU, and
# the grader's own tests mostly wait on stand-ins, so the homework checks run beside them.
TEST_SUITES += grading+homework labs+mutants

grading_need = @test -n "$($(1))" || { echo "usage: $(2)" >&2; exit 2; }

grade: deps
	$(call grading_need,LAB,make grade LAB=<lab> [TEST=<name>])
	@python3 -m grading.runner --lab "$(LAB)" $(if $(TEST),--test "$(TEST)")

handout:
	$(call grading_need,LAB,make handout LAB=<lab> OUT=<dir>)
	$(call grading_need,OUT,make handout LAB=<lab> OUT=<dir>)
	@python3 -m grading.handout --lab "$(LAB)" --out "$(OUT)"

gradescope:
ifneq ($(HW),)
	@python3 -m grading.homework_tools gradescope-zip --hw "$(HW)" \
	  --out "$(or $(OUT),build/gradescope-hw$(HW).zip)" \
	  $(if $(ROSTER),--roster "$(ROSTER)") $(if $(SECRET_FILE),--secret-file "$(SECRET_FILE)")
else
	$(call grading_need,LAB,make gradescope LAB=<lab> [OUT=<zip>] or HW=<chapter>)
	@python3 -m grading.gradescope zip --lab "$(LAB)" --out "$(or $(OUT),build/gradescope-$(LAB).zip)"
endif

classroom:
	$(call grading_need,LAB,make classroom LAB=<lab> OUT=<dir>)
	$(call grading_need,OUT,make classroom LAB=<lab> OUT=<dir>)
	@python3 -m grading.classroom --lab "$(LAB)" --out "$(OUT)"

test-grading:
	@python3 -m grading.tests.run

# make test proves each test with its first mutant; test-mutants-all runs every mutant.
test-mutants:
	@python3 -m grading.mutants --one-per-test
test-mutants-all:
	@python3 -m grading.mutants

# Every handout replaces every lab's regions, so the handouts differ only in labs/<lab>/: the
# base kernel's host tests (prove-labs) and its in-QEMU tests (usertests) run once, in the
# first lab's handout, and the others are checked to hold the same tree.
LAB_NAMES = $(sort $(patsubst labs/%/grade.py,%,$(wildcard labs/*/grade.py)))
LABS_BASE_QEMU_TEST = kernel/tests/usertests.py 1

test-labs:
	@python3 -m grading.prove --base-tests kernel-unit --base-tests format
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	for lab in $(LAB_NAMES); do \
	  python3 -m grading.handout --no-git --lab $$lab --out "$$tmp/$$lab" >/dev/null || exit 1; \
	  diff -rq -x labs "$$tmp/$(firstword $(LAB_NAMES))" "$$tmp/$$lab" || \
	    { echo "FAIL handouts of $(firstword $(LAB_NAMES)) and $$lab differ outside labs/"; exit 1; }; \
	done && \
	echo "--- handout of $(firstword $(LAB_NAMES)): base kernel's usertests" && \
	$(MAKE) --no-print-directory -s -C "$$tmp/$(firstword $(LAB_NAMES))" all >/dev/null && \
	(cd "$$tmp/$(firstword $(LAB_NAMES))" && $(LABS_BASE_QEMU_TEST)) && \
	echo "labs: $(words $(LAB_NAMES) x) passed, 0 failed (the labs, and the handouts' usertests)"
