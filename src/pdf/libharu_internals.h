/* The fence around libharu 2.3's internals: the backend's one way past libharu's public API. */
#ifndef VB_LIBHARU_INTERNALS_H
#define VB_LIBHARU_INTERNALS_H
#ifndef _HPDF_H
/* Everywhere but libharu_internals.c, hpdf.h declares the public API only, with opaque
 * handles (void *): no other file can reach into libharu's structures. */
#define HPDF_SHARED
#include <hpdf.h>
#endif
#include <stdbool.h>
#include <stddef.h>

/* libharu's objects as the rest of the backend holds them. */
typedef void *vb_haru_doc;   /* HPDF_Doc */
typedef void *vb_haru_dict;  /* a dictionary: also a stream, a page or an outline item */
typedef void *vb_haru_array;

/* A document that declares PDF 1.4, whose memory comes from alloc and goes back to release
 * (no memory pool: each of libharu's allocations is one call). */
vb_haru_doc vb_haru_new_doc(HPDF_Error_Handler on_error, HPDF_Alloc_Func alloc,
                            HPDF_Free_Func release, void *user_data);

/* Objects, through libharu's object API. A dictionary made by vb_haru_new_dict or
 * vb_haru_new_stream is an indirect object (type NULL: no /Type entry); the others are direct
 * and belong to whatever they are added to. Adding NULL fails (libharu reports it). */
vb_haru_dict vb_haru_new_dict(vb_haru_doc pdf, const char *type);
vb_haru_dict vb_haru_new_direct_dict(vb_haru_doc pdf);
vb_haru_dict vb_haru_new_stream(vb_haru_doc pdf);
vb_haru_array vb_haru_new_array(vb_haru_doc pdf);
HPDF_STATUS vb_haru_dict_add(vb_haru_dict dict, const char *key, void *value);
/* A name libharu writes correctly; one with a byte it would not escape is refused. */
HPDF_STATUS vb_haru_dict_add_name(vb_haru_dict dict, const char *key, const char *name);
HPDF_STATUS vb_haru_dict_add_int(vb_haru_dict dict, const char *key, HPDF_INT32 value);
HPDF_STATUS vb_haru_dict_add_real(vb_haru_dict dict, const char *key, HPDF_REAL value);
HPDF_STATUS vb_haru_dict_add_ascii_string(vb_haru_doc pdf, vb_haru_dict dict, const char *key,
                                          const char *ascii);
HPDF_STATUS vb_haru_array_add(vb_haru_array array, void *value);
HPDF_STATUS vb_haru_array_add_int(vb_haru_array array, HPDF_INT32 value);

/* Streams whose bytes the backend wrote and zlib-compressed itself: libharu writes them as
 * they are, with /Filter /FlateDecode. False when stream is not a stream. */
bool vb_haru_stream_set_flate(vb_haru_dict stream, const unsigned char *zlib, size_t len);
/* The content stream of a page made by HPDF_AddPage. */
vb_haru_dict vb_haru_page_contents(HPDF_Page page);

/* Entries the backend wrote itself ("/Title (…)\n…"), which libharu writes just before the
 * dictionary's closing ">>". They must outlive the document's saving. */
typedef struct {
    size_t len;
    unsigned char data[];
} vb_haru_raw_entries;
void vb_haru_set_raw_entries(vb_haru_dict dict, const vb_haru_raw_entries *raw);
/* The Info dictionary, once HPDF_SetInfoAttr has made it (else NULL). */
vb_haru_dict vb_haru_info(vb_haru_doc pdf);
/* The document catalog. */
vb_haru_dict vb_haru_catalog(vb_haru_doc pdf);

/* The outline's root, a dictionary made by vb_haru_new_dict, hung on the catalog. */
HPDF_STATUS vb_haru_set_outlines(vb_haru_doc pdf, vb_haru_dict root);
/* The object number of an indirect object. */
unsigned vb_haru_object_id(vb_haru_dict dict);

/* What one outline item writes: its entries but the /Type ("/Parent 5 0 R\n…/Title (…)\n"),
 * which must last until the next call, and its destination [page /XYZ left top zoom]. */
typedef struct {
    const unsigned char *entries;
    size_t len;
    HPDF_Page page;
    float left, top, zoom;
} vb_haru_item;
/* Fills *item for item i; false (out of memory) stops the saving. */
typedef bool (*vb_haru_item_writer)(void *user, size_t i, vb_haru_item *item);
/* n outline items as the next 2n objects: item i is the dictionary number first + 2i
 * ("/Type /Outlines", then what put_item writes for it), followed by its destination. Items
 * are asked for at saving, in order, once each. Returns first, or 0 when that fails. */
unsigned vb_haru_add_outline_items(vb_haru_doc pdf, size_t n, vb_haru_item_writer put_item,
                                   void *user);

/* Saves the document through sink, which returns false to stop (out of memory). */
typedef bool (*vb_haru_sink)(void *user, const unsigned char *data, size_t len);
bool vb_haru_save(vb_haru_doc pdf, vb_haru_sink sink, void *user);

#endif
