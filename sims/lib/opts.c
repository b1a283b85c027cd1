/* optparse-compatible option parsing: the same accepted command lines, the
 * same error wording (but one line, exit 2), and help in optparse's layout. */
#include "opts.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "linebuf.h"
#include "pynum.h"

static const char *program_name = "sim";
static opt_spec *parsed_specs;
static int parsed_nspecs;

const opt_spec *opts_specs(int *nspecs) {
  *nspecs = parsed_nspecs;
  return parsed_specs;
}

static void keep_specs(const opt_spec *specs, int nspecs) {
  free(parsed_specs);
  parsed_specs = malloc((size_t)(nspecs > 0 ? nspecs : 1) * sizeof *specs);
  if (!parsed_specs)
    abort();
  memcpy(parsed_specs, specs, (size_t)nspecs * sizeof *specs);
  parsed_nspecs = nspecs;
}

const char *opts_prog(void) {
  return program_name;
}

void opts_die(const char *fmt, ...) {
  fflush(stdout);
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "%s: error: ", program_name);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(2);
}

const char *opts_name(const opt_spec *spec) {
  static char buf[128];
  if (spec->short_name && spec->long_name)
    snprintf(buf, sizeof buf, "-%c/--%s", spec->short_name, spec->long_name);
  else if (spec->short_name)
    snprintf(buf, sizeof buf, "-%c", spec->short_name);
  else
    snprintf(buf, sizeof buf, "--%s", spec->long_name ? spec->long_name : "?");
  return buf;
}

/* Four buffers in turn, so that one message can quote several values; they
 * live until the program ends (messages end it). */
const char *opts_repr(const char *s) {
  static linebuf bufs[4];
  static int next;
  linebuf *b = &bufs[next];
  next = (next + 1) % 4;
  if (!b->text)
    lb_init(b);
  lb_clear(b);
  lb_repr(b, s);
  return lb_text(b);
}

void opts_check_range(const char *option, const char *what, long long v, long long lo,
                      long long hi) {
  if (v < lo || v > hi)
    opts_die("option %s: %s%smust be between %lld and %lld, not %lld", option, what ? what : "",
             what ? " " : "", lo, hi, v);
}

static bool takes_value(const opt_spec *spec) {
  return spec->kind != OPT_FLAG;
}

/* Stores a value; 'used' is the option as optparse names it in errors. */
static void store_value(const opt_spec *spec, const char *used, const char *value) {
  switch (spec->kind) {
  case OPT_FLAG: *(bool *)spec->dest = true; break;
  case OPT_STRING: *(const char **)spec->dest = value; break;
  case OPT_INT: {
    pynum_status st = pyint_parse(value, PYINT_OPTPARSE, (long long *)spec->dest);
    if (st == PYNUM_INVALID)
      opts_die("option %s: invalid integer value: %s", used, opts_repr(value));
    if (st == PYNUM_RANGE)
      opts_die("option %s: integer value out of range: %s", used, opts_repr(value));
    break;
  }
  case OPT_BIGINT:
    if (pyint_parse_decimal(value, PYINT_OPTPARSE, (char **)spec->dest) != PYNUM_OK)
      opts_die("option %s: invalid integer value: %s", used, opts_repr(value));
    break;
  case OPT_FLOAT:
    if (pyfloat_parse(value, (double *)spec->dest) != PYNUM_OK)
      opts_die("option %s: invalid floating-point value: %s", used, opts_repr(value));
    break;
  }
}

/* The long option 'name' (without dashes) names: an exact match, else the
 * only one it is a prefix of. --help counts as an option like the others. */
static const opt_spec *match_long(const char *name, size_t len, const opt_spec *specs, int nspecs,
                                  const opt_spec *help) {
  const opt_spec *found = NULL;
  int matches = 0;
  for (int i = -1; i < nspecs; i++) {
    const opt_spec *s = i < 0 ? help : &specs[i];
    if (!s->long_name || strncmp(s->long_name, name, len) != 0)
      continue;
    if (strlen(s->long_name) == len)
      return s;
    found = s;
    matches++;
  }
  if (matches == 1)
    return found;
  if (matches == 0)
    opts_die("no such option: --%.*s", (int)len, name);

  /* optparse lists the candidates sorted */
  const char *cands[matches];
  int n = 0;
  for (int i = -1; i < nspecs; i++) {
    const opt_spec *s = i < 0 ? help : &specs[i];
    if (s->long_name && strncmp(s->long_name, name, len) == 0)
      cands[n++] = s->long_name;
  }
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && strcmp(cands[j - 1], cands[j]) > 0; j--) {
      const char *t = cands[j];
      cands[j] = cands[j - 1];
      cands[j - 1] = t;
    }
  char list[1024] = "";
  size_t used = 0;
  for (int i = 0; i < n && used < sizeof list - 64; i++)
    used += (size_t)snprintf(list + used, sizeof list - used, "%s--%s", i ? ", " : "", cands[i]);
  opts_die("ambiguous option: --%.*s (%s?)", (int)len, name, list);
}

static const opt_spec *match_short(char c, const opt_spec *specs, int nspecs,
                                   const opt_spec *help) {
  if (c == help->short_name)
    return help;
  for (int i = 0; i < nspecs; i++)
    if (specs[i].short_name == c)
      return &specs[i];
  opts_die("no such option: -%c", c);
}

