/* The only code that includes libharu's private headers or touches its structures.
 *
 * libharu 2.3 keeps the document's skeleton (objects, cross-reference table, catalog, page
 * tree, Info) and writes the file. The backend does the rest itself, for reasons measured in
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
 *  - a dictionary's write hook and attr for raw entries (Info, the outline): text strings
 *    as literal UTF-16BE, half the size of libharu's hexadecimal strings, without its UTF-8
 *    encoder (whose tables cost more than the rest of the outline, and without which pdfinfo
 *    shows Vietnamese metadata as mojibake).
 *  - pdf->info, to hang those entries on the Info dictionary HPDF_SetInfoAttr made.
 *  - the catalog and the cross-reference table, for the outline: HPDF_CreateOutline and
 *    HPDF_Page_CreateDestination cost about 3 KB of libharu objects per heading (a 128-byte
 *    key in every dictionary entry, a proxy per reference, a real per number), 68 MB for the
 *    22,700 headings of a 4 MB document. Here each heading is two object numbers whose
 *    table entries all point at one dictionary and one destination array, shared: writing
 *    the dictionary for the i-th time asks the backend for item i's entries and points the
 *    array at item i's page and top. About 80 bytes a heading, written byte for byte as
 *    libharu wrote its own outline.
 *  - pdf->pdf_version: libharu writes %PDF-1.3 unless it knows a feature needs more.
 *  - pdf->stream and a callback writer: the file is written straight into the caller's
 *    buffer, not into libharu's chunked memory stream copied out again.
 *  - names: libharu's name writer escapes every irregular byte but the space (its
 *    HPDF_NEEDS_ESCAPE starts at 0x20), so a name holding one is refused here.
 * All of it is checked against libharu 2.3's code: the build refuses other versions until it
 * has been checked again. */
#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_list.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hpdf_version.h>

#include "pdf/libharu_internals.h"

#include <string.h>

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

/* ---- the outline's items ---- */

/* The state of a run of outline items: the shared dictionary's attr. */
typedef struct {
    HPDF_Xref xref;
    HPDF_UINT first_entry;  /* the shared dictionary's own entry */
    HPDF_UINT nentries;     /* entries of the run made so far, its own included */
    size_t nitems, next;    /* the item the dictionary writes next */
    HPDF_Array dest;        /* the shared destination, NULL until it is in the table */
    vb_haru_item_writer put_item;
    void *user;
} item_run;

/* libharu frees every table entry's object, and the run's entries share two: the first time
 * (the dictionary's own entry, which comes first) frees the array and empties the rest. */
static void free_item_run(HPDF_Dict dict)
{
    item_run *run = dict->attr;
    for (HPDF_UINT i = run->first_entry + 1; i < run->first_entry + run->nentries; i++)
        ((HPDF_XrefEntry)HPDF_List_ItemAt(run->xref->entries, i))->obj = NULL;
    if (run->dest)
        HPDF_Obj_ForceFree(dict->mmgr, run->dest);
    HPDF_FreeMem(dict->mmgr, run);
}

/* The dictionary is written once per item, in the table's order, each time just before the
 * array: item i's entries go out, and the array takes item i's destination. */
static HPDF_STATUS write_item(HPDF_Dict dict, HPDF_Stream stream)
{
    item_run *run = dict->attr;
    vb_haru_item item = {0};
    if (!run->put_item(run->user, run->next, &item))
        return HPDF_RaiseError(dict->error, HPDF_FAILD_TO_ALLOC_MEM, 0);
    run->next = run->next + 1 == run->nitems ? 0 : run->next + 1;
    ((HPDF_Proxy)HPDF_List_ItemAt(run->dest->list, 0))->obj = item.page;
    ((HPDF_Real)HPDF_List_ItemAt(run->dest->list, 2))->value = item.left;
    ((HPDF_Real)HPDF_List_ItemAt(run->dest->list, 3))->value = item.top;
    ((HPDF_Real)HPDF_List_ItemAt(run->dest->list, 4))->value = item.zoom;
    return HPDF_Stream_Write(stream, item.entries, (HPDF_UINT)item.len);
}

