#include "bigdec.h"

#include <string.h>

int bigdec_mod(const char *decimal, int m) {
  const char *p = decimal;
  int negative = *p == '-';
  if (*p == '-' || *p == '+')
    p++;
  long long r = 0;
  for (; *p >= '0' && *p <= '9'; p++)
    r = (r * 10 + (*p - '0')) % m;
  if (negative && r != 0)
    r = m - r;
  return (int)r;
}

long long bigdec_clamp(const char *decimal, long long limit) {
  const char *p = decimal;
  int negative = *p == '-';
  if (*p == '-' || *p == '+')
    p++;
  long long v = 0;
  for (; *p >= '0' && *p <= '9'; p++) {
    v = v * 10 + (*p - '0');
    if (v > limit) {
      v = limit;
      break;
    }
  }
  return negative ? -v : v;
}

void bigdec_double(const char *decimal, char *buf) {
  const char *p = decimal;
  char *out = buf;
  if (*p == '-') {
    *out++ = '-';
    p++;
  }
  size_t n = strlen(p);
  /* Digits from the right, with a carry; then reversed. */
  char tmp[n + 2];
  size_t k = 0;
  int carry = 0;
  for (size_t i = n; i-- > 0;) {
    int d = (p[i] - '0') * 2 + carry;
    tmp[k++] = (char)('0' + d % 10);
    carry = d / 10;
  }
  if (carry)
    tmp[k++] = '1';
  while (k > 1 && tmp[k - 1] == '0')
    k--;
  if (k == 1 && tmp[0] == '0' && out != buf)
    out--; /* -0 is 0 */
  while (k > 0)
    *out++ = tmp[--k];
  *out = '\0';
}
