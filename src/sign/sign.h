/* What the signing files share: a PDF read just enough to extend it, PNG decoding, the CMS. */
#ifndef VB_SIGN_H
#define VB_SIGN_H
#include <stdbool.h>
#include <stddef.h>

#include "common/buf.h"
#include "common/diag.h"

/* A PDF as its last revision sees it, through classic xref tables or cross-reference streams
 * (PDF 1.5). Offsets index data. */
typedef struct {
    const unsigned char *data;
    size_t len;
    size_t *offsets; /* object number -> offset of "N G obj"; 0 when free, unknown or in an
                        object stream */
    unsigned *stream_of; /* object number -> the object stream that holds it; 0 when none */
    struct vb_objstm_cache *objstm; /* object streams decoded so far (pdfstream.c) */
    unsigned count;  /* entries in offsets: the trailer's /Size */
    size_t startxref;
    bool xref_stream; /* the newest section is a cross-reference stream: the update writes one */
    unsigned root, info; /* object numbers; info 0 when absent */
    unsigned char id0[32]; /* the first 16 bytes are used */
    bool has_id;
} vb_pdf;

/* A span of data: one PDF value, a dictionary's body, an object. */
typedef struct {
    const unsigned char *p, *end;
} vb_span;

/* Reads header, last startxref, the classic xref sections along /Prev and the newest trailer.
 * Refuses (with a message naming name) a non-PDF, a truncated file, an encrypted one and xref
 * streams. 0, or -1 after reporting. */
int vb_pdf_open(vb_pdf *pdf, const unsigned char *data, size_t len, const char *name,
                vb_diagnostics *diag);
void vb_pdf_close(vb_pdf *pdf);
/* The dictionary "<< … >>" of object num, whole; false when there is none. */
bool vb_pdf_object_dict(const vb_pdf *pdf, unsigned num, vb_span *dict);
/* The value of object num (a dictionary, a number…), wherever it is kept. */
bool vb_pdf_object_value(const vb_pdf *pdf, unsigned num, vb_span *value);
/* The data of the stream whose dictionary is dict (in pdf->data), or of stream object num:
 * FlateDecode undone, and its PNG predictor; malloc'd, NULL when it cannot be read. */
unsigned char *vb_pdf_stream_at(const vb_pdf *pdf, vb_span dict, size_t *len);
unsigned char *vb_pdf_stream_data(const vb_pdf *pdf, unsigned num, size_t *len);
/* Object num from the object stream pdf->stream_of[num] names. */
bool vb_pdf_compressed_object(const vb_pdf *pdf, unsigned num, vb_span *value);
bool vb_pdf_objstm_init(vb_pdf *pdf);
void vb_pdf_objstm_free(vb_pdf *pdf);
/* The value of /key at the top level of dict; false when absent. */
bool vb_pdf_dict_get(vb_span dict, const char *key, vb_span *value);
/* The object number of a reference "N G R"; 0 when value is not one. */
unsigned vb_pdf_ref(vb_span value);
/* The references in an array value, in order; count returned, at most max stored. */
size_t vb_pdf_array_refs(vb_span array, unsigned *refs, size_t max);
/* The object number of page index (0-based) through the page tree; 0 when out of range. */
unsigned vb_pdf_page(const vb_pdf *pdf, unsigned index);
/* dict's text without the entries for the given keys (NULL-ended list), "<<" and ">>" kept
 * out: what a new version of the object repeats. */
void vb_pdf_dict_body_without(vb_buf *out, vb_span dict, const char *const *keys);
/* A span past whitespace and comments. */
const unsigned char *vb_pdf_skip_ws(const unsigned char *p, const unsigned char *end);
const unsigned char *vb_pdf_skip_value(const unsigned char *p, const unsigned char *end);

/* The object number of the page's embedded font (regular, or italic) whose subset has every
 * character of text, with text's codes appended to hex as hex digits ('\n' kept between
 * lines); 0 when no font of the page has them all. */
unsigned vb_doc_font_encode(const vb_pdf *pdf, unsigned page, bool italic, const char *text,
                            vb_buf *hex);

/* A decoded PNG: 8-bit RGB and, when any pixel is not opaque, 8-bit alpha. */
typedef struct {
    unsigned width, height;
    unsigned char *rgb;   /* width * height * 3 */
    unsigned char *alpha; /* width * height, or NULL */
} vb_png;
int vb_png_load(const char *path, vb_png *png, vb_diagnostics *diag);
void vb_png_free(vb_png *png);

/* The signer from a PKCS#12 file, checked: the key matches, the certificate is in date. */
typedef struct vb_signer vb_signer;
vb_signer *vb_signer_load(const char *p12_path, const char *password, vb_diagnostics *diag);
void vb_signer_free(vb_signer *s);
/* A signer over a key and certificate from elsewhere (a token), checked the same way; it owns
 * key, cert and hold, which release frees after the key. NULL after reporting, all freed. */
struct evp_pkey_st;
struct x509_st;
vb_signer *vb_signer_adopt(struct evp_pkey_st *key, struct x509_st *cert, void *hold,
                           void (*release)(void *), const char *name, vb_diagnostics *diag);
/* The signer from a key on a PKCS#11 token: uri "pkcs11:token=…;object=…" (id= too), the
 * module from module or else the URI's module-path, the certificate from cert_path (PEM) or
 * else the token's certificate with the key's id. The PIN is only passed to the token. */
vb_signer *vb_signer_load_pkcs11(const char *uri, const char *module, const char *pin,
                                 const char *cert_path, vb_diagnostics *diag);

/* A detached CAdES CMS over the two ranges, DER in *der (malloc'd); with tsa_url, the
 * signature's timestamp from that authority as an unsigned attribute. 0, or -1 after
 * reporting. */
int vb_signer_sign(vb_signer *s, const unsigned char *a, size_t a_len, const unsigned char *b,
                   size_t b_len, const char *tsa_url, unsigned char **der, size_t *der_len,
                   vb_diagnostics *diag);
/* The RFC 3161 token (DER, malloc'd) of the TSA at url over sha256(sig). 0, or -1 after
 * reporting. */
int vb_tsa_token(const char *url, const unsigned char *sig, size_t sig_len, unsigned char **der,
                 size_t *der_len, vb_diagnostics *diag);
/* Checks a CMS over the two ranges; appends who signed, or why it fails, to line. true when
 * valid. ca_path NULL: the chain is not checked. */
bool vb_cms_check(const unsigned char *der, size_t der_len, const unsigned char *a, size_t a_len,
                  const unsigned char *b, size_t b_len, const char *ca_path, vb_buf *line);
/* SHA-256 of data. */
void vb_sha256(const unsigned char *data, size_t len, unsigned char out[32]);
/* SHA-256 of a followed by b, without joining them; false when OpenSSL could not (memory). */
bool vb_sha256_parts(const unsigned char *a, size_t a_len, const unsigned char *b, size_t b_len,
                     unsigned char out[32]);

#endif
