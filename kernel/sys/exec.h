#ifndef KERNEL_SYS_EXEC_H
#define KERNEL_SYS_EXEC_H
// Replace the running process's memory with the program at path.
int exec(char *path, char **argv);
#endif
