/* The only code that includes libharu's private headers or touches its structures.
 *
 * libharu 2.3 keeps the document's skeleton (objects, cross-reference table, catalog, page
 * tree, Info, outline, destinations). The backend does the rest itself, for reasons measured in
 * the project's libharu notes and BENCHMARKS.md, and each of those needs one reach inside:
 *  - the object API (dictionaries, arrays, names, numbers, streams, the xref), which libharu
 *    declares only in its private headers: the fonts are built from it as Type0/CIDFontType2
 *    over a HarfBuzz subset, instead of HPDF_LoadTTFontFromFile + HPDF_GetFont. HPDF_GetFont
 *    walks all 65,536 BMP codes per font (about 3 ms each, 45 % of a run); libharu only
 *    "pseudo-subsets" (about 39 KB per style even for one glyph); its ToUnicode map uses
 *    begincidrange, invalid there (poppler warns, extraction suffers); and its two-byte
 *    Identity-H codes make Tw useless, so HPDF_Page_TextRect justifies with letter spacing.
 *  - a page's content stream (page->attr->contents): the backend writes the operators itself,
 *    with one-byte codes whose space Tw widens, so justified lines keep their letter spacing.
 *  - a stream's filter and write hook (dict->filter, dict->write_fn): streams are compressed
 *    with libdeflate (two to three times as fast as libharu's zlib for the same size) and
 *    libharu writes /Filter /FlateDecode without compressing again.
 *  - a dictionary's write hook and attr for raw entries (Info, outline titles): text strings
 *    as literal UTF-16BE, half the size of libharu's hexadecimal strings, without its UTF-8
 *    encoder (whose tables cost more than the rest of the outline, and without which pdfinfo
 *    shows Vietnamese metadata as mojibake).
 *  - pdf->info, to hang those entries on the Info dictionary HPDF_SetInfoAttr made.
 *  - pdf->pdf_version: libharu writes %PDF-1.3 unless it knows a feature needs more.
 *  - pdf->stream and a callback writer: the file is written straight into the caller's
 *    buffer, not into libharu's chunked memory stream copied out again.
 *  - names: libharu's name writer escapes every irregular byte but the space (its
 *    HPDF_NEEDS_ESCAPE starts at 0x20), so a name holding one is refused here.
 * All of it is checked against libharu 2.3's code: the build refuses other versions until it
 * has been checked again. */
#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hpdf_version.h>

#include "pdf/libharu_internals.h"

#if HPDF_VERSION_ID / 100 != 203
#error "libharu_internals.c fills libharu 2.3's objects directly: check it for this version"
#endif

vb_haru_doc vb_haru_new_doc(HPDF_Error_Handler on_error, HPDF_Alloc_Func alloc,
                            HPDF_Free_Func release, void *user_data)
{
    HPDF_Doc pdf = HPDF_NewEx(on_error, alloc, release, 0, user_data);
    if (pdf)
        pdf->pdf_version = HPDF_VER_14;
    return pdf;
}

vb_haru_dict vb_haru_new_dict(vb_haru_doc doc, const char *type)
{
    HPDF_Doc pdf = doc;
    HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
    if (!d || HPDF_Xref_Add(pdf->xref, d) != HPDF_OK)
        return NULL;
    if (type && HPDF_Dict_AddName(d, "Type", type) != HPDF_OK)
        return NULL;
    return d;
}

vb_haru_dict vb_haru_new_direct_dict(vb_haru_doc doc)
{
    return HPDF_Dict_New(((HPDF_Doc)doc)->mmgr);
}

vb_haru_dict vb_haru_new_stream(vb_haru_doc doc)
{
    HPDF_Doc pdf = doc;
    return HPDF_DictStream_New(pdf->mmgr, pdf->xref);
}

vb_haru_array vb_haru_new_array(vb_haru_doc doc)
{
    return HPDF_Array_New(((HPDF_Doc)doc)->mmgr);
}

HPDF_STATUS vb_haru_dict_add(vb_haru_dict dict, const char *key, void *value)
{
    return HPDF_Dict_Add(dict, key, value);
}