/* The table grows 1,024 entries at a time, copying itself each time: once is enough. */
static bool reserve_entries(HPDF_Xref xref, HPDF_UINT more)
{
    HPDF_List list = xref->entries;
    if (list->count + more > HPDF_LIMIT_MAX_XREF_ELEMENT) {
        HPDF_RaiseError(xref->error, HPDF_XREF_COUNT_ERR, 0);
        return false;
    }
    if (list->count + more <= list->block_siz)
        return true;
    HPDF_UINT size = list->count + more;
    void **grown = HPDF_GetMem(xref->mmgr, size * sizeof *grown);
    if (!grown)
        return false;
    if (list->obj) {
        memcpy(grown, list->obj, list->count * sizeof *grown);
        HPDF_FreeMem(xref->mmgr, list->obj);
    }
    list->obj = grown;
    list->block_siz = size;
    return true;
}

/* One more table entry for an object already in the table (HPDF_Xref_Add takes each object
 * once, and frees it when the entry fails). */
static bool add_shared_entry(item_run *run, void *obj)
{
    HPDF_XrefEntry entry = HPDF_GetMem(run->xref->mmgr, sizeof *entry);
    if (!entry)
        return false;
    *entry = (HPDF_XrefEntry_Rec){.entry_typ = HPDF_IN_USE_ENTRY, .obj = obj};
    if (HPDF_List_Add(run->xref->entries, entry) != HPDF_OK) {
        HPDF_FreeMem(run->xref->mmgr, entry);
        return false;
    }
    run->nentries++;
    return true;
}

static HPDF_Array new_shared_dest(HPDF_Doc pdf, HPDF_Dict item)
{
    HPDF_Array dest = HPDF_Array_New(pdf->mmgr);
    if (!dest || HPDF_Xref_Add(pdf->xref, dest) != HPDF_OK)
        return NULL;
    /* The first element is a reference, here to the item until write_item sets the page. */
    HPDF_STATUS ret = HPDF_Array_Add(dest, item);
    ret += HPDF_Array_AddName(dest, "XYZ");
    for (int i = 0; i < 3; i++)
        ret += HPDF_Array_AddReal(dest, 0);
    return ret == HPDF_OK ? dest : NULL;
}

unsigned vb_haru_add_outline_items(vb_haru_doc doc, size_t n, vb_haru_item_writer put_item,
                                   void *user)
{
    HPDF_Doc pdf = doc;
    if (n == 0 || n > HPDF_LIMIT_MAX_XREF_ELEMENT) {
        HPDF_RaiseError(&pdf->error, HPDF_XREF_COUNT_ERR, 0);
        return 0;
    }
    if (!reserve_entries(pdf->xref, (HPDF_UINT)(2 * n)))
        return 0;
    item_run *run = HPDF_GetMem(pdf->mmgr, sizeof *run);
    HPDF_Dict item = run ? HPDF_Dict_New(pdf->mmgr) : NULL;
    if (!item || HPDF_Xref_Add(pdf->xref, item) != HPDF_OK) {
        HPDF_FreeMem(pdf->mmgr, run);
        return 0;
    }
    *run = (item_run){.xref = pdf->xref, .first_entry = pdf->xref->entries->count - 1,
                      .nentries = 1, .nitems = n, .put_item = put_item, .user = user};
    item->attr = run;
    item->free_fn = free_item_run;
    item->write_fn = write_item;
    if (HPDF_Dict_AddName(item, "Type", "Outlines") != HPDF_OK)
        return 0;
    HPDF_Array dest = new_shared_dest(pdf, item);
    if (!dest)
        return 0;
    /* Its entry follows the dictionary's; from here the run frees it. */
    run->dest = dest;
    run->nentries++;
    for (size_t i = 1; i < n; i++)
        if (!add_shared_entry(run, item) || !add_shared_entry(run, dest))
            return 0;
    return item->header.obj_id & 0x00FFFFFF;
}

unsigned vb_haru_object_id(vb_haru_dict dict)
{
    return ((HPDF_Dict)dict)->header.obj_id & 0x00FFFFFF;
}

HPDF_STATUS vb_haru_set_outlines(vb_haru_doc doc, vb_haru_dict root)
{
    return HPDF_Dict_Add(((HPDF_Doc)doc)->catalog, "Outlines", root);
}
