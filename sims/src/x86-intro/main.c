/* x86-intro: the x86 program in the dialect of OSTEP's threads-intro/x86.py.
 * The same sources, built with the intro dialect fixed. */
#define X86_INTRO_BUILD 1
#include "../x86/main.c"