HPDF_STATUS vb_haru_dict_add_name(vb_haru_dict dict, const char *key, const char *name)
{
    HPDF_Dict d = dict;
    size_t len = 0;
    for (; name[len]; len++)
        if (name[len] == ' ')
            return HPDF_RaiseError(d->error, HPDF_NAME_INVALID_VALUE, 0);
    if (len == 0 || len > HPDF_LIMIT_MAX_NAME_LEN)
        return HPDF_RaiseError(d->error, HPDF_NAME_OUT_OF_RANGE, 0);
    return HPDF_Dict_AddName(d, key, name);
}

HPDF_STATUS vb_haru_dict_add_int(vb_haru_dict dict, const char *key, HPDF_INT32 value)
{
    return HPDF_Dict_AddNumber(dict, key, value);
}

HPDF_STATUS vb_haru_dict_add_real(vb_haru_dict dict, const char *key, HPDF_REAL value)
{
    return HPDF_Dict_AddReal(dict, key, value);
}

HPDF_STATUS vb_haru_dict_add_ascii_string(vb_haru_doc doc, vb_haru_dict dict, const char *key,
                                          const char *ascii)
{
    /* Without an encoder, a direct string is written as a literal: (Adobe). */
    return HPDF_Dict_Add(dict, key, HPDF_String_New(((HPDF_Doc)doc)->mmgr, ascii, NULL));
}

HPDF_STATUS vb_haru_dict_remove(vb_haru_dict dict, const char *key)
{
    return HPDF_Dict_RemoveElement(dict, key);
}

HPDF_STATUS vb_haru_array_add(vb_haru_array array, void *value)
{
    return HPDF_Array_Add(array, value);
}

HPDF_STATUS vb_haru_array_add_int(vb_haru_array array, HPDF_INT32 value)
{
    return HPDF_Array_AddNumber(array, value);
}

/* libharu drops a "Filter" entry from a stream it does not compress itself, so the entry is
 * written by this hook, which HPDF_Dict_Write calls just before the closing ">>". */
static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream stream)
{
    (void)dict; /* HPDF_Dict_OnWriteFunc's signature */
    return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

bool vb_haru_stream_set_flate(vb_haru_dict stream, const unsigned char *zlib, size_t len)
{
    HPDF_Dict d = stream;
    if (!d || !d->stream)
        return false;
    d->filter = HPDF_STREAM_FILTER_NONE;
    d->write_fn = write_flate_filter;
    return HPDF_Stream_Write(d->stream, zlib, (HPDF_UINT)len) == HPDF_OK;
}

vb_haru_dict vb_haru_page_contents(HPDF_Page page)
{
    return page ? ((HPDF_PageAttr)((HPDF_Dict)page)->attr)->contents : NULL;
}

static HPDF_STATUS write_raw_entries(HPDF_Dict dict, HPDF_Stream stream)
{
    const vb_haru_raw_entries *raw = dict->attr;
    return raw ? HPDF_Stream_Write(stream, raw->data, (HPDF_UINT)raw->len) : HPDF_OK;
}

void vb_haru_set_raw_entries(vb_haru_dict dict, const vb_haru_raw_entries *raw)
{
    HPDF_Dict d = dict;
    d->attr = (void *)raw; /* libharu's attr is not const; write_raw_entries only reads it */
    d->write_fn = write_raw_entries;
}

vb_haru_dict vb_haru_info(vb_haru_doc doc)
{
    return ((HPDF_Doc)doc)->info;
}

vb_haru_dict vb_haru_catalog(vb_haru_doc doc)
{
    return ((HPDF_Doc)doc)->catalog;
}

typedef struct {
    vb_haru_sink sink;
    void *user;
} sink_target;

static HPDF_STATUS write_to_sink(HPDF_Stream stream, const HPDF_BYTE *data, HPDF_UINT len)
{
    const sink_target *t = stream->attr;
    return t->sink(t->user, data, len) ? HPDF_OK : HPDF_FAILD_TO_ALLOC_MEM;
}

bool vb_haru_save(vb_haru_doc doc, vb_haru_sink sink, void *user)
{
    HPDF_Doc pdf = doc;
    sink_target target = {sink, user};
    /* HPDF_SaveToStream writes into pdf->stream when there is one; HPDF_Free frees it. */
    pdf->stream = HPDF_CallbackWriter_New(pdf->mmgr, write_to_sink, &target);
    return pdf->stream && HPDF_SaveToStream(pdf) == HPDF_OK;
}
