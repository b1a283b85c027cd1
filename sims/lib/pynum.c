/* Text to numbers the way Python's int(), float() and optparse do it. */
#include "pynum.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int digit_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z')
    return c - 'A' + 10;
  return 99;
}

/* Magnitude as base-2^32 limbs, least significant first. */
typedef struct {
  uint32_t *limb;
  size_t n;
} bignum;

static void big_mul_add(bignum *b, uint32_t mul, uint32_t add) {
  uint64_t carry = add;
  for (size_t i = 0; i < b->n; i++) {
    uint64_t v = (uint64_t)b->limb[i] * mul + carry;
    b->limb[i] = (uint32_t)v;
    carry = v >> 32;
  }
  if (carry)
    b->limb[b->n++] = (uint32_t)carry;
}

/* Divides by 10^9 in place, returns the remainder. */
static uint32_t big_div_1e9(bignum *b) {
  uint64_t rem = 0;
  for (size_t i = b->n; i-- > 0;) {
    uint64_t cur = (rem << 32) | b->limb[i];
    b->limb[i] = (uint32_t)(cur / 1000000000u);
    rem = cur % 1000000000u;
  }
  while (b->n > 1 && b->limb[b->n - 1] == 0)
    b->n--;
  return (uint32_t)rem;
}

static char *big_to_decimal(bignum *b, bool negative) {
  size_t cap = b->n * 10 + 3; /* 2^32 < 10^10 */
  char *text = malloc(cap);
  if (!text)
    return NULL;
  char *end = text + cap, *p = end;
  *--p = '\0';
  do {
    uint32_t chunk = big_div_1e9(b);
    bool last = b->n == 1 && b->limb[0] == 0;
    for (int i = 0; i < 9 && (!last || chunk); i++) {
      *--p = (char)('0' + chunk % 10);
      chunk /= 10;
    }
  } while (!(b->n == 1 && b->limb[0] == 0));
  if (*p == '\0')
    *--p = '0';
  if (negative && strcmp(p, "0") != 0)
    *--p = '-';
  memmove(text, p, (size_t)(end - p));
  return text;
}

/* int(text, radix) on an already stripped span: sign, optional prefix that
 * matches the radix, digits with single '_' between them. */
static pynum_status parse_radix(const char *s, size_t len, int radix, char **decimal) {
  const char *p = s, *end = s + len;
  bool negative = false;
  if (p < end && (*p == '+' || *p == '-'))
    negative = *p++ == '-';
  bool after_prefix = false;
  if (end - p >= 2 && p[0] == '0') {
    char c = (char)tolower((unsigned char)p[1]);
    if ((radix == 16 && c == 'x') || (radix == 8 && c == 'o') || (radix == 2 && c == 'b')) {
      p += 2;
      after_prefix = true;
    }
  }
  bignum b = {calloc(len / 4 + 2, sizeof(uint32_t)), 1};
  if (!b.limb)
    return PYNUM_INVALID;
  size_t ndigits = 0;
  bool last_underscore = false;
  for (; p < end; p++) {
    if (*p == '_') {
      /* allowed between digits, or right after a base prefix */
      if (last_underscore || (ndigits == 0 && !after_prefix))
        goto invalid;
      last_underscore = true;
      continue;
    }
    int d = digit_value(*p);
    if (d >= radix)
      goto invalid;
    big_mul_add(&b, (uint32_t)radix, (uint32_t)d);
    ndigits++;
    last_underscore = false;
  }
  if (ndigits == 0 || last_underscore)
    goto invalid;
  *decimal = big_to_decimal(&b, negative);
  free(b.limb);
  return *decimal ? PYNUM_OK : PYNUM_INVALID;
invalid:
  free(b.limb);
  return PYNUM_INVALID;
}

static void strip(const char **s, size_t *len) {
  const char *p = *s, *end = *s + strlen(*s);
  while (p < end && isspace((unsigned char)*p))
    p++;
  while (end > p && isspace((unsigned char)end[-1]))
    end--;
  *s = p;
  *len = (size_t)(end - p);
}

