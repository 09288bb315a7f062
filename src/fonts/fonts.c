/* The fontset: the four styles found in a folder, and measuring text with them. */
#include "fonts/fonts.h"

#include <dirent.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/utf8.h"
#include "fonts/font.h"

/* Table entries are stored so that 0, what calloc leaves, means "not asked yet": the fontset
 * needs no pass over its 47,000 entries when it is made. fast_advance holds the advance with
 * its sign bit flipped (INT16_MIN, never a width libharu writes, is then 0); missing_fast the
 * bit set of missing styles with KNOWN added. */
#define NOT_ASKED 0
#define STORED_ADVANCE(a) ((int16_t)(uint16_t)((uint16_t)(a) ^ 0x8000u))
#define KNOWN 0x10u

/* The PDF backend draws only characters of the BMP (libharu's UTF-8 decoder turns the others
 * into a space), so above it every glyph counts as missing. */
#define BMP_LIMIT 0x10000u

struct vb_fontset {
    vb_font styles[4];
    /* KNOWN | styles lacking each code point as a bit set, or NOT_ASKED */
    _Atomic uint8_t missing_fast[FAST_LIMIT];
};

static const char *const style_label[4] = {"thường", "đậm", "nghiêng", "đậm nghiêng"};

/* File names by style, in order of preference. Matching ignores case, so "TIMES.TTF" and
 * "Times.ttf" (Windows copies) are found as well. */
static const char *const candidate_names[4][8] = {
    [VB_STYLE_REGULAR] = {"LiberationSerif-Regular.ttf", "Tinos-Regular.ttf", "times.ttf",
                         "Times New Roman.ttf", "TimesNewRoman.ttf", "TimesNewRoman-Regular.ttf",
                         "TimesNewRomanPSMT.ttf", NULL},
    [VB_STYLE_BOLD] = {"LiberationSerif-Bold.ttf", "Tinos-Bold.ttf", "timesbd.ttf",
                      "Times New Roman Bold.ttf", "TimesNewRoman-Bold.ttf",
                      "TimesNewRomanBold.ttf", "TimesNewRomanPS-BoldMT.ttf", NULL},
    [VB_STYLE_ITALIC] = {"LiberationSerif-Italic.ttf", "Tinos-Italic.ttf", "timesi.ttf",
                        "Times New Roman Italic.ttf", "TimesNewRoman-Italic.ttf",
                        "TimesNewRomanItalic.ttf", "TimesNewRomanPS-ItalicMT.ttf", NULL},
    [VB_STYLE_BOLD_ITALIC] = {"LiberationSerif-BoldItalic.ttf", "Tinos-BoldItalic.ttf",
                             "timesbi.ttf", "Times New Roman Bold Italic.ttf",
                             "TimesNewRoman-BoldItalic.ttf", "TimesNewRomanBoldItalic.ttf",
                             "TimesNewRomanPS-BoldItalicMT.ttf", NULL},
};

static const vb_font *font_of(const vb_fontset *fs, vb_style st)
{
    if (!fs || (unsigned)st > VB_STYLE_BOLD_ITALIC)
        return NULL;
    return &fs->styles[st];
}

static const char no_memory[] = "hết bộ nhớ khi nạp phông chữ";

/* Picks the preferred candidate present in dir; among names equal but for case, the
 * byte-wise smallest, so that the choice never depends on readdir order. *found tells a
 * missing style from a path that could not be allocated. */
static char *find_style_file(const char *dir, char *const *entries, size_t nentries,
                             vb_style st, bool *found)
{
    *found = false;
    for (const char *const *name = candidate_names[st]; *name; name++) {
        const char *best = NULL;
        for (size_t i = 0; i < nentries; i++)
            if (strcasecmp(entries[i], *name) == 0 && (!best || strcmp(entries[i], best) < 0))
                best = entries[i];
        if (best) {
            *found = true;
            size_t n = strlen(dir) + 1 + strlen(best) + 1;
            char *path = malloc(n);
            if (path)
                snprintf(path, n, "%s/%s", dir, best);
            return path;
        }
    }
    return NULL;
}

static void free_entries(char **entries, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(entries[i]);
    free(entries);
}

/* The names in dir; NULL with errno set (ENOMEM among others) when it cannot be listed whole:
 * a partial list would report fonts missing that are there. */
