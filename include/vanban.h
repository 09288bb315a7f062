/* vanban — Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP) from YAML to PDF.
 *
 * This header is the library's whole public API. Typical use:
 *
 *     vb_diagnostics *diag = vb_diagnostics_new();
 *     vb_engine *eng = vb_engine_new(NULL, diag);          // loads fonts once
 *     int rc = vb_render_file(eng, "bao-cao.yaml", "bao-cao.pdf", NULL, diag);
 *     for (size_t i = 0; i < vb_diagnostics_count(diag); i++)
 *         fprintf(stderr, "%s\n", vb_diagnostic_format(diag, i));
 *     vb_engine_free(eng);
 *     vb_diagnostics_free(diag);
 *
 * An engine is read-only after creation: one engine may serve many documents, from several
 * threads at once, each call with its own vb_diagnostics.
 */
#ifndef VANBAN_H
#define VANBAN_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VANBAN_VERSION "0.1.0"

/* Result codes; the CLI uses them as exit codes. */
typedef enum {
    VB_OK = 0,
    VB_ERR_CONTENT = 1, /* the input document is wrong: see the diagnostics */
    VB_ERR_USAGE = 2,   /* the call itself is wrong (CLI: bad arguments) */
    VB_ERR_IO = 3,      /* a file could not be read or written, or an internal failure */
} vb_status;

/* ---- Diagnostics: every error and warning, with file, line and column. ---- */

typedef enum { VB_SEVERITY_ERROR, VB_SEVERITY_WARNING } vb_severity;

typedef struct vb_diagnostics vb_diagnostics;

typedef struct {
    vb_severity severity;
    const char *file;    /* may be NULL when no file applies */
    int line, column;    /* 1-based; 0 when no position applies */
    const char *message; /* UTF-8, without the position prefix */
} vb_diagnostic;

vb_diagnostics *vb_diagnostics_new(void);
void vb_diagnostics_free(vb_diagnostics *d);
void vb_diagnostics_clear(vb_diagnostics *d);
size_t vb_diagnostics_count(const vb_diagnostics *d);
size_t vb_diagnostics_errors(const vb_diagnostics *d);
const vb_diagnostic *vb_diagnostic_get(const vb_diagnostics *d, size_t i);
/* "FILE:LINE:COL: error: message" (or "FILE: error: …" without a position); valid until d changes. */
const char *vb_diagnostic_format(const vb_diagnostics *d, size_t i);

/* ---- Engine: fonts loaded once. ---- */

typedef struct vb_engine vb_engine;

typedef struct {
    /* Folder with a Times New Roman–compatible family (four TrueType styles). NULL: the
     * Liberation Serif shipped with vanban, found beside the binary or under the install prefix. */
    const char *font_dir;
} vb_engine_options;

/* NULL on failure, with the reason in diag. */
vb_engine *vb_engine_new(const vb_engine_options *opts, vb_diagnostics *diag);
void vb_engine_free(vb_engine *eng);

/* ---- Rendering. ---- */

typedef struct {
    /* Overrides the content's font folder (trinh_bay.phong_chu). NULL: as the content says. */
    const char *font_dir;
    /* Seconds since 1970 for the PDF's CreationDate; < 0: no date (the default, so that the
     * same input gives the same bytes). The CLI passes SOURCE_DATE_EPOCH here when it is set. */
    long long creation_time;
    /* A request to stop, or NULL. The render reads *cancel after each stage (loading the
     * YAML, choosing fonts, preparing, laying out, building the PDF, the last just before the
     * file is written); once it is non-zero the render ends with VB_ERR_IO and the error "đã
     * dừng theo yêu cầu" (stopped on request), writing nothing: no output, no temporary file.
     * A stage under way is finished first. Set it from another thread or from a signal
     * handler (a volatile sig_atomic_t, which is int on Linux); the library only reads it. */
    const volatile int *cancel;
} vb_render_options;

