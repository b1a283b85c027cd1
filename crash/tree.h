#ifndef CRASH_TREE_H
#define CRASH_TREE_H
// The file tree of an image as the crash-state explorer's oracle compares it: one line per
// name reachable from the root, sorted, "path type size links content-hash" (for a symbolic
// link "path link size links -> target"). Inode numbers are left out: a recovered state must
// hold the same files, not the same numbering.
#include <stdio.h>

#include "kernel/types.h"

// The tree of the image of len bytes at disk (whose superblock must be sane), malloc'd.
// Damage (entries naming bad inodes, loops) shows up as lines, never as a crash.
char *tree_of(const uchar *disk, uint64 len, int *damaged);

// The same, with a file's content hashed into its line only if content is set.
char *tree_lines(const uchar *disk, uint64 len, int *damaged, int content);

// Ordered mode's oracle for file data: whether every block of every file in the image got
// holds, up to the file's size, what the same block of the file at the same path holds in
// one of the nck checkpoint images ck. If not, names the block in why.
int tree_data_within(const uchar *got, const uchar *const *ck, int nck, char *why, int whylen);

// Prints the lines only in want ("- ") and only in got ("+ "), each after indent.
void tree_diff(FILE *out, const char *indent, const char *want, const char *got);
#endif
