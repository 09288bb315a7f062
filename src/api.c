/* The public API: an engine that owns the fonts, and the per-document pipeline
 * load → prepare → layout → PDF, and the write of the result (common/fileio.c). */
#include "../include/vanban.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/arena.h"
#include "common/diag.h"
#include "common/fileio.h"
#include "engine.h"
#include "fonts/fonts.h"
#include "layout/layout.h"
#include "load/load.h"
#include "model/model.h"
#include "pdf/pdf.h"
#include "prepare/prepare.h"

/* Documents rarely name their own font folder, and each set costs a few MB of font data; a
 * handful of cached folders covers real use. Beyond that a folder is loaded for the document
 * and released after it, which is slow but correct. */
#define FONT_CACHE_SLOTS 8

typedef struct {
    char *dir; /* canonical (realpath) folder */
    vb_fontset *fonts;
} font_cache_slot;

struct vb_engine {
    vb_fontset *default_fonts;
    char *default_dir; /* canonical folder of default_fonts */
    pthread_mutex_t cache_lock;
    font_cache_slot cache[FONT_CACHE_SLOTS];
    size_t ncached;
};

/* The fonts a document is rendered with; release with release_fonts(). */
typedef struct {
    const vb_fontset *fonts;
    vb_fontset *owned; /* set when the folder did not fit in the cache */
} doc_fonts;

/* ---------------------------------------------------------------- helpers ---- */

static void copy_diagnostics(vb_diagnostics *to, const vb_diagnostics *from)
{
    for (size_t i = 0; i < vb_diagnostics_count(from); i++) {
        const vb_diagnostic *g = vb_diagnostic_get(from, i);
        if (g->severity == VB_SEVERITY_ERROR)
            vb_diag_error(to, g->file, g->line, g->column, "%s", g->message);
        else
            vb_diag_warning(to, g->file, g->line, g->column, "%s", g->message);
    }
}

static char *join_path(const char *dir, const char *name)
{
    size_t dlen = strlen(dir), nlen = strlen(name);
    char *p = malloc(dlen + 1 + nlen + 1);
    if (!p)
        return NULL;
    memcpy(p, dir, dlen);
    p[dlen] = '/';
    memcpy(p + dlen + 1, name, nlen + 1);
    return p;
}

