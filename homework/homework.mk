# Homework (homework/README.md). Included by the top-level Makefile.
#
#   make qemu HW=05                 build the chapter's programs (homework/05-*/*.c) into fs.img
#   make check-homework HW=07       check homework/07-*/answers.txt (and programs) and print a score
#   make gradescope HW=07 [ROSTER=roster.csv SECRET_FILE=f] [OUT=zip]   the autograder zip
#   make test-homework              the homework's own tests

.PHONY: check-homework test-homework

# The homework suite runs beside the grader's (grading/grading.mk).

# HW=05 or HW=05-process-api: the chapter's C files become user programs on the disk image.
HW_DIR := $(if $(HW),$(firstword $(wildcard homework/$(HW)-*/chapter.py homework/$(HW)/chapter.py \
	homework/0$(HW)-*/chapter.py)))
HW_DIR := $(patsubst %/chapter.py,%,$(HW_DIR))
ifneq ($(HW_DIR),)
HW_PROGS := $(patsubst $(HW_DIR)/%.c,build/hw/_%,$(wildcard $(HW_DIR)/*.c))
UPROGS += $(HW_PROGS)
fs.img: $(HW_PROGS)

build/hw/%.o: $(HW_DIR)/%.c $(wildcard $(HW_DIR)/*.h) $(USER_FLAGS)
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -I$(HW_DIR) -c -o $@ $<

build/hw/_%: build/hw/%.o $(ULIB) $U/user.ld
	$(LD) $(LDFLAGS) -T $U/user.ld -o $@ $< $(ULIB)
endif

# The image is rebuilt when the set of homework programs changes (a program removed, another
# chapter, or none), not only when a program does.
HW_LIST := build/hw/programs.list
$(shell mkdir -p build/hw && { echo "$(HW_PROGS)" | cmp -s - $(HW_LIST) || echo "$(HW_PROGS)" > $(HW_LIST); })
fs.img: $(HW_LIST)

hw_need = @test -n "$(HW)" || { echo "usage: $(1)" >&2; exit 2; }

# A simulation chapter needs only the simulators; a code chapter builds and boots the kernel
# (check-homework then installs what the kernel's build needs, as make qemu does).
check-homework:
	$(call hw_need,make check-homework HW=<chapter> [ANSWERS=file])
	@$(MAKE) --no-print-directory -s sims
	@python3 -m grading.homework_tools check --hw "$(HW)" $(if $(ANSWERS),--answers "$(ANSWERS)")

test-homework:
	@$(MAKE) --no-print-directory -s sims >/dev/null
	@python3 -m grading.tests.run --folder homework/tests
