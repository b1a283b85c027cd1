"""Chapter 13 homework: looking at memory use in our kernel."""
from grading.homework import Chapter

ch = Chapter("13", "address-spaces", "The Abstraction: Address Spaces", kind="code", intro="""
Our kernel has no `free` or `pmap`, but it counts pages: `kstats` and the `stats` program (see
`kernel/kstats.h`), and the `sysinfo` call of the syscall lab reports free memory. Programs go
in this folder and run with `make qemu HW=13`.
""")
ch.question("""
Write `memuser.c`: it takes a number of megabytes, allocates that much with `sbrk`, then walks
through it touching every page for a given number of seconds (`uptime()`). Watch free memory
(from another shell: `sysinfotest` or your own tool) as it starts, runs, and exits.
""")
ch.question("""
What is the largest allocation that succeeds? What happens when you ask for more, and how does
the kernel report it to your program?
""")
ch.question("""
Print the addresses of a local variable, a global, a heap block and `main` itself. Draw the
address space of your program from them, and compare with `user/user.ld`.
""")