static bool is_directory(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ------------------------------------------------------------------ fonts ---- */

/* Loads a font folder, remembering its canonical name so that "fonts", "./fonts" and an
 * absolute spelling of it share one cache entry. On failure the error says which folder and
 * who asked for it (origin_key, e.g. "trinh_bay.phong_chu", in origin_file), then the font
 * loader's own reasons. */
/* No position: the folder came from the caller or the environment, not from the content. */
static const vb_pos NO_POS = {0, 0};

static vb_fontset *load_font_folder(const char *dir, char **canonical, const char *origin_file,
                                    vb_pos origin_pos, const char *origin_key,
                                    vb_diagnostics *diag)
{
    vb_diagnostics *reasons = vb_diagnostics_new();
    vb_fontset *fonts = reasons ? vb_fontset_load(dir, reasons) : NULL;
    if (fonts) {
        *canonical = realpath(dir, NULL);
        if (!*canonical)
            *canonical = strdup(dir);
        if (!*canonical) {
            vb_fontset_free(fonts);
            fonts = NULL;
        }
    }
    if (!fonts && (!reasons || vb_diag_memory_failures(reasons) ||
                   !vb_diagnostics_errors(reasons))) {
        /* Memory failed, not the fonts: "cannot load the fonts" would send the clerk to them. */
        vb_diag_out_of_memory(diag, origin_file, "hết bộ nhớ khi nạp phông chữ từ thư mục %s", dir);
    } else if (!fonts) {
        vb_diag_error(diag, origin_file, origin_pos.line, origin_pos.col,
                      "%s%skhông nạp được phông chữ từ thư mục %s",
                      origin_key ? origin_key : "", origin_key ? ": " : "", dir);
        copy_diagnostics(diag, reasons);
    } else {
        copy_diagnostics(diag, reasons); /* warnings, if any */
    }
    vb_diagnostics_free(reasons);
    return fonts;
}

/* The folder of the running program, so that an uninstalled build finds the fonts of its own
 * checkout whatever the current directory is. */
static char *executable_folder(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = 0;
    return vb_path_folder(exe);
}

/* The folders where the default fonts may be, in order; a NULL entry (and *short_of_memory)
 * when memory ran out building it, for a folder skipped that way is not a folder missing. */
static size_t default_candidates(char *candidates[5], bool *short_of_memory)
{
    size_t n = 0;
    errno = 0;
    char *exe_dir = executable_folder();
    *short_of_memory = !exe_dir && errno == ENOMEM;
    if (exe_dir) {
        candidates[n++] = join_path(exe_dir, "../fonts");
        candidates[n++] = join_path(exe_dir, "../../fonts");
        candidates[n++] = join_path(exe_dir, "../share/vanban/fonts");
        free(exe_dir);
    }
#ifdef VB_INSTALL_FONT_DIR
    candidates[n++] = strdup(VB_INSTALL_FONT_DIR);
#endif
    candidates[n++] = strdup("fonts");
    for (size_t i = 0; i < n; i++)
        *short_of_memory = *short_of_memory || !candidates[i];
    return n;
}

/* The default font folder is the first that loads of: $VANBAN_FONT_DIR, the checkout or
 * prefix around the executable, the install prefix, ./fonts. A folder that exists but fails
 * to load is remembered so the final error says why, not only that nothing was found. */
static vb_fontset *load_default_fonts(char **canonical, vb_diagnostics *diag)
{
    const char *env_dir = getenv("VANBAN_FONT_DIR");
    if (env_dir && *env_dir) {
        /* An explicit setting is obeyed or reported, never silently passed over. */
        return load_font_folder(env_dir, canonical, NULL, NO_POS, "VANBAN_FONT_DIR", diag);
    }

    char *candidates[5] = {0};
    bool short_of_memory = false;
    size_t ncandidates = default_candidates(candidates, &short_of_memory);

    /* Run from the checkout, "build/../fonts" and "./fonts" are one folder: try it once. */
    char *seen[5] = {0};
    vb_diagnostics *reasons = vb_diagnostics_new();
    short_of_memory = short_of_memory || !reasons;
    vb_fontset *fonts = NULL;
    vb_buf tried = {0};
    for (size_t i = 0; i < ncandidates && !fonts; i++) {
        if (!candidates[i])
            continue;
        seen[i] = realpath(candidates[i], NULL);
        bool again = false;
        for (size_t j = 0; j < i && seen[i]; j++)
            again = again || (seen[j] && strcmp(seen[i], seen[j]) == 0);
        if (again)
            continue;
        vb_buf_printf(&tried, "%s%s", tried.len ? ", " : "", seen[i] ? seen[i] : candidates[i]);
        if (is_directory(candidates[i]))
            fonts = load_font_folder(candidates[i], canonical, NULL, NO_POS, NULL, reasons);
    }
    if (!fonts && (short_of_memory || tried.failed || vb_diag_memory_failures(reasons))) {
        vb_diag_out_of_memory(diag, NULL, "hết bộ nhớ khi tìm phông chữ");
        copy_diagnostics(diag, reasons);
    } else if (!fonts) {
        vb_buf_append(&tried, "", 1);
        vb_diag_error(diag, NULL, 0, 0,
                      "không tìm thấy phông chữ Times New Roman (Liberation Serif); đã tìm trong: "
                      "%s. Hãy dùng --font-dir DIR hoặc đặt VANBAN_FONT_DIR",
                      tried.failed || !tried.data ? "?" : (const char *)tried.data);
        copy_diagnostics(diag, reasons);
    }
    vb_buf_free(&tried);
    vb_diagnostics_free(reasons);
    for (size_t i = 0; i < ncandidates; i++) {
        free(candidates[i]);
        free(seen[i]);
    }
    return fonts;
}

vb_engine *vb_engine_new(const vb_engine_options *opts, vb_diagnostics *diag)
{
    vb_engine *eng = calloc(1, sizeof *eng);
    if (!eng) {
        vb_diag_out_of_memory(diag, NULL, "hết bộ nhớ");
        return NULL;
    }
    if (opts && opts->font_dir) {
        eng->default_fonts =
            load_font_folder(opts->font_dir, &eng->default_dir, NULL, NO_POS, NULL, diag);
    } else {
        eng->default_fonts = load_default_fonts(&eng->default_dir, diag);
    }
    if (!eng->default_fonts || pthread_mutex_init(&eng->cache_lock, NULL) != 0) {
        vb_fontset_free(eng->default_fonts);
        free(eng->default_dir);
        free(eng);
        return NULL;
    }
    return eng;
}

const vb_fontset *vb_engine_fontset(const vb_engine *eng)
{
    return eng->default_fonts;
}

void vb_engine_free(vb_engine *eng)
{
    if (!eng)
        return;
    for (size_t i = 0; i < eng->ncached; i++) {
        vb_fontset_free(eng->cache[i].fonts);
        free(eng->cache[i].dir);
    }
    pthread_mutex_destroy(&eng->cache_lock);
    vb_fontset_free(eng->default_fonts);
    free(eng->default_dir);
    free(eng);
}

/* Caller holds cache_lock. */
static vb_fontset *cache_find(const vb_engine *eng, const char *canonical)
{
    for (size_t i = 0; i < eng->ncached; i++)
        if (strcmp(eng->cache[i].dir, canonical) == 0)
            return eng->cache[i].fonts;
    return NULL;
}

/* The fonts for a folder other than the default. The load runs outside the lock so that one
 * thread loading a folder does not stall the others; when two threads race to load the same
 * folder, the loser frees its copy. Entries are never evicted: other threads may be using
 * them, and the engine is freed only when no call is running. */
static int fonts_for_folder(vb_engine *eng, const char *dir, const char *origin_file,
                            vb_pos origin_pos, const char *origin_key, doc_fonts *out,
                            vb_diagnostics *diag)
{
    char *canonical = realpath(dir, NULL);
    if (canonical && strcmp(canonical, eng->default_dir) == 0) {
        free(canonical);
        out->fonts = eng->default_fonts;
        return 0;
    }
    if (canonical) {
        pthread_mutex_lock(&eng->cache_lock);
        vb_fontset *cached = cache_find(eng, canonical);
        pthread_mutex_unlock(&eng->cache_lock);
        free(canonical);
        if (cached) {
            out->fonts = cached;
            return 0;
        }
    }

    vb_fontset *loaded =
        load_font_folder(dir, &canonical, origin_file, origin_pos, origin_key, diag);
    if (!loaded)
        return -1;
    pthread_mutex_lock(&eng->cache_lock);
    vb_fontset *cached = cache_find(eng, canonical);
    if (cached) {
        out->fonts = cached;
    } else if (eng->ncached < FONT_CACHE_SLOTS) {
        eng->cache[eng->ncached].dir = canonical;
        eng->cache[eng->ncached].fonts = loaded;
        eng->ncached++;
        out->fonts = loaded;
        canonical = NULL;
        loaded = NULL;
    } else {
        out->fonts = out->owned = loaded;
        loaded = NULL;
    }
    pthread_mutex_unlock(&eng->cache_lock);
    vb_fontset_free(loaded);
    free(canonical);
    return 0;
}

static void release_fonts(doc_fonts *f)
{
    vb_fontset_free(f->owned);
    f->owned = NULL;
}

/* A render option names its folder relative to the caller's current directory; the content's
 * trinh_bay.phong_chu is relative to the YAML file's folder, so that a document and its fonts
 * can move together. Content given in memory has no folder: the current directory serves. */
static vb_status choose_fonts(vb_engine *eng, const vb_document *doc, const char *input_path,
                              const vb_render_options *opts, doc_fonts *out,
                              vb_diagnostics *diag)
{
    out->fonts = eng->default_fonts;
    out->owned = NULL;
    if (opts && opts->font_dir)
        return fonts_for_folder(eng, opts->font_dir, NULL, NO_POS, NULL, out, diag) == 0
                   ? VB_OK
                   : VB_ERR_IO;
    const char *content_dir = doc->presentation.font_dir;
    if (!content_dir)
        return VB_OK;

    char *resolved = NULL;
    if (content_dir[0] != '/' && input_path) {
        char *base = vb_path_folder(input_path);
        resolved = base ? join_path(base, content_dir) : NULL;
        free(base);
        if (!resolved) {
            vb_diag_out_of_memory(diag, NULL, "hết bộ nhớ");
            return VB_ERR_IO;
        }
    }
    /* The content chose the folder, so the clerk fixes the content: a content error. */
    int rc = fonts_for_folder(eng, resolved ? resolved : content_dir, doc->file,
                              doc->presentation.font_dir_pos, "trinh_bay.phong_chu", out, diag);
    free(resolved);
    return rc == 0 ? VB_OK : VB_ERR_CONTENT;
}

/* --------------------------------------------------------------- pipeline ---- */

/* Status after a stage: a stage that reports an error says what is wrong with the content,
 * unless memory ran out; a stage that fails without saying why is a bug, reported as such.
 * memory_before is the count of out-of-memory errors before the document's first stage. */
static vb_status stage_status(bool failed, size_t errors_before, size_t memory_before,
                              const char *name, const char *stage, vb_diagnostics *diag)
{
    if (vb_diag_memory_failures(diag) > memory_before)
        return VB_ERR_IO;
    if (vb_diagnostics_errors(diag) > errors_before)
        return VB_ERR_CONTENT;
    if (!failed)
        return VB_OK;
    vb_diag_error(diag, name, 0, 0, "lỗi nội bộ ở bước %s (không có thông báo lỗi)", stage);
    return VB_ERR_IO;
}

/* The caller asked to stop (vb_render_options.cancel): said in diag. Looked at between stages,
 * so that a stop waits for one stage at most. */
static vb_status stop_if_asked(const vb_render_options *opts, const char *name,
                               vb_diagnostics *diag)
{
    if (!opts || !opts->cancel || !*opts->cancel)
        return VB_OK;
    vb_diag_error(diag, name, 0, 0, "đã dừng theo yêu cầu");
    return VB_ERR_IO;
}

/* "ỦY BAN NHÂN DÂN XÃ BÌNH TRUNG": the issuing body as one line, for the PDF's Author. */
static const char *issuing_body_line(const vb_document *doc, vb_arena *arena)
{
    const char *line = NULL;
    for (size_t i = 0; i < doc->issuing_body.count; i++) {
        const char *part = doc->issuing_body.items[i].text;
        if (!part)
            continue;
        line = line ? vb_arena_printf(arena, "%s %s", line, part) : part;
    }
    return line;
}

/* The whole pipeline from YAML in memory to PDF bytes in *pdf. input_path is the file the
 * YAML came from (NULL for memory), for relative font folders. A file's YAML (yaml_owned, the
 * same as yaml) is freed as soon as it is loaded: the model copies every text it keeps, and
 * the input is one of the larger buffers of a run (BENCHMARKS.md, "Memory per input"). The
 * caller's buffer (vb_render_memory) stays the caller's. */
static vb_status render_yaml(vb_engine *eng, const char *yaml, size_t yaml_len, char *yaml_owned,
                             const char *name, const char *input_path,
                             const vb_render_options *opts, vb_buf *pdf, vb_diagnostics *diag)
{
    vb_arena *arena = vb_arena_new();
    if (!arena) {
        free(yaml_owned);
        vb_diag_out_of_memory(diag, name, "hết bộ nhớ");
        return VB_ERR_IO;
    }
    size_t errors_before = vb_diagnostics_errors(diag);
    size_t memory_before = vb_diag_memory_failures(diag);
    doc_fonts fonts = {0};
    vb_status st;

    vb_document *doc = vb_load_yaml(yaml, yaml_len, name, arena, diag);
    free(yaml_owned);
    st = stage_status(!doc, errors_before, memory_before, name, "đọc nội dung", diag);
    if (st != VB_OK)
        goto done;
    if ((st = stop_if_asked(opts, name, diag)) != VB_OK)
        goto done;
    if ((st = choose_fonts(eng, doc, input_path, opts, &fonts, diag)) != VB_OK) {
        if (vb_diag_memory_failures(diag) > memory_before)
            st = VB_ERR_IO;
        goto done;
    }
    if ((st = stop_if_asked(opts, name, diag)) != VB_OK)
        goto done;
    int prepare_rc = vb_prepare(doc, fonts.fonts, arena, diag);
    st = stage_status(prepare_rc != 0, errors_before, memory_before, name, "chuẩn bị", diag);
    if (st != VB_OK)
        goto done;
    if ((st = stop_if_asked(opts, name, diag)) != VB_OK)
        goto done;
    vb_layout *layout = vb_layout_document(doc, fonts.fonts, arena, diag);
    st = stage_status(!layout, errors_before, memory_before, name, "dàn trang", diag);
    if (st != VB_OK)
        goto done;
    if ((st = stop_if_asked(opts, name, diag)) != VB_OK)
        goto done;

    vb_pdf_meta meta = {
        .title = doc->title,
        .subject = doc->summary.text,
        .author = issuing_body_line(doc, arena),
        .creation_time = opts ? opts->creation_time : -1,
    };
    /* The content has been accepted by now: whatever goes wrong in the backend is ours or the
     * system's, never the clerk's, so it is an internal failure whether or not it says why. */
    if (vb_pdf_write(layout, fonts.fonts, &meta, pdf, diag) != 0 || pdf->failed) {
        if (vb_diagnostics_errors(diag) > errors_before)
            ; /* the backend said why */
        else if (pdf->failed)
            vb_diag_out_of_memory(diag, name, "hết bộ nhớ khi tạo PDF");
        else
            vb_diag_error(diag, name, 0, 0, "lỗi nội bộ khi tạo PDF");
        st = VB_ERR_IO;
    }

done:
    if (st != VB_OK)
        vb_buf_free(pdf);
    release_fonts(&fonts);
    vb_arena_free(arena);
    return st;
}

static vb_status render_path(vb_engine *eng, const char *input_path,
                             const vb_render_options *opts, vb_buf *pdf, vb_diagnostics *diag)
{
    size_t yaml_len = 0;
    size_t errors_before = vb_diagnostics_errors(diag);
    errno = 0;
    char *yaml = vb_read_file(input_path, &yaml_len, diag);
    if (!yaml) {
        int err = errno;
        if (vb_diagnostics_errors(diag) == errors_before && err == ENOMEM)
            vb_diag_out_of_memory(diag, input_path, "hết bộ nhớ khi đọc tệp");
        else if (vb_diagnostics_errors(diag) == errors_before)
            vb_diag_error(diag, input_path, 0, 0, "không đọc được tệp%s%s", err ? ": " : "",
                          err ? strerror(err) : "");
        return VB_ERR_IO;
    }
    return render_yaml(eng, yaml, yaml_len, yaml, input_path, input_path, opts, pdf, diag);
}

static bool usable_call(const vb_engine *eng, const char *input, vb_diagnostics *diag)
{
    if (eng && input)
        return true;
    vb_diag_error(diag, NULL, 0, 0, "gọi API sai: %s là NULL", eng ? "tệp đầu vào" : "engine");
    return false;
}

vb_status vb_check_file(vb_engine *eng, const char *input_path, vb_diagnostics *diag)
{
    if (!usable_call(eng, input_path, diag))
        return VB_ERR_USAGE;
    /* The PDF is built and dropped: a check that passes promises a render that passes. */
    vb_buf pdf = {0};
    vb_status st = render_path(eng, input_path, NULL, &pdf, diag);
    vb_buf_free(&pdf);
    return st;
}

vb_status vb_render_memory(vb_engine *eng, const char *yaml, size_t yaml_len, const char *name,
                           const vb_render_options *opts, unsigned char **pdf, size_t *pdf_len,
                           vb_diagnostics *diag)
{
    if (pdf)
        *pdf = NULL;
    if (pdf_len)
        *pdf_len = 0;
    if (!eng || (!yaml && yaml_len > 0) || !pdf || !pdf_len) {
        vb_diag_error(diag, NULL, 0, 0, "gọi API sai: engine, yaml, pdf hoặc pdf_len là NULL");
        return VB_ERR_USAGE;
    }
    vb_buf out = {0};
    vb_status st = render_yaml(eng, yaml ? yaml : "", yaml_len, NULL,
                               name ? name : "<bộ nhớ>", NULL, opts, &out, diag);
    if (st == VB_OK) {
        *pdf = out.data;
        *pdf_len = out.len;
    }
    return st;
}

/* ------------------------------------------------------------------ output ---- */

/* Writing the PDF over its own YAML would destroy the clerk's only copy of the content. Two
 * spellings of one file ("a.yaml", "./a.yaml", a link) are caught by comparing the files. */
static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

vb_status vb_render_file(vb_engine *eng, const char *input_path, const char *output_path,
                         const vb_render_options *opts, vb_diagnostics *diag)
{
    if (!usable_call(eng, input_path, diag))
        return VB_ERR_USAGE;
    if (!output_path || !*output_path) {
        vb_diag_error(diag, NULL, 0, 0, "gọi API sai: thiếu tệp đầu ra");
        return VB_ERR_USAGE;
    }
    if (strcmp(input_path, output_path) == 0 || same_file(input_path, output_path)) {
        vb_diag_error(diag, output_path, 0, 0,
                      "tệp đầu ra trùng với tệp nội dung %s; không ghi đè nội dung", input_path);
        return VB_ERR_USAGE;
    }
    vb_buf pdf = {0};
    vb_status st = render_path(eng, input_path, opts, &pdf, diag);
    if (st == VB_OK)
        st = stop_if_asked(opts, input_path, diag);
    if (st == VB_OK)
        st = vb_write_file(output_path, pdf.data, pdf.len, diag) == 0 ? VB_OK : VB_ERR_IO;
    vb_buf_free(&pdf);
    return st;
}

vb_status vb_write_pdf(const char *output_path, const unsigned char *pdf, size_t pdf_len,
                       vb_diagnostics *diag)
{
    if (!output_path || !*output_path || (!pdf && pdf_len > 0)) {
        vb_diag_error(diag, NULL, 0, 0, "gọi API sai: thiếu tệp đầu ra hoặc dữ liệu PDF");
        return VB_ERR_USAGE;
    }
    return vb_write_file(output_path, pdf, pdf_len, diag) == 0 ? VB_OK : VB_ERR_IO;
}

void vb_free(void *p)
{
    free(p);
}

const char *vb_version(void)
{
    return VANBAN_VERSION;
}

int vb_document_type_get(size_t i, vb_document_type *out)
{
    if (i >= vb_doc_type_count)
        return -1;
    const vb_doc_type *t = &vb_doc_types[i];
    *out = (vb_document_type){t->slug, t->name_lower, t->abbr};
    return 0;
}
