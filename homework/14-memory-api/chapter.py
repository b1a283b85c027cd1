"""Chapter 14 homework: memory bugs in our kernel's user space."""
from grading.homework import Chapter

ch = Chapter("14", "memory-api", "Interlude: Memory API", kind="code", intro="""
Write small buggy programs in this folder and run them in our kernel (`make qemu HW=14`). Our
kernel kills a program that touches memory it does not own and prints the cause, the program
counter and the faulting address; there is no valgrind, so you are the checker.
""")


@ch.program(10, """
Write `nullderef.c`: set a pointer to 0 and read through it. What does the kernel print, and
what is the faulting address? Then make the program take a number N and read address N * 4096
instead; `nullderef N` must still be killed by the kernel for every N from 0 to 15.
""", programs=["nullderef"])
def nullderef(t, params):
    for n in sorted({0, t.randint(1, 15)}):
        out = t.run(f"nullderef {n}")
        t.match(r"(?i)(fault|trap|kill|usertrap|scause)", out,
                f"`nullderef {n}` should be killed by the kernel with a fault, got:\n{out}")


@ch.program(10, """
Write `heapsum.c`: it takes a count N, allocates an array of N integers with `malloc`, fills
element i with i, prints `sum <total>` and frees the array. Then break it on purpose (free
twice, forget the free, read past the end) and explain what our `umalloc.c` does in each case.
""", programs=["heapsum"])
def heapsum(t, params):
    n = t.randint(1000, 20000)
    out = t.run(f"heapsum {n}")
    t.match(rf"^sum {n * (n - 1) // 2}\s*$", out,
            f"`heapsum {n}` should print `sum {n * (n - 1) // 2}`, got:\n{out}")


ch.question("""
Allocate with `malloc`, free, and then use the freed memory. Does the program crash? Why can a
use-after-free go unnoticed for a long time?
""")
ch.question("""
Write a dynamic array that grows with `malloc` and copying when full. Compare its cost per
append with a linked list's, and say what `realloc` would save you.
""")