/* Parses and validates without rendering: diagnostics only. */
vb_status vb_check_file(vb_engine *eng, const char *input_path, vb_diagnostics *diag);

/* Renders input_path to output_path. The PDF is written to a temporary file in the output's
 * folder and renamed over output_path only on success: a failed render leaves any existing
 * output untouched and no partial file behind. "-" is standard output; a character device or a
 * FIFO (/dev/null, a named pipe) is written into, never replaced; a symbolic link is followed
 * and the file it names written as above, the link left in place; a folder, block device or
 * socket is refused (VB_ERR_IO). opts may be NULL. */
vb_status vb_render_file(vb_engine *eng, const char *input_path, const char *output_path,
                         const vb_render_options *opts, vb_diagnostics *diag);

/* Renders YAML held in memory. name is used in diagnostics. On success *pdf holds
 * *pdf_len bytes to be released with vb_free(). */
vb_status vb_render_memory(vb_engine *eng, const char *yaml, size_t yaml_len, const char *name,
                           const vb_render_options *opts, unsigned char **pdf, size_t *pdf_len,
                           vb_diagnostics *diag);

/* Writes PDF bytes (from vb_render_memory) to output_path the way vb_render_file writes its
 * output: whole or not at all, "-" for standard output, devices and pipes written through,
 * links followed. */
vb_status vb_write_pdf(const char *output_path, const unsigned char *pdf, size_t pdf_len,
                       vb_diagnostics *diag);

void vb_free(void *p);

/* ---- Content templates (the mail merge): a YAML file whose scalars hold {{name}} fields. ---- */

typedef struct vb_template vb_template;

/* One {{name}} as written in the template, in the order of the text (a name written twice is
 * two fields, each with its own place). */
typedef struct {
    const char *name; /* trimmed of spaces and tabs: "{{ Họ và tên }}" gives "Họ và tên" */
    int line, column; /* where its "{{" stands, 1-based; the column counts characters */
    int in_value;     /* 0 when it stands outside every scalar (a comment, a tag): it is left
                       * as written and needs no value */
} vb_template_field;

/* Reads a template: its fields, and where in the YAML each stands. A malformed template is
 * refused with its line:column (VB_ERR_CONTENT); VB_ERR_IO when the file cannot be read or
 * memory runs out. On VB_OK *t is to be released with vb_template_free. */
vb_status vb_template_read(const char *path, vb_template **t, vb_diagnostics *diag);
/* The same from memory (a byte-order mark at its start is skipped); name is used in
 * diagnostics and kept by the template. */
vb_status vb_template_read_memory(const char *yaml, size_t len, const char *name,
                                  vb_template **t, vb_diagnostics *diag);
size_t vb_template_field_count(const vb_template *t);
/* The i-th field (i < vb_template_field_count), owned by t. */
const vb_template_field *vb_template_field_at(const vb_template *t, size_t i);
/* The template with each field replaced by values[i] (UTF-8), written as its scalar needs: a
 * value that would read back as itself stays plain where the field stood in a plain scalar (so
 * "so: {{so}}" gives a number), any other is double-quoted and escaped, keeping the template's
 * line numbers. Hostile values (": ", "#", quotes, line breaks) cannot change the YAML's shape.
 * values[i] may be NULL only when field i is not in_value. *yaml (NUL-terminated, *len bytes
 * before the NUL; len may be NULL) is released with vb_free. VB_ERR_USAGE for a missing value,
 * VB_ERR_IO when memory runs out, each after reporting. */
vb_status vb_template_fill(const vb_template *t, const char *const *values, char **yaml,
                           size_t *len, vb_diagnostics *diag);
void vb_template_free(vb_template *t);

const char *vb_version(void);

/* ---- The content format, for editors and tools. ---- */