static char **list_dir(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **entries = calloc(1, sizeof *entries); /* an empty folder is not a failure */
    size_t n = 0, cap = entries ? 1 : 0;
    struct dirent *e = NULL;
    while (entries && (e = readdir(d))) {
        if (n == cap) {
            char **grown = realloc(entries, cap * 2 * sizeof *grown);
            if (!grown)
                break;
            entries = grown;
            cap *= 2;
        }
        if (!(entries[n] = strdup(e->d_name)))
            break;
        n++;
    }
    closedir(d);
    if (!entries || e) {
        free_entries(entries, n);
        errno = ENOMEM;
        return NULL;
    }
    *count = n;
    return entries;
}

static void report_missing_style(vb_diagnostics *diag, const char *dir, vb_style st)
{
    char tried[512] = "";
    size_t used = 0;
    for (const char *const *name = candidate_names[st]; *name && used < sizeof tried; name++) {
        int n = snprintf(tried + used, sizeof tried - used, "%s\"%s\"", used ? ", " : "", *name);
        if (n < 0)
            break;
        used += (size_t)n;
    }
    vb_diag_error(diag, NULL, 0, 0,
                  "thư mục phông chữ \"%s\" thiếu kiểu %s (đã tìm: %s, không phân biệt hoa thường)",
                  dir, style_label[st], tried);
}

/* The four files of dir, by style; false with a diagnostic when one is missing. */
static bool find_style_files(const char *dir, char *paths[4], vb_diagnostics *diag)
{
    size_t nentries = 0;
    errno = 0;
    char **entries = list_dir(dir, &nentries);
    if (!entries) {
        if (errno == ENOMEM)
            vb_diag_out_of_memory(diag, NULL, "%s", no_memory);
        else
            vb_diag_error(diag, NULL, 0, 0, "không mở được thư mục phông chữ \"%s\"", dir);
        return false;
    }
    bool complete = true, out_of_memory = false;
    for (int st = 0; st < 4; st++) {
        bool found;
        paths[st] = find_style_file(dir, entries, nentries, (vb_style)st, &found);
        if (!found)
            report_missing_style(diag, dir, (vb_style)st);
        out_of_memory = out_of_memory || (found && !paths[st]);
        complete = complete && paths[st];
    }
    free_entries(entries, nentries);
    if (out_of_memory)
        vb_diag_out_of_memory(diag, NULL, "%s", no_memory);
    return complete;
}

vb_fontset *vb_fontset_load(const char *dir, vb_diagnostics *diag)
{
    if (!dir || !*dir) {
        vb_diag_error(diag, NULL, 0, 0, "chưa chỉ định thư mục phông chữ");
        return NULL;
    }
    char *paths[4] = {NULL};
    bool complete = find_style_files(dir, paths, diag);
    vb_fontset *fs = complete ? calloc(1, sizeof *fs) : NULL;
    if (!fs) {
        for (int st = 0; st < 4; st++)
            free(paths[st]);
        if (complete)
            vb_diag_out_of_memory(diag, NULL, "%s", no_memory);
        return NULL;
    }
    bool ok = true;
    for (int st = 0; st < 4; st++) {
        /* Ownership of each path passes to its vb_font, even when loading fails. */
        if (ok)
            ok = vb_font_load(&fs->styles[st], paths[st], style_label[st], diag);
        else
            free(paths[st]);
    }
    if (!ok) {
        vb_fontset_free(fs);
        return NULL;
    }
    return fs;
}

void vb_fontset_free(vb_fontset *fs)
{
    if (!fs)
        return;
    for (int st = 0; st < 4; st++)
        vb_font_release(&fs->styles[st]);
    free(fs);
}

const char *vb_font_path(const vb_fontset *fs, vb_style st)
{
    const vb_font *f = font_of(fs, st);
    return f ? f->path : "";
}

const char *vb_font_postscript_name(const vb_fontset *fs, vb_style st)
{
    const vb_font *f = font_of(fs, st);
    return f ? f->postscript_name : "";
}

/* First use of a code point below FAST_LIMIT: ask HarfBuzz, remember the answer. */
__attribute__((noinline, cold)) static int fill_fast_advance(const vb_font *f, uint32_t cp)
{
    /* const only to callers: the entry is filled on first use (see FAST_LIMIT) */
    _Atomic int16_t *entry = (_Atomic int16_t *)&f->fast_advance[cp];
    int advance = vb_font_lookup_advance(f, cp);
    atomic_store_explicit(entry, STORED_ADVANCE(advance), memory_order_relaxed);
    return advance;
}

