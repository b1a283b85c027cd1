#include "json.h"

#include <math.h>
#include <string.h>

#include "pyfmt.h"

static void flush(json_writer *w) {
  fwrite(w->buf, 1, w->len, w->out);
  w->len = 0;
}

static void put(json_writer *w, const char *s, size_t n) {
  if (w->len + n > sizeof w->buf) {
    flush(w);
    if (n > sizeof w->buf) {
      fwrite(s, 1, n, w->out);
      return;
    }
  }
  memcpy(w->buf + w->len, s, n);
  w->len += n;
}

static void put_str(json_writer *w, const char *s) {
  put(w, s, strlen(s));
}

static void put_char(json_writer *w, char c) {
  if (w->len == sizeof w->buf)
    flush(w);
  w->buf[w->len++] = c;
}

void json_init(json_writer *w, FILE *out) {
  w->len = 0;
  w->out = out;
  w->depth = 0;
  w->has_items[0] = false;
  w->compact[0] = false;
  w->after_key = false;
}

static void newline_indent(json_writer *w) {
  /* a newline then two spaces per level, in one write */
  static char spaces[1 + 2 * JSON_MAX_DEPTH];
  if (spaces[0] != '\n') {
    memset(spaces, ' ', sizeof spaces);
    spaces[0] = '\n';
  }
  put(w, spaces, 1 + 2 * (size_t)w->depth);
}

/* Everything that starts a value or a key goes through here: the comma
 * before it and, in a multi-line container, its own line. */
static void before_item(json_writer *w) {
  if (w->after_key) {
    w->after_key = false;
    return;
  }
  if (w->depth == 0)
    return;
  if (w->has_items[w->depth])
    put_char(w, ',');
  if (w->compact[w->depth]) {
    if (w->has_items[w->depth])
      put_char(w, ' ');
  } else {
    newline_indent(w);
  }
  w->has_items[w->depth] = true;
}

static void open_container(json_writer *w, char bracket, bool compact) {
  before_item(w);
  put_char(w, bracket);
  if (w->depth + 1 < JSON_MAX_DEPTH) {
    w->depth++;
    w->has_items[w->depth] = false;
    /* inside a compact container everything stays on one line */
    w->compact[w->depth] = compact || w->compact[w->depth - 1];
  }
}

static void close_container(json_writer *w, char bracket) {
  bool multiline = !w->compact[w->depth] && w->has_items[w->depth];
  if (w->depth > 0)
    w->depth--;
  if (multiline)
    newline_indent(w);
  put_char(w, bracket);
}

void json_object_begin(json_writer *w) {
  open_container(w, '{', false);
}
void json_object_begin_compact(json_writer *w) {
  open_container(w, '{', true);
}
void json_object_end(json_writer *w) {
  close_container(w, '}');
}
void json_array_begin(json_writer *w) {
  open_container(w, '[', false);
}
void json_array_begin_compact(json_writer *w) {
  open_container(w, '[', true);
}
void json_array_end(json_writer *w) {
  close_container(w, ']');
}

static bool needs_escape(const char *s, size_t *len) {
  const unsigned char *p = (const unsigned char *)s;
  for (; *p; p++)
    if (*p < 0x20 || *p == '"' || *p == '\\')
      return true;
  *len = (size_t)(p - (const unsigned char *)s);
  return false;
}

static void write_string(json_writer *w, const char *s) {
  put_char(w, '"');
  size_t len;
  if (!needs_escape(s, &len)) { /* the usual case: copy it whole */
    put(w, s, len);
    put_char(w, '"');
    return;
  }
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
    case '"': put_str(w, "\\\""); break;
    case '\\': put_str(w, "\\\\"); break;
    case '\n': put_str(w, "\\n"); break;
    case '\t': put_str(w, "\\t"); break;
    case '\r': put_str(w, "\\r"); break;
    default:
      if (*p < 0x20) {
        char esc[8];
        snprintf(esc, sizeof esc, "\\u%04x", *p);
        put_str(w, esc);
      } else {
        put_char(w, (char)*p);
      }
    }
  }
  put_char(w, '"');
}

void json_key(json_writer *w, const char *key) {
  before_item(w);
  write_string(w, key);
  put(w, ": ", 2);
  w->after_key = true;
}

void json_string(json_writer *w, const char *s) {
  before_item(w);
  write_string(w, s);
}

void json_int(json_writer *w, long long v) {
  before_item(w);
  char digits[24];
  put(w, digits, pyfmt_int(v, digits));
}

void json_double(json_writer *w, double v) {
  before_item(w);
  if (!isfinite(v)) {
    put_str(w, "null");
    return;
  }
  char buf[32];
  put_str(w, pyfmt_float(v, buf));
}

void json_bool(json_writer *w, bool v) {
  before_item(w);
  put_str(w, v ? "true" : "false");
}

void json_null(json_writer *w) {
  before_item(w);
  put_str(w, "null");
}

void json_raw(json_writer *w, const char *number) {
  before_item(w);
  put_str(w, number);
}

void json_finish(json_writer *w) {
  put_char(w, '\n');
  flush(w);
}

void json_kv_string(json_writer *w, const char *key, const char *s) {
  json_key(w, key);
  json_string(w, s);
}

void json_kv_int(json_writer *w, const char *key, long long v) {
  json_key(w, key);
  json_int(w, v);
}

void json_kv_double(json_writer *w, const char *key, double v) {
  json_key(w, key);
  json_double(w, v);
}

void json_kv_bool(json_writer *w, const char *key, bool v) {
  json_key(w, key);
  json_bool(w, v);
}

const char *json_option_key(const opt_spec *spec, char buf[64]) {
  const char *name = spec->long_name ? spec->long_name : spec->json_name;
  size_t n = 0;
  if (!name) {
    buf[n++] = spec->short_name;
    name = "";
  }
  for (const char *p = name; *p && n < 62; p++) {
    if (*p == '-') {
      buf[n++] = '_';
    } else if (*p >= 'A' && *p <= 'Z') {
      /* a word starts here: numQueues -> num_queues, stayAfterIO -> stay_after_io */
      if (p > name && ((p[-1] >= 'a' && p[-1] <= 'z') || (p[-1] >= '0' && p[-1] <= '9')))
        buf[n++] = '_';
      buf[n++] = (char)(*p - 'A' + 'a');
    } else {
      buf[n++] = *p;
    }
  }
  buf[n] = '\0';
  return buf;
}

void json_document_begin(json_writer *w, const char *simulator, json_option_fn custom, void *ctx) {
  json_object_begin(w);
  json_kv_string(w, "simulator", simulator);
  json_key(w, "options");
  json_object_begin(w);
  int n;
  const opt_spec *specs = opts_specs(&n);
  for (int i = 0; i < n; i++) {
    const opt_spec *s = &specs[i];
    char key[64];
    json_key(w, json_option_key(s, key));
    if (custom && custom(w, s, ctx))
      continue;
    switch (s->kind) {
    case OPT_FLAG: json_bool(w, *(const bool *)s->dest); break;
    case OPT_INT: json_int(w, *(const long long *)s->dest); break;
    case OPT_FLOAT: json_double(w, *(const double *)s->dest); break;
    case OPT_BIGINT: {
      const char *v = *(char *const *)s->dest;
      json_raw(w, v ? v : "0"); /* a seed left at its default */
      break;
    }
    case OPT_STRING: {
      const char *v = *(const char *const *)s->dest;
      if (v)
        json_string(w, v);
      else
        json_null(w);
      break;
    }
    }
  }
  json_object_end(w);
}
