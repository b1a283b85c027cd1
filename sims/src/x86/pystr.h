/* Python's str methods that the originals' assembler uses, on ASCII text:
 * strip, split on blanks or on a separator, replace. Results are malloc'd. */
#ifndef SIMS_X86_PYSTR_H
#define SIMS_X86_PYSTR_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
  char **items;
  int count;
} pystr_list;

bool py_space(char c);
char *py_dup(const char *s);
char *py_ndup(const char *s, size_t n);
char *py_strip(const char *s);
char *py_rstrip(const char *s);
/* s.split(): words between blanks. */
pystr_list py_split_ws(const char *s);
/* s.split(sep) with a non-empty separator; maxsplit < 0 for no limit. */
pystr_list py_split(const char *s, const char *sep, int maxsplit);
/* s.split(None, 1): *rest is NULL when there is no second word. */
void py_split_first(const char *s, char **first, char **rest);
char *py_replace(const char *s, const char *old, const char *with);
/* str.isdigit() on ASCII: non-empty and all '0'..'9'. */
bool py_isdigit(const char *s);
bool py_isalpha_char(char c);
void pystr_list_free(pystr_list *l);
/* A formatted malloc'd string. */
char *py_format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
