/* Python's rules for turning text into numbers: int(), float(), and
 * optparse's "int" type (which adds 0x / 0b / leading-0 octal). */
#ifndef SIMS_PYNUM_H
#define SIMS_PYNUM_H

#include <stdbool.h>

typedef enum {
  PYINT_PLAIN,    /* int(s): decimal only, '010' is 10 */
  PYINT_OPTPARSE, /* optparse type="int": '0x1f', '0b101', '010' (= 8) */
} pyint_rules;

typedef enum {
  PYNUM_OK = 0,
  PYNUM_INVALID = -1, /* Python would raise ValueError */
  PYNUM_RANGE = -2,   /* a valid integer, but outside long long */
} pynum_status;

/* Both integer parsers accept what Python does: blanks around, a sign, '_'
 * between digits. Values may be any size; *decimal gets the canonical text
 * ('-123', as str(int) prints it), malloc'd, caller frees. */
pynum_status pyint_parse_decimal(const char *s, pyint_rules rules, char **decimal);
/* The same, but into a long long. */
pynum_status pyint_parse(const char *s, pyint_rules rules, long long *out);

/* float(s): blanks around, sign, '_' between digits, 'inf', 'infinity', 'nan'
 * (any case); no hex. Out-of-range values give inf as in Python. */
pynum_status pyfloat_parse(const char *s, double *out);

/* The originals' size syntax (their convert()): int() of the text, times
 * 1024, 1024^2 or 1024^3 for a last character k, m or g (any case). Values
 * beyond long long give PYNUM_RANGE and saturate *out to LLONG_MIN/LLONG_MAX,
 * which keeps every comparison against a limit right. */
pynum_status pysize_parse(const char *s, long long *out);

#endif
