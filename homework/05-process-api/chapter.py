"""Chapter 5 homework: fork and process trees with the fork simulator, and fork, wait, exec
and pipes in our kernel."""
import re

from grading.homework import Chapter, integer, listof, word

ch = Chapter("05", "process-api", "Interlude: Process API", simulators=["fork"], kind="both",
             intro="""
Two parts. The `fork` simulator draws a series of actions (a process forks a child, a process
exits) and asks you to draw the process tree after each; `-a` sets how many actions, `-f` the
chance that an action is a fork, `-R` makes orphans move to their grandparent... see
`sims/bin/fork -h`. Then you write small programs for our kernel with its xv6 system calls
(`fork`, `exit`, `wait`, `exec`, `pipe`, `dup`, `close`: `user/user.h`).
""")


@ch.parameters
def params(r):
    return {"seed": r.randrange(1, 10000), "actions": r.randint(5, 8),
            "forkpct": r.choice([0.5, 0.7, 0.9])}


def final_tree(o):
    block = o.split("Action:")[-1].split("\n", 1)[1]
    return [line for line in block.splitlines() if re.search(r"[a-z]\s*$", line)]


def tree_size(i=0):
    return lambda o, p: len(final_tree(o[i]))


def top_children(i=0):
    def get(o, p):
        tree = final_tree(o[i])
        indent = len(tree[1]) - len(tree[1].lstrip()) if len(tree) > 1 else 0
        return [line.strip()[-1] for line in tree[1:] if len(line) - len(line.lstrip()) == indent
                and re.match(r"\s*[├└]", line)] or ["none"]
    return get


ch.question("""
Seed {seed}, {actions} actions, fork fraction {forkpct}. Draw the tree after every action. At
the end, how many processes are alive, and which processes are children of the first process
`a` (in the order the tree lists them; `none` if it has none)?
""", run=["fork -s {seed} -a {actions} -f {forkpct}"],
    answers=[integer("q1a", "processes in the final tree", tree_size()),
             listof("q1b", "the children of a, in the tree's order", top_children(), "word")])

ch.question("""
Run the same seed with `-t` so that the simulator shows the final tree and you name the actions.
And with `-R`: when a process exits, where do its children go? What does the real kernel do
(read `exit` in `kernel/`)?
""", run=["fork -s {seed} -a {actions} -f {forkpct} -t"])


@ch.program(10, """
Write `forkvar.c`: it takes a number N as its argument, puts it in a variable, and forks. The
child adds 1 to the variable and prints `child <value>`; the parent waits for the child, then
subtracts 1 and prints `parent <value>`. What does each see, and why?
""", programs=["forkvar"])
def forkvar(t, params):
    n = t.randint(1000, 99999)
    out = t.run(f"forkvar {n}")
    t.match(rf"^child {n + 1}\s*$", out, f"`forkvar {n}` should print `child {n + 1}`, got:\n{out}")
    t.match(rf"^parent {n - 1}\s*$", out, f"`forkvar {n}` should print `parent {n - 1}`, got:\n{out}")
    t.check(out.find("child") < out.find("parent"), f"the parent printed before the child:\n{out}")


@ch.program(10, """
Write `forkpipe.c`: it takes a word, creates a pipe and forks two children. The first writes
the word into the pipe and exits; the second reads it from the pipe and prints `got <word>`;
the parent waits for both and prints `done`.
""", programs=["forkpipe"])
def forkpipe(t, params):
    w = t.nonce(10)
    out = t.run(f"forkpipe {w}")
    t.match(rf"^got {w}\s*$", out, f"`forkpipe {w}` should print `got {w}`, got:\n{out}")
    t.check(out.rstrip().endswith("done"), f"`done` should come last:\n{out}")


ch.question("""
Write `forkclose.c`: the child closes standard output (descriptor 1) and then calls `printf`.
What happens, and why does the parent's output not change? (Not checked; explain.)
""")