pynum_status pyint_parse_decimal(const char *s, pyint_rules rules, char **decimal) {
  int radix = 10;
  /* optparse picks the radix from the raw text, before any stripping, so
     * ' 0x10' and '-0x10' are decimal (and so invalid). */
  if (rules == PYINT_OPTPARSE) {
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
      radix = 16;
    } else if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
      radix = 2;
      s += 2; /* optparse drops the prefix itself: '0b' alone is 0 */
      if (!*s)
        s = "0";
    } else if (s[0] == '0') {
      radix = 8;
    }
  }
  size_t len;
  strip(&s, &len);
  return parse_radix(s, len, radix, decimal);
}

pynum_status pyint_parse(const char *s, pyint_rules rules, long long *out) {
  char *decimal;
  pynum_status st = pyint_parse_decimal(s, rules, &decimal);
  if (st != PYNUM_OK)
    return st;
  errno = 0;
  long long v = strtoll(decimal, NULL, 10);
  free(decimal);
  if (errno == ERANGE)
    return PYNUM_RANGE;
  *out = v;
  return PYNUM_OK;
}

static bool word_is(const char *p, size_t len, const char *word) {
  return strlen(word) == len && strncasecmp(p, word, len) == 0;
}

/* Copies a run of digits with single '_' between them; returns the count of
 * digits, or -1 if an underscore is misplaced. */
static long copy_digits(const char **p, const char *end, char **out) {
  long n = 0;
  while (*p < end) {
    if (isdigit((unsigned char)**p)) {
      *(*out)++ = *(*p)++;
      n++;
    } else if (**p == '_' && n > 0 && *p + 1 < end && isdigit((unsigned char)(*p)[1])) {
      (*p)++;
    } else {
      break;
    }
  }
  return n;
}

pynum_status pyfloat_parse(const char *s, double *out) {
  size_t len;
  strip(&s, &len);
  const char *p = s, *end = s + len;
  char *clean = malloc(len + 1);
  if (!clean)
    return PYNUM_INVALID;
  char *q = clean;
  if (p < end && (*p == '+' || *p == '-'))
    *q++ = *p++;
  size_t rest = (size_t)(end - p);
  if (word_is(p, rest, "inf") || word_is(p, rest, "infinity") || word_is(p, rest, "nan")) {
    memcpy(q, p, rest);
    q += rest;
  } else {
    long int_digits = copy_digits(&p, end, &q), frac_digits = 0;
    if (p < end && *p == '.') {
      *q++ = *p++;
      frac_digits = copy_digits(&p, end, &q);
    }
    if (int_digits + frac_digits == 0)
      goto invalid;
    if (p < end && (*p == 'e' || *p == 'E')) {
      *q++ = *p++;
      if (p < end && (*p == '+' || *p == '-'))
        *q++ = *p++;
      if (copy_digits(&p, end, &q) == 0)
        goto invalid;
    }
    if (p != end)
      goto invalid;
  }
  *q = '\0';
  *out = strtod(clean, NULL);
  free(clean);
  return PYNUM_OK;
invalid:
  free(clean);
  return PYNUM_INVALID;
}

pynum_status pysize_parse(const char *s, long long *out) {
  size_t len = strlen(s);
  if (len == 0)
    return PYNUM_INVALID;
  int shift = 0;
  switch (tolower((unsigned char)s[len - 1])) {
  case 'k': shift = 10; break;
  case 'm': shift = 20; break;
  case 'g': shift = 30; break;
  }
  char *number = strndup(s, shift ? len - 1 : len);
  if (!number)
    return PYNUM_INVALID;
  long long value;
  pynum_status status = pyint_parse(number, PYINT_PLAIN, &value);
  const char *p = number;
  while (isspace((unsigned char)*p))
    p++;
  bool negative = *p == '-';
  free(number);
  if (status == PYNUM_OK && (value > (LLONG_MAX >> shift) || value < (LLONG_MIN >> shift)))
    status = PYNUM_RANGE;
  if (status == PYNUM_RANGE)
    *out = negative ? LLONG_MIN : LLONG_MAX;
  else if (status == PYNUM_OK)
    *out = value * (1LL << shift);
  return status;
}