/* A JSON Schema (draft 2020-12) of the YAML content: every key with its type, whether it is
 * required, its range, its valid values and its meaning in Vietnamese; unknown keys are
 * invalid. Written from the same tables the loader checks with; the same bytes on every call
 * and every run. Owned by the library, valid for the process's life; NULL when memory ran out. */
const char *vb_content_schema_json(void);

/* One document type of Phụ lục III (the content's loai). */
typedef struct {
    const char *slug; /* as written in loai: "bao-cao" */
    const char *name; /* in Vietnamese: "báo cáo" */
    const char *abbr; /* in the ký hiệu: "BC"; NULL for công văn, which has none */
} vb_document_type;

/* The i-th document type, in Phụ lục III's order, into *out; 0, or -1 past the last one. */
int vb_document_type_get(size_t i, vb_document_type *out);

/* ---- Signing (PAdES, ETSI.CAdES.detached) and checking signatures. ---- */

/* Who signs and what the mark shows: the person's signature image, the seal over it, the
 * number and the day stamped into their blanks, the mark of a copy (SAO Y). */
typedef enum { VB_SIGN_KY, VB_SIGN_DAU, VB_SIGN_SO, VB_SIGN_NGAY, VB_SIGN_SAO_Y } vb_sign_role;

typedef struct {
    vb_sign_role role;
    const char *image_path; /* a PNG, for ky and dau */
    const char *text;       /* for so, ngay, sao-y: in the page's embedded font when its subset
                               has every character; else, with any non-ASCII character, in a
                               subset of font_dir's family embedded with it; else base-14
                               Times */
    const char *p12_path;   /* the key and certificate, PKCS#12 */
    const char *password;   /* the PKCS#12 password or the token's PIN: used, never copied,
                               logged or written */
    /* Where the mark goes, in PDF points from the page's lower left corner; page from 1.
     * box_page 0: the box vanban recorded when it rendered the PDF (signature, seal, a blank
     * number, the copy mark); a PDF without one for the role is refused. */
    double box_x, box_y, box_w, box_h;
    int box_page; /* 0: no box given */
    int signer;   /* ky, dau with several signers: whose recorded box, 1 = nguoi_ky's first (0
                     counts as 1) */
    long long signing_time; /* seconds since 1970 for /M; < 0: now */
    /* Or, with p12_path NULL, a key on a PKCS#11 token (a USB token); password is its PIN. */
    const char *pkcs11_uri;    /* "pkcs11:token=LABEL;object=LABEL" (id=%01 also matches) */
    const char *pkcs11_module; /* the token's PKCS#11 module; NULL: the URI's module-path */
    const char *cert_path;     /* the key's certificate, PEM; NULL: the token's, same id */
    /* A time-stamping authority (RFC 3161, http or https): the signature gets its timestamp
     * (PAdES B-T), so it stays provable after the certificate expires. NULL: none. */
    const char *tsa_url;
    /* Fonts for a stamp's text that the document's embedded subsets cannot draw (a Vietnamese
     * copy mark): a subset of this family is embedded with the stamp. NULL: the folder
     * vb_engine_new finds by default. */
    const char *font_dir;
} vb_sign_options;

/* Appends one signature to input_path as an incremental update (earlier bytes kept as they
 * are) and writes the result to output_path, through a temporary file renamed at the end; the
 * input is never modified. Nothing is written on any error. */
vb_status vb_sign_file(const char *input_path, const char *output_path,
                       const vb_sign_options *opts, vb_diagnostics *diag);

/* Checks every signature of a PDF: its byte range, digest and CMS (the chain too when ca_path
 * names a PEM file of trusted certificates). *report (release with vb_free) gets one line per
 * signature: role, signer, time, coverage. VB_OK only when every signature is valid (and there
 * is at least one); VB_ERR_CONTENT otherwise; VB_ERR_IO when the file cannot be read. */
vb_status vb_verify_file(const char *path, const char *ca_path, char **report,
                         vb_diagnostics *diag);

#ifdef __cplusplus
}
#endif
#endif
