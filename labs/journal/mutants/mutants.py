"""Wrong solutions of the journal lab, each of which a test must catch (grading/mutants.py)."""
from grading.mutants import Mutant, edit

LOG = "kernel/fs/log.c"
COMMIT_POINT = "  write_header(); // the commit point\n  bflush();\n"
FLUSH_BEFORE_HEADER = "  if (!log.summed || inplace)\n    bflush();\n"
RECOVER_INSTALL = "    install(1);\n    bflush();\n"

MUTANTS = [
    Mutant("header-first", kills="atomic",
           why="the commit header is written before the logged blocks it names",
           changes=[edit(LOG, "  write_log();\n", ""),
                    edit(LOG, COMMIT_POINT, COMMIT_POINT.replace("  bflush();\n", "") +
                         "  write_log();\n  bflush();\n")]),
    Mutant("no-flush-before-header", kills="atomic",
           why="no barrier between the logged blocks and the header (only for data written in "
               "place): the disk may write the header first",
           changes=[edit(LOG, FLUSH_BEFORE_HEADER, "  if (inplace)\n    bflush();\n")]),
    Mutant("install-before-commit", kills="atomic",
           why="the blocks are installed at home before the commit point",
           changes=[edit(LOG, COMMIT_POINT + "  install(0);\n  bflush();\n",
                         "  install(0);\n  bflush();\n" + COMMIT_POINT)]),
    Mutant("header-never-cleared", kills="atomic",
           why="the header is not cleared after installing: it still names the log slots the "
               "next commit overwrites",
           changes=[edit(LOG, "    write_header(); // the log is free again\n    bflush();\n", "")]),
    Mutant("cleared-before-installed", kills="atomic",
           why="no barrier between installing and clearing the header: the disk may clear the "
               "header before the installed blocks are durable",
           changes=[edit(LOG, "  install(0);\n  bflush();\n", "  install(0);\n")]),
    Mutant("no-sum", kills="atomic_logsum",
           why="with logsum=1 the commit saves the flush but the header carries no checksum",
           changes=[edit(LOG, "  log.book.summed = log.summed;\n", "")]),
    Mutant("recovery-skips-install", kills="recovery",
           why="recovery clears the log without installing it",
           changes=[edit(LOG, RECOVER_INSTALL, "    bflush();\n")]),
    Mutant("recovery-keeps-header", kills="recovery",
           why="recovery installs the log but leaves the header naming it",
           changes=[edit(LOG, "  logbook_clear(&log.book);\n  write_header();\n  bflush();\n}",
                         "  logbook_clear(&log.book);\n  bflush();\n}")]),
    Mutant("recovery-no-flush", kills="recovery_crash",
           why="no barrier between installing and clearing the header in recovery",
           changes=[edit(LOG, RECOVER_INSTALL, "    install(1);\n")]),
    Mutant("recovery-clears-first", kills="recovery_crash",
           why="recovery clears the header on disk before it installs the blocks it names",
           changes=[edit(LOG, RECOVER_INSTALL,
                         "    struct buf *h = bread(log.dev, log.start);\n"
                         "    memset(h->data, 0, BSIZE);\n    bwrite(h);\n    brelse(h);\n"
                         "    bflush();\n" + RECOVER_INSTALL)]),
    Mutant("recovery-ignores-checksum", kills="checksum",
           why="recovery installs a checksummed transaction without checking its sum",
           changes=[edit(LOG, "log.book.n > 0 && !log_intact()",
                         "log.book.n > 0 && !log_intact() && 0")]),
    Mutant("recovery-rejects-every-sum", kills="checksum",
           why="recovery discards every checksummed transaction, whole ones too",
           changes=[edit(LOG, "  return sum == log.book.sum;\n",
                         "  return sum == log.book.sum + 1;\n")]),
]
