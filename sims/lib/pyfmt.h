/* Python's number formatting where C's printf differs from it. ('%.2f' and
 * friends need nothing: glibc rounds exactly as Python does.) */
#ifndef SIMS_PYFMT_H
#define SIMS_PYFMT_H

#include <stdbool.h>
#include <stddef.h>

/* The decimal digits of v ('-' first when negative), NUL-terminated, at buf;
 * returns their count. The one integer formatter of the simulators: printf
 * parses its format on every call, which dominates million-line outputs. */
size_t pyfmt_int(long long v, char buf[24]);

/* str(b) of a Python bool: "True" or "False". */
const char *pyfmt_bool(bool b);

/* str(x) / repr(x) of a float: shortest round-trip digits, '2.0', '0.1',
 * '1e+16', '1e-05', '-0.0', 'inf', 'nan'. Returns buf. */
const char *pyfmt_float(double x, char buf[32]);

/* '%d' % x for a float: truncated toward zero, exact however large ('0' for
 * -0.5). Returns buf (or, past 40 digits, a static buffer), or NULL when x is
 * inf or nan (Python raises there). */
const char *pyfmt_pct_d(double x, char buf[48]);

#endif