static inline int advance_or_missing(const vb_font *f, uint32_t cp)
{
    if (cp < FAST_LIMIT) {
        int stored = atomic_load_explicit(&f->fast_advance[cp], memory_order_relaxed);
        return stored != NOT_ASKED ? STORED_ADVANCE(stored) : fill_fast_advance(f, cp);
    }
    if (cp >= BMP_LIMIT)
        return NO_GLYPH;
    return vb_font_lookup_advance(f, cp);
}

unsigned vb_fontset_missing_styles(const vb_fontset *fs, uint32_t cp)
{
    if (!fs || cp >= BMP_LIMIT)
        return 0xF;
    _Atomic uint8_t *entry =
        cp < FAST_LIMIT ? (_Atomic uint8_t *)&fs->missing_fast[cp] : NULL;
    if (entry) {
        unsigned known = atomic_load_explicit(entry, memory_order_relaxed);
        if (known != NOT_ASKED)
            return known & ~KNOWN;
    }
    unsigned missing = 0;
    for (int st = 0; st < 4; st++)
        if (advance_or_missing(&fs->styles[st], cp) == NO_GLYPH)
            missing |= 1u << st;
    if (entry)
        atomic_store_explicit(entry, (uint8_t)(missing | KNOWN), memory_order_relaxed);
    return missing;
}

void vb_font_pdf_info_get(const vb_fontset *fs, vb_style st, vb_font_pdf_info *out)
{
    const vb_font *f = font_of(fs, st);
    if (f)
        *out = f->pdf;
    else
        memset(out, 0, sizeof *out);
}

bool vb_font_has_glyph(const vb_fontset *fs, vb_style st, uint32_t cp)
{
    const vb_font *f = font_of(fs, st);
    return f && advance_or_missing(f, cp) != NO_GLYPH;
}

int vb_font_advance(const vb_fontset *fs, vb_style st, uint32_t cp)
{
    const vb_font *f = font_of(fs, st);
    if (!f)
        return 0;
    int advance = advance_or_missing(f, cp);
    return advance == NO_GLYPH ? 0 : advance;
}

long vb_text_units(const vb_fontset *fs, vb_style st, const char *utf8, size_t len)
{
    const vb_font *f = font_of(fs, st);
    if (!f || !utf8)
        return 0;
    const unsigned char *s = (const unsigned char *)utf8;
    long total = 0;
    size_t i = 0;
    while (i < len) {
        size_t used;
        uint32_t cp;
        if (s[i] < 0x80) {
            cp = s[i];
            used = 1;
        } else {
            cp = vb_utf8_next(s + i, len - i, &used);
        }
        int advance = advance_or_missing(f, cp);
        if (advance != NO_GLYPH)
            total += advance;
        i += used;
    }
    return total;
}

double vb_text_width(const vb_fontset *fs, vb_style st, double size, const char *utf8,
                     size_t len)
{
    return (double)vb_text_units(fs, st, utf8, len) * size / 1000.0; /* 0 without a font */
}

int vb_font_ascender(const vb_fontset *fs, vb_style st)
{
    const vb_font *f = font_of(fs, st);
    return f ? f->ascender : 0;
}

int vb_font_descender(const vb_fontset *fs, vb_style st)
{
    const vb_font *f = font_of(fs, st);
    return f ? f->descender : 0;
}

int vb_font_line_gap(const vb_fontset *fs, vb_style st)
{
    const vb_font *f = font_of(fs, st);
    return f ? f->line_gap : 0;
}

int vb_font_subset(const vb_fontset *fs, vb_style st, const uint32_t *cps, size_t ncps,
                   unsigned char **out, size_t *out_len)
{
    return vb_font_subset_glyphs(fs, st, cps, ncps, NULL, out, out_len);
}

int vb_font_subset_glyphs(const vb_fontset *fs, vb_style st, const uint32_t *cps,
                          size_t ncps, uint16_t *gids, unsigned char **out, size_t *out_len)
{
    const vb_font *f = font_of(fs, st);
    if (!f || !out || !out_len || (ncps && !cps))
        return -1;
    return vb_font_make_subset(f, cps, ncps, gids, out, out_len) == VB_SUBSET_OK ? 0 : -1;
}
