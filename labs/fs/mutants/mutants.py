"""Wrong solutions of the fs lab, each of which a test must catch (grading/mutants.py)."""
from grading.mutants import Mutant, edit

FOLLOW_BOUND = "if (followed < MAXSYMLINKS && ip->size > 0 && ip->size < MAXPATH)"
FOLLOWED = "    ilock(ip);\n  }\n  return ip;\n}"

MUTANTS = [
    Mutant("dindirect-start-off-by-one", kills="bigfile",
           why="the doubly-indirect range starts one block late, so its first block cannot be written",
           changes=[edit("kernel/fs/fs.c", "  bn -= NINDIRECT;\n  if (bn >= NDINDIRECT)",
                         "  bn -= NINDIRECT + 1;\n  if (bn >= NDINDIRECT)")]),
    Mutant("dindirect-uses-indirect-block", kills="bigfile",
           why="the doubly-indirect tree is looked up from the singly-indirect block, "
               "so its tables land on the file's own data",
           changes=[edit("kernel/fs/fs.c",
                         "uint table = table_slot(ip->dev, ip->addrs[NDIRECT + 1], bn / NINDIRECT, alloc, 0);",
                         "uint table = table_slot(ip->dev, ip->addrs[NDIRECT], bn / NINDIRECT, alloc, 0);")]),
    Mutant("truncate-leaks-dindirect", kills="bigfile_free",
           why="itrunc frees the direct and singly-indirect blocks but forgets the doubly-indirect tree",
           changes=[edit("kernel/fs/fs.c",
                         "    free_table(ip->dev, ip->addrs[NDIRECT + 1], 1);\n", "")]),
    Mutant("truncate-keeps-dindirect-block", kills="bigfile_free",
           why="itrunc frees everything below the doubly-indirect block but not the block itself",
           changes=[edit("kernel/fs/fs.c", "  brelse(bp);\n  bfree(dev, table);\n}",
                         "  brelse(bp);\n  if (depth == 0)\n    bfree(dev, table);\n}")]),
    Mutant("symlink-drops-last-byte", kills="symlink_file",
           why="symlink stores the target without its last character",
           changes=[edit("kernel/sys/sysfile.c", "  int n = strlen(target);\n  int written",
                         "  int n = strlen(target) - 1;\n  int written")]),
    Mutant("dir-link-not-followed", kills="symlink_dir",
           why="a link is followed only when it leads to something other than a directory",
           changes=[edit("kernel/fs/fs.c", FOLLOWED,
                         "    ilock(ip);\n    if (ip->type == T_DIR) {\n      iunlockput(ip);\n"
                         "      return 0;\n    }\n  }\n  return ip;\n}")]),
    Mutant("no-chain-bound", kills="symlink_chain",
           why="links are followed however long the chain, so a cycle never ends",
           changes=[edit("kernel/fs/fs.c", FOLLOW_BOUND,
                         "if (ip->size > 0 && ip->size < MAXPATH)")]),
    Mutant("cycle-opens-link", kills="symlink_cycle",
           why="at the end of the bound, open returns the last link instead of failing",
           changes=[edit("kernel/fs/fs.c", "for (int followed = 0; ip->type == T_SYMLINK; followed++)",
                         "for (int followed = 0; ip->type == T_SYMLINK && followed < MAXSYMLINKS;"
                         " followed++)")]),
    Mutant("nofollow-ignored", kills="symlink_nofollow",
           why="open follows links even with O_NOFOLLOW",
           changes=[edit("kernel/sys/sysfile.c",
                         "if (!(omode & O_NOFOLLOW) && (ip = follow_symlinks(ip)) == 0)",
                         "if ((ip = follow_symlinks(ip)) == 0)")]),
    Mutant("symlink-needs-target", kills="symlink_dangling",
           why="symlink refuses a target that does not exist",
           changes=[edit("kernel/sys/sysfile.c",
                         "  begin_op();\n  struct inode *ip = create(path, T_SYMLINK, 0, 0);",
                         "  begin_op();\n  struct inode *t = namei(target);\n  if (t == 0) {\n"
                         "    end_op();\n    return -1;\n  }\n  iput(t);\n"
                         "  struct inode *ip = create(path, T_SYMLINK, 0, 0);")]),
    Mutant("symlink-keeps-inode", kills="symlink_concurrent",
           why="symlink unlocks the new inode but never puts it, so in-memory inodes run out",
           changes=[edit("kernel/sys/sysfile.c", "  int written = writei(ip, 0, (uint64)target, 0, n);\n"
                         "  iunlockput(ip);",
                         "  int written = writei(ip, 0, (uint64)target, 0, n);\n  iunlock(ip);")]),
]
