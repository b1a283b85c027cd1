"""Wrong solutions of the threads lab, each of which a test must catch (grading/mutants.py)."""
from grading.mutants import Mutant, edit

THREAD_C = "kernel/core/thread.c"
LIBRARY = "user/thread.c"
JOIN_PICKS = "if (pp->parent != p || pp->leader == pp || pp->leader != p->leader)"

MUTANTS = [
    Mutant("clone-drops-second-argument", kills="shared",
           why="clone sets a0 for the thread but leaves a1 as the caller's (its first argument)",
           changes=[edit(THREAD_C, "  child->trapframe->a1 = arg2;\n", "")]),
    Mutant("thread-returns-into-nothing", kills="shared",
           why="the thread's entry does not end the thread: it returns to nowhere and faults",
           changes=[edit(LIBRARY, "  ((void (*)(void *))fn)(arg);\n  exit_thread();\n",
                         "  ((void (*)(void *))fn)(arg);\n")]),
    Mutant("clone-ignores-full-table", kills="many",
           why="clone does not check that a process slot was found: the kernel dereferences 0",
           changes=[edit(THREAD_C, "  struct proc *child = allocproc(0);\n  if (child == 0)\n"
                         "    return 0;\n", "  struct proc *child = allocproc(0);\n")]),
    Mutant("join-reaps-child-processes", kills="join",
           why="join takes any child that ended, a forked process as well as a thread",
           changes=[edit(THREAD_C, JOIN_PICKS, "if (pp->parent != p)")]),
    Mutant("join-gives-callers-stack", kills="join",
           why="join stores the caller's stack, not the ended thread's",
           changes=[edit(THREAD_C, "(char *)&pp->ustack", "(char *)&p->ustack")]),
    Mutant("thread-leads-itself", kills="exit",
           why="clone makes the thread the leader of a group of its own, so its exit ends only it",
           changes=[edit(THREAD_C, "  child->leader = leader;\n", "  child->leader = child;\n")]),
    Mutant("thread-join-keeps-stack", kills="stacks",
           why="thread_join never frees the stack thread_create allocated",
           changes=[edit(LIBRARY, "  if (tid > 0)\n    free(((void **)stack)[-1]);\n", "")]),
    Mutant("clone-takes-unaligned-stack", kills="badargs",
           why="clone does not check that the stack is page-aligned",
           changes=[edit(THREAD_C, "stack % PGSIZE != 0 || ", "")]),
    Mutant("join-ignores-bad-address", kills="badargs",
           why="join frees the thread even when storing its stack fails, and returns its id",
           changes=[edit(THREAD_C, "if (copyout(p->pagetable, stack_addr, (char *)&pp->ustack, "
                         "sizeof(void *)) < 0) {",
                         "if (copyout(p->pagetable, stack_addr, (char *)&pp->ustack, "
                         "sizeof(void *)) < 0 && 0) {")]),
]
