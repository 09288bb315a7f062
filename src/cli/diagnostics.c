/* How diagnostics reach stderr: FILE:LINE:COL lines for people, or one JSON object a line. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static bool as_json; /* --diagnostics-format json; set once, before any thread starts */

int set_diagnostics_format(const char *name)
{
    if (strcmp(name, "json") == 0)
        as_json = true;
    else if (strcmp(name, "text") == 0)
        as_json = false;
    else
        return -1;
    return 0;
}

/* A JSON string: Vietnamese kept as it is, control characters escaped, and a byte that is not
 * UTF-8 (a file name can hold one) replaced by U+FFFD so that the line stays valid JSON. */
static void put_json_string(FILE *out, const char *text)
{
    if (!text) {
        fputs("null", out);
        return;
    }
    fputc('"', out);
    const unsigned char *s = (const unsigned char *)text, *end = s + strlen(text);
    while (s < end) {
        unsigned cp;
        size_t n = utf8_sequence(s, (size_t)(end - s), &cp);
        if (n == 0) {
            fputs("\xEF\xBF\xBD", out);
            s++;
            continue;
        }
        if (*s == '"' || *s == '\\')
            fprintf(out, "\\%c", *s);
        else if (*s == '\n')
            fputs("\\n", out);
        else if (*s == '\t')
            fputs("\\t", out);
        else if (*s < 0x20 || *s == 0x7F)
            fprintf(out, "\\u%04x", *s);
        else
            fwrite(s, 1, n, out);
        s += n;
    }
    fputc('"', out);
}

static void put_position(FILE *out, const char *key, int value)
{
    if (value > 0)
        fprintf(out, ",\"%s\":%d", key, value);
    else
        fprintf(out, ",\"%s\":null", key);
}

/* {"file":…,"line":…,"column":…,"severity":"error"|"warning","message":…}; a missing file or
 * position is null. The whole line is written with one lock, so that threads never mix. */
static void print_json(const vb_diagnostic *d)
{
    flockfile(stderr);
    fputs("{\"file\":", stderr);
    put_json_string(stderr, d->file);
    put_position(stderr, "line", d->line);
    put_position(stderr, "column", d->column);
    fprintf(stderr, ",\"severity\":\"%s\",\"message\":",
            d->severity == VB_SEVERITY_ERROR ? "error" : "warning");
    put_json_string(stderr, d->message);
    fputs("}\n", stderr);
    funlockfile(stderr);
}

void print_diagnostics(const vb_diagnostics *diag)
{
    for (size_t i = 0; i < vb_diagnostics_count(diag); i++) {
        if (as_json)
            print_json(vb_diagnostic_get(diag, i));
        else
            fprintf(stderr, "%s\n", vb_diagnostic_format(diag, i));
    }
}
