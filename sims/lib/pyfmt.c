/* Python's float formatting. repr() wants the shortest digit string that
 * reads back as the same double; printf's %.{p}e rounds correctly, so the
 * first precision that round-trips gives Python's digits. */
#include "pyfmt.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t pyfmt_int(long long v, char buf[24]) {
  unsigned long long mag = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
  char *p = buf;
  if (v < 0)
    *p++ = '-';
  char *first = p;
  do { /* least significant first, then reversed in place */
    *p++ = (char)('0' + mag % 10);
    mag /= 10;
  } while (mag);
  size_t n = (size_t)(p - buf);
  *p = '\0';
  for (char *last = p - 1; first < last; first++, last--) {
    char t = *first;
    *first = *last;
    *last = t;
  }
  return n;
}

const char *pyfmt_bool(bool b) {
  return b ? "True" : "False";
}

const char *pyfmt_float(double x, char buf[32]) {
  if (isnan(x))
    return strcpy(buf, "nan");
  if (isinf(x))
    return strcpy(buf, x < 0 ? "-inf" : "inf");

  /* whole numbers below 1e16 print in fixed notation with '.0' */
  if (x == floor(x) && fabs(x) < 1e16 && !(x == 0 && signbit(x))) {
    size_t n = pyfmt_int((long long)x, buf);
    memcpy(buf + n, ".0", 3);
    return buf;
  }
  char sci[40];
  for (int prec = 0; prec < 17; prec++) {
    snprintf(sci, sizeof sci, "%.*e", prec, x);
    if (strtod(sci, NULL) == x)
      break;
  }
  /* sci is "[-]d[.ddd]e[+-]XX": pull out the sign, digits and exponent. */
  const char *p = sci;
  bool negative = *p == '-';
  if (negative)
    p++;
  char digits[24];
  int ndigits = 0;
  for (; *p != 'e'; p++)
    if (*p != '.')
      digits[ndigits++] = *p;
  int exponent = atoi(p + 1);
  while (ndigits > 1 && digits[ndigits - 1] == '0')
    ndigits--;
  digits[ndigits] = '\0';

  char *out = buf;
  if (negative)
    *out++ = '-';
  if (exponent < -4 || exponent >= 16) {
    *out++ = digits[0];
    if (ndigits > 1) {
      *out++ = '.';
      memcpy(out, digits + 1, (size_t)ndigits - 1);
      out += ndigits - 1;
    }
    sprintf(out, "e%c%02d", exponent < 0 ? '-' : '+', abs(exponent));
  } else if (exponent < 0) {
    out += sprintf(out, "0.");
    for (int i = -1; i > exponent; i--)
      *out++ = '0';
    strcpy(out, digits);
  } else {
    int int_digits = exponent + 1;
    for (int i = 0; i < int_digits; i++)
      *out++ = i < ndigits ? digits[i] : '0';
    *out++ = '.';
    if (ndigits > int_digits) {
      strcpy(out, digits + int_digits);
    } else {
      strcpy(out, "0");
    }
  }
  return buf;
}

const char *pyfmt_pct_d(double x, char buf[48]) {
  if (!isfinite(x))
    return NULL;
  double whole = trunc(x);
  if (whole == 0)
    return strcpy(buf, "0");
  if (fabs(whole) < 1e40) {
    snprintf(buf, 48, "%.0f", whole);
    return buf;
  }
  static char huge[320]; /* up to 309 digits and a sign */
  snprintf(huge, sizeof huge, "%.0f", whole);
  return huge;
}
