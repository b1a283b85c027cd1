# Labs and autograding (labs/README.md). Included by the top-level Makefile.
#
#   make grade LAB=<lab> [TEST=<name>]     grade this tree: one line per test, results.json, junit.xml
#   make handout LAB=<lab> OUT=<dir>       write the lab's starter tree (solutions replaced by stubs)
#   make gradescope LAB=<lab> [OUT=<zip>]  write the Gradescope autograder zip
#   make test-grading                      the grading library's own tests (fast, no kernel needed)
#   make test-labs                         prove every lab: reference full marks, handout not

.PHONY: grade handout gradescope test-grading test-labs

TEST_SUITES += grading

grading_need = @test -n "$($(1))" || { echo "usage: $(2)" >&2; exit 2; }

grade: deps
	$(call grading_need,LAB,make grade LAB=<lab> [TEST=<name>])
	@python3 grading/grade --lab "$(LAB)" $(if $(TEST),--test "$(TEST)")

handout:
	$(call grading_need,LAB,make handout LAB=<lab> OUT=<dir>)
	$(call grading_need,OUT,make handout LAB=<lab> OUT=<dir>)
	@python3 grading/handout --lab "$(LAB)" --out "$(OUT)"

gradescope:
	$(call grading_need,LAB,make gradescope LAB=<lab> [OUT=<zip>])
	@python3 grading/gradescope.py zip --lab "$(LAB)" --out "$(or $(OUT),build/gradescope-$(LAB).zip)"

test-grading:
	@python3 grading/tests/run.py

test-labs:
	@python3 grading/prove-labs
