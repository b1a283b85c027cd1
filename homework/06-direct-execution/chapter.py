"""Chapter 6 homework: measuring a system call and a context switch in our kernel."""
from grading.homework import Chapter

ch = Chapter("06", "direct-execution", "Mechanism: Limited Direct Execution", kind="code", intro="""
Measure what limited direct execution costs on our kernel. Your programs go in this folder and
`make qemu HW=06` puts them on the disk image. The only clock a user program has is `uptime()`
(ticks of 100 ms), so repeat an operation many times and divide.
""")
ch.question("""
Write `syscost.c`: call a cheap system call (`getpid`) a million times and print the average cost
in microseconds. Compare with the figure in the top README's performance table and explain the
difference in the two methods.
""")
ch.question("""
Write `switchcost.c`: two processes bounce one byte back and forth over two pipes many times.
Each round trip costs two context switches and four system calls: estimate one context switch.
Does `make qemu CPUS=1` change the answer, and why?
""")
ch.question("""
`stats` prints the kernel's counters. Read them before and after `switchcost`: do the counted
context switches match your estimate of how many happened?
""")