opts_result opts_parse(int argc, char **argv, const opt_spec *specs, int nspecs) {
  const char *slash = argc > 0 ? strrchr(argv[0], '/') : NULL;
  program_name = argc > 0 ? (slash ? slash + 1 : argv[0]) : "sim";
  keep_specs(specs, nspecs);
  const opt_spec help = {'h', "help", OPT_FLAG, NULL, NULL, "show this help message and exit"};

  opts_result res = {program_name, 0, calloc((size_t)argc + 1, sizeof(char *))};
  if (!res.positional)
    abort();
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (strcmp(arg, "--") == 0) {
      while (++i < argc)
        res.positional[res.npositional++] = argv[i];
      break;
    }
    if (strncmp(arg, "--", 2) == 0) {
      const char *name = arg + 2, *eq = strchr(name, '=');
      size_t len = eq ? (size_t)(eq - name) : strlen(name);
      const opt_spec *spec = match_long(name, len, specs, nspecs, &help);
      char used[160];
      snprintf(used, sizeof used, "--%s", spec->long_name);
      const char *value = NULL;
      if (takes_value(spec)) {
        if (eq)
          value = eq + 1;
        else if (i + 1 < argc)
          value = argv[++i];
        else
          opts_die("%s option requires 1 argument", used);
      } else if (eq) {
        opts_die("%s option does not take a value", used);
      }
      if (spec == &help) {
        opts_print_help(program_name, specs, nspecs);
        exit(0);
      }
      store_value(spec, used, value);
    } else if (arg[0] == '-' && arg[1] != '\0') {
      for (const char *p = arg + 1; *p; p++) {
        const opt_spec *spec = match_short(*p, specs, nspecs, &help);
        char used[3] = {'-', *p, '\0'};
        if (spec == &help) {
          opts_print_help(program_name, specs, nspecs);
          exit(0);
        }
        if (!takes_value(spec)) {
          store_value(spec, used, NULL);
          continue;
        }
        /* the rest of the word is the value, else the next word */
        if (p[1])
          store_value(spec, used, p + 1);
        else if (i + 1 < argc)
          store_value(spec, used, argv[++i]);
        else
          opts_die("%s option requires 1 argument", used);
        break;
      }
    } else {
      res.positional[res.npositional++] = argv[i];
    }
  }
  return res;
}

/* ---- help, in optparse's IndentedHelpFormatter layout ---- */

static int terminal_width(void) {
  const char *env = getenv("COLUMNS");
  if (env) {
    char *end;
    long c = strtol(env, &end, 10);
    if (end != env && *end == '\0' && c > 0 && c < 10000)
      return (int)c;
  }
  struct winsize ws;
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    return ws.ws_col;
  return 80;
}

static void option_strings(const opt_spec *s, char *buf, size_t size) {
  char meta[64];
  if (s->metavar) {
    snprintf(meta, sizeof meta, "%s", s->metavar);
  } else {
    snprintf(meta, sizeof meta, "%s", s->long_name ? s->long_name : (char[]){s->short_name, 0});
    for (char *p = meta; *p; p++)
      *p = (char)toupper((unsigned char)*p);
  }
  size_t n = 0;
  buf[0] = '\0';
  if (s->short_name)
    n +=
        (size_t)snprintf(buf + n, size - n, takes_value(s) ? "-%c %s" : "-%c", s->short_name, meta);
  if (s->long_name && n < size)
    n += (size_t)snprintf(buf + n, size - n, takes_value(s) ? "%s--%s=%s" : "%s--%s",
                          s->short_name ? ", " : "", s->long_name, meta);
}

/* Greedy word wrap of text into lines of at most width columns; the first
 * line starts at column first_indent (0 = right after the option strings). */
static void print_wrapped(const char *text, int width, int first_indent, int indent) {
  const char *p = text;
  bool first = true;
  while (*p) {
    while (*p == ' ')
      p++;
    if (!*p)
      break;
    int line_len = 0;
    const char *line_start = p, *line_end = p;
    while (*p) {
      const char *word = p;
      while (*p && *p != ' ')
        p++;
      int wlen = (int)(p - word);
      int needed = line_len ? line_len + 1 + wlen : wlen;
      if (line_len && needed > width) {
        p = word;
        break;
      }
      line_len = needed;
      line_end = p;
      while (*p == ' ')
        p++;
    }
    printf("%*s%.*s\n", first ? first_indent : indent, "", (int)(line_end - line_start),
           line_start);
    first = false;
  }
  if (first)
    putchar('\n');
}

void opts_print_help(const char *prog, const opt_spec *specs, int nspecs) {
  const opt_spec help = {'h', "help", OPT_FLAG, NULL, NULL, "show this help message and exit"};
  int width = terminal_width() - 2;
  int max_len = 0;
  char strings[256];
  for (int i = -1; i < nspecs; i++) {
    option_strings(i < 0 ? &help : &specs[i], strings, sizeof strings);
    int len = (int)strlen(strings) + 2;
    if (len > max_len)
      max_len = len;
  }
  int help_position = max_len + 2 < 24 ? max_len + 2 : 24;
  int help_width = width - help_position > 11 ? width - help_position : 11;

  printf("Usage: %s [options]\n\nOptions:\n", prog);
  for (int i = -1; i < nspecs; i++) {
    const opt_spec *s = i < 0 ? &help : &specs[i];
    option_strings(s, strings, sizeof strings);
    int opt_width = help_position - 2 - 2;
    int first_indent = 0;
    if ((int)strlen(strings) > opt_width) {
      printf("  %s\n", strings);
      first_indent = help_position;
    } else {
      printf("  %-*s  ", opt_width, strings);
    }
    if (s->help && *s->help)
      print_wrapped(s->help, help_width, first_indent, help_position);
    else if (first_indent == 0)
      putchar('\n');
  }
}
