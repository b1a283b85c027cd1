"""Wrong solutions of the sync lab, each of which a test must catch (grading/mutants.py)."""
from grading.mutants import Mutant, edit

LIBRARY = "user/thread.c"
RWLOCK = "user/thread_rwlock.c"
SEMA_WAITS = "  while (s->value <= 0)\n    cond_wait(&s->c, &s->m);"
MUTANTS = [
    Mutant("unlock-forgets-wake", kills="mutex",
           why="mutex_unlock frees the lock but wakes no sleeper",
           changes=[edit(LIBRARY, "    __atomic_store_n(&m->state, 0, __ATOMIC_RELEASE);\n"
                         "    futex_wake(&m->state, 1);\n",
                         "    __atomic_store_n(&m->state, 0, __ATOMIC_RELEASE);\n")]),
    Mutant("signal-forgets-wake", kills="cond",
           why="cond_signal bumps the sequence number but wakes nobody who already sleeps",
           changes=[edit(LIBRARY, "  __atomic_fetch_add(&c->seq, 1, __ATOMIC_RELEASE);\n"
                         "  futex_wake(&c->seq, 1);\n",
                         "  __atomic_fetch_add(&c->seq, 1, __ATOMIC_RELEASE);\n")]),
    Mutant("wait-keeps-mutex", kills="cond",
           why="cond_wait sleeps holding the mutex, so no one can change the condition",
           changes=[edit(LIBRARY, "  mutex_unlock(m);\n  futex_wait(&c->seq, seq);",
                         "  futex_wait(&c->seq, seq);"),
                    edit(LIBRARY, "signal came after the load\n  mutex_lock(m);\n",
                         "signal came after the load\n")]),
    Mutant("sema-wait-if", kills="sema",
           why="sema_wait checks the value with if, not while: a spurious or stolen wake-up "
               "lets a waiter through on 0",
           changes=[edit(LIBRARY, SEMA_WAITS,
                         "  if (s->value <= 0)\n    cond_wait(&s->c, &s->m);")]),
    Mutant("post-signals-only-from-zero", kills="sema",
           why="sema_post signals only when the value was 0, losing the wake-up of a second "
               "waiter when two posts come before the first waiter runs",
           changes=[edit(LIBRARY, "  s->value++;\n  cond_signal(&s->c);\n",
                         "  if (s->value++ == 0)\n    cond_signal(&s->c);\n")]),
    Mutant("buffer-sema-wait-if", kills="buffer",
           why="sema_wait with if, not while: consumers woken together take one item twice",
           changes=[edit(LIBRARY, SEMA_WAITS,
                         "  if (s->value <= 0)\n    cond_wait(&s->c, &s->m);")]),
    Mutant("broadcast-wakes-one", kills="barrier",
           why="cond_broadcast wakes only one waiter",
           changes=[edit(LIBRARY, "futex_wake(&c->seq, 0x7fffffff);", "futex_wake(&c->seq, 1);")]),
    Mutant("readers-ignore-waiting-writer", kills="rwlock",
           why="new readers enter while a writer waits, so a stream of readers starves it",
           changes=[edit(RWLOCK, "while (l->writer || l->writers_waiting > 0)",
                         "while (l->writer)")]),
]
