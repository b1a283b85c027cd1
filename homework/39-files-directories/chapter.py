"""Chapter 39 homework: the file and directory API in our kernel."""
from grading.homework import Chapter

ch = Chapter("39", "files-directories", "Interlude: Files and Directories", kind="code", intro="""
Write file tools for our kernel in this folder, with its calls `open`, `read`, `write`,
`close`, `fstat`, `link`, `unlink`, `mkdir`, `chdir` and the directory entries of
`kernel/fs.h` (`struct dirent`). `make qemu HW=39` puts them on the disk.
""")


@ch.program(10, """
Write `fstat.c` (the program is `fstat`): for each path on its command line, it prints one line
`<path> type <t> links <n> size <bytes>` from `stat()`. Create a file, link it twice more (`ln`)
and check the link count.
""", programs=["fstat"])
def fstat(t, params):
    name = t.nonce(6)
    size = t.randint(2, 60)
    text = "x" * (size - 1)
    out = t.run(f"echo {text} > {name}; ln {name} {name}2; fstat {name}")
    t.match(rf"^{name} type 2 links 2 size {size}\s*$", out,
            f"expected `{name} type 2 links 2 size {size}`, got:\n{out}")
    t.run(f"rm {name}2; rm {name}")


@ch.program(10, """
Write `tail.c` (the program is `tailn`): `tailn N file` prints the last N lines of the file. Read
the file from its end in blocks rather than all of it when you can.
""", programs=["tailn"])
def tailn(t, params):
    name = t.nonce(6)
    count = t.randint(5, 9)
    words = [t.nonce(5) for _ in range(count)]
    # our shell has no append: one file per line, then cat them together
    for i in range(0, count, 3):
        t.run("; ".join(f"echo {w} > {name}.{j}" for j, w in enumerate(words[i:i + 3], i)))
    parts = " ".join(f"{name}.{j}" for j in range(count))
    t.run(f"cat {parts} > {name}")
    t.run(f"rm {parts}")
    n = t.randint(1, count)
    out = t.run(f"tailn {n} {name}")
    got = [line.strip() for line in out.splitlines() if line.strip()]
    t.check(got == words[-n:], f"`tailn {n}` should print {words[-n:]}, got:\n{out}")
    t.run(f"rm {name}")


ch.question("""
Write `lsl.c`: list a directory with each entry's inode number, type, link count and size. Why
does `..` of the root directory point to the root itself?
""")
ch.question("""
Write a recursive `search` that prints every path under a directory, with `-d N` to limit the
depth. Compare with `find` from the util lab.
""")
