"""Wrong solutions of the sched lab, each of which a test must catch (grading/mutants.py)."""
from grading.mutants import Mutant, edit

MUTANTS = [
    Mutant("boots-with-lottery", kills="default_rr",
           why="makes lottery the policy at boot instead of round robin",
           changes=[edit("kernel/core/sched.c", "current = policies[0];",
                         "current = policies[1];")]),
    Mutant("getpinfo-default-tickets", kills="getpinfo",
           why="getpinfo reports the default ticket count, not the process's",
           changes=[edit("kernel/core/sched.c", "ps->tickets[i] = proc_tickets(p);",
                         "ps->tickets[i] = DEFAULT_TICKETS;")]),
    Mutant("getpinfo-no-ticks", kills="getpinfo",
           why="getpinfo reports no ticks run",
           changes=[edit("kernel/core/sched.c", "ps->ticks[i] = p->ticks_run;",
                         "ps->ticks[i] = 0;")]),
    Mutant("lottery-round-robin", kills="lottery",
           why="draws a process instead of a ticket: every process gets an equal share, as in "
               "round robin",
           changes=[edit("kernel/core/sched_lottery.c", "total += proc_tickets(p);",
                         "total += 1;"),
                    edit("kernel/core/sched_lottery.c", "counted += proc_tickets(p);",
                         "counted += 1;")]),
    Mutant("stride-inverted", kills="stride_123",
           why="the stride grows with the tickets instead of shrinking",
           changes=[edit("kernel/core/sched.c", "return STRIDE1 / proc_tickets(p);",
                         "return STRIDE1 / 16 * proc_tickets(p);")]),
    Mutant("stride-truncates", kills="stride_random",
           why="a stride constant of 10 makes integer strides that are equal for different "
               "tickets (10/4 == 10/5) and zero past 10 tickets",
           changes=[edit("kernel/core/sched.h", "#define STRIDE1         (1UL << 20)",
                         "#define STRIDE1         10UL")]),
    Mutant("settickets-accepts-zero", kills="settickets_checks",
           why="settickets takes any count, zero too",
           changes=[edit("kernel/sys/sysproc.c", "if (n < 1 || n > MAX_TICKETS)",
                         "if (n > MAX_TICKETS)")]),
]
