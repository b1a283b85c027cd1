/* The x86 machine, compiled again for the x86-intro program. */
#include "../x86/asm_riscv.c"
#include "../x86/asm_x86.c"
#include "../x86/machine.c"
#include "../x86/pystr.c"
#include "../x86/run.c"
