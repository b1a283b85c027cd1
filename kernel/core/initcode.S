# The first user program, copied into the first process's memory at address 0 by
# userinit(): exec("/init", {"/init", 0}); should that fail, exit.
#include "kernel/syscall.h"

        .globl start
start:
        la a0, init_path
        la a1, init_argv
        li a7, SYS_exec
        ecall

failed:
        li a0, 1
        li a7, SYS_exit
        ecall
        j failed

init_path:
        .string "/init"

        .p2align 3
init_argv:
        .dword init_path
        .dword 0
