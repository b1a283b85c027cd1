#include "json.h"

#include <math.h>

#include "pyfmt.h"

void json_init(json_writer *w, FILE *out)
{
    w->out = out;
    w->depth = 0;
    w->has_items[0] = false;
    w->compact[0] = false;
    w->after_key = false;
}

static void newline_indent(json_writer *w)
{
    fputc('\n', w->out);
    for (int i = 0; i < w->depth; i++)
        fputs("  ", w->out);
}

/* Everything that starts a value or a key goes through here: the comma
 * before it and, in a multi-line container, its own line. */
static void before_item(json_writer *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth == 0)
        return;
    if (w->has_items[w->depth])
        fputc(',', w->out);
    if (w->compact[w->depth]) {
        if (w->has_items[w->depth])
            fputc(' ', w->out);
    } else {
        newline_indent(w);
    }
    w->has_items[w->depth] = true;
}

static void open_container(json_writer *w, char bracket, bool compact)
{
    before_item(w);
    fputc(bracket, w->out);
    if (w->depth + 1 < JSON_MAX_DEPTH) {
        w->depth++;
        w->has_items[w->depth] = false;
        /* inside a compact container everything stays on one line */
        w->compact[w->depth] = compact || w->compact[w->depth - 1];
    }
}

static void close_container(json_writer *w, char bracket)
{
    bool multiline = !w->compact[w->depth] && w->has_items[w->depth];
    if (w->depth > 0)
        w->depth--;
    if (multiline)
        newline_indent(w);
    fputc(bracket, w->out);
}

void json_object_begin(json_writer *w) { open_container(w, '{', false); }
void json_object_begin_compact(json_writer *w) { open_container(w, '{', true); }
void json_object_end(json_writer *w) { close_container(w, '}'); }
void json_array_begin(json_writer *w) { open_container(w, '[', false); }
void json_array_begin_compact(json_writer *w) { open_container(w, '[', true); }
void json_array_end(json_writer *w) { close_container(w, ']'); }

static void write_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\t': fputs("\\t", out); break;
        case '\r': fputs("\\r", out); break;
        default:
            if (*p < 0x20)
                fprintf(out, "\\u%04x", *p);
            else
                fputc(*p, out);
        }
    }
    fputc('"', out);
}

void json_key(json_writer *w, const char *key)
{
    before_item(w);
    write_string(w->out, key);
    fputs(": ", w->out);
    w->after_key = true;
}

void json_string(json_writer *w, const char *s)
{
    before_item(w);
    write_string(w->out, s);
}

void json_int(json_writer *w, long long v)
{
    before_item(w);
    fprintf(w->out, "%lld", v);
}

void json_double(json_writer *w, double v)
{
    before_item(w);
    if (!isfinite(v)) {
        fputs("null", w->out);
        return;
    }
    char buf[32];
    fputs(pyfmt_float(v, buf), w->out);
}

void json_bool(json_writer *w, bool v)
{
    before_item(w);
    fputs(v ? "true" : "false", w->out);
}

void json_null(json_writer *w)
{
    before_item(w);
    fputs("null", w->out);
}

void json_finish(json_writer *w)
{
    fputc('\n', w->out);
}

void json_kv_string(json_writer *w, const char *key, const char *s)
{
    json_key(w, key);
    json_string(w, s);
}

void json_kv_int(json_writer *w, const char *key, long long v)
{
    json_key(w, key);
    json_int(w, v);
}

void json_kv_double(json_writer *w, const char *key, double v)
{
    json_key(w, key);
    json_double(w, v);
}

void json_kv_bool(json_writer *w, const char *key, bool v)
{
    json_key(w, key);
    json_bool(w, v);
}
