/* Whether a subset HarfBuzz made is whole: its tables, glyphs, metrics and cmap against the plan. */
#include "fonts/subset_check.h"

#include <string.h>

#include "fonts/fontfile.h"

/* The tables libharu embeds that survive our subset (hinting dropped): a subset must keep
 * each one its source face has, since HarfBuzz leaves a table out when it runs out of memory
 * while writing it. */
static const uint32_t kept_tables[] = {
    VB_TAG('O', 'S', '/', '2'), VB_TAG('c', 'm', 'a', 'p'), VB_TAG('g', 'l', 'y', 'f'),
    VB_TAG('h', 'e', 'a', 'd'), VB_TAG('h', 'h', 'e', 'a'), VB_TAG('h', 'm', 't', 'x'),
    VB_TAG('l', 'o', 'c', 'a'), VB_TAG('m', 'a', 'x', 'p'), VB_TAG('n', 'a', 'm', 'e'),
    VB_TAG('p', 'o', 's', 't'),
};

/* Tables no subset of ours holds: hinting (we ask for none) and those HarfBuzz drops unless
 * asked to keep them. One of them in a subset means a set of the plan was lost to a failed
 * allocation, and the font is then embedded bigger than it should be. */
static const uint32_t never_kept[] = {
    VB_TAG('c', 'v', 't', ' '), VB_TAG('f', 'p', 'g', 'm'), VB_TAG('p', 'r', 'e', 'p'),
    VB_TAG('c', 'v', 'a', 'r'), VB_TAG('k', 'e', 'r', 'x'), VB_TAG('E', 'B', 'D', 'T'),
    VB_TAG('E', 'B', 'L', 'C'), VB_TAG('E', 'B', 'S', 'C'), VB_TAG('S', 'V', 'G', ' '),
    VB_TAG('f', 'e', 'a', 't'), VB_TAG('G', 'l', 'a', 't'), VB_TAG('G', 'l', 'o', 'c'),
    VB_TAG('S', 'i', 'l', 'f'), VB_TAG('S', 'i', 'l', 'l'),
};

static bool listed(const uint32_t *tags, size_t count, uint32_t tag)
{
    for (size_t i = 0; i < count; i++)
        if (tags[i] == tag)
            return true;
    return false;
}

/* A face's glyph outlines as loca and glyf describe them. */
typedef struct {
    const unsigned char *loca, *glyf;
    size_t loca_len, glyf_len;
    bool long_offsets;
} outlines;

static void open_outlines(outlines *o, const vb_sfnt *s)
{
    size_t head_len;
    const unsigned char *head = vb_sfnt_table(s, VB_TAG('h', 'e', 'a', 'd'), &head_len);
    o->long_offsets = vb_be_i16(head, head_len, 50) == 1;
    o->loca = vb_sfnt_table(s, VB_TAG('l', 'o', 'c', 'a'), &o->loca_len);
    o->glyf = vb_sfnt_table(s, VB_TAG('g', 'l', 'y', 'f'), &o->glyf_len);
}

static size_t loca_offset(const outlines *o, size_t index)
{
    return o->long_offsets ? vb_be_u32(o->loca, o->loca_len, index * 4)
                           : (size_t)vb_be_u16(o->loca, o->loca_len, index * 2) * 2;
}

/* Bytes of glyph gid's outline; 0 for an empty glyph or one loca does not hold. */
static size_t outline_size(const outlines *o, unsigned gid)
{
    size_t start = loca_offset(o, gid), end = loca_offset(o, (size_t)gid + 1);
    return end > start ? end - start : 0;
}

/* Whether glyph gid draws something: a glyph with no contours (a space) may carry only hinting,
 * which the subset drops, leaving it empty. */
static bool draws(const outlines *o, unsigned gid)
{
    size_t start = loca_offset(o, gid);
    return outline_size(o, gid) >= 10 && vb_be_i16(o->glyf, o->glyf_len, start) != 0;
}

static bool planned(const vb_subset_expectation *e, unsigned old_gid)
{
    size_t low = 0, high = e->num_glyphs; /* old_gids rise with the new ids */
    while (low < high) {
        size_t mid = low + (high - low) / 2;
        if (e->old_gids[mid] == old_gid)
            return true;
        if (e->old_gids[mid] < old_gid)
            low = mid + 1;
        else
            high = mid;
    }
    return false;
}

/* Whether every component of source glyph old_gid, when it is a composite, is in the plan: a
 * glyph closure cut short by a failed allocation leaves accents out of Vietnamese letters. */
static bool components_planned(const vb_subset_expectation *e, const outlines *o, unsigned old_gid)
{
    size_t start = loca_offset(o, old_gid), size = outline_size(o, old_gid);
    if (size < 10 || start + size > o->glyf_len || vb_be_i16(o->glyf, o->glyf_len, start) >= 0)
        return true;
    const unsigned char *g = o->glyf + start;
    unsigned flags = 0x0020; /* MORE_COMPONENTS */
    for (size_t at = 10; (flags & 0x0020) && at + 4 <= size;) {
        flags = vb_be_u16(g, size, at);
        if (!planned(e, vb_be_u16(g, size, at + 2)))
            return false;
        at += 4 + ((flags & 0x0001) ? 4 : 2); /* ARG_1_AND_2_ARE_WORDS */
        at += (flags & 0x0008) ? 2 : (flags & 0x0040) ? 4 : (flags & 0x0080) ? 8 : 0;
    }
    return true;
}

/* loca holds num_glyphs + 1 offsets, never decreasing, the last within glyf. */
static bool loca_consistent(const outlines *o, unsigned num_glyphs)
{
    size_t entry = o->long_offsets ? 4 : 2;
    if (!o->loca || o->loca_len < ((size_t)num_glyphs + 1) * entry)
        return false;
    size_t previous = 0;
    for (size_t i = 0; i <= num_glyphs; i++) {
        size_t offset = loca_offset(o, i);
        if (offset < previous)
            return false;
        previous = offset;
    }
    return previous <= o->glyf_len;
}

/* Glyph of cp in one cmap subtable of format 4; 0 when none. Segments are sorted by their
 * last code point: the first that ends at or after cp is found by bisection. */
static unsigned format4_glyph(const unsigned char *t, size_t len, uint32_t cp)
{
    size_t segments = vb_be_u16(t, len, 6) / 2;
    size_t ends = 14, starts = 16 + 2 * segments, deltas = starts + 2 * segments,
           ranges = deltas + 2 * segments;
    size_t low = 0, high = segments;
    while (low < high) {
        size_t mid = low + (high - low) / 2;
        if (vb_be_u16(t, len, ends + 2 * mid) < cp)
            low = mid + 1;
        else
            high = mid;
    }
    size_t i = low;
    if (i == segments)
        return 0;
    unsigned start = vb_be_u16(t, len, starts + 2 * i);
    if (start > cp)
        return 0;
    unsigned delta = vb_be_u16(t, len, deltas + 2 * i);
    unsigned range = vb_be_u16(t, len, ranges + 2 * i);
    if (range == 0)
        return (cp + delta) & 0xFFFFu;
    unsigned glyph = vb_be_u16(t, len, ranges + 2 * i + range + 2 * (cp - start));
    return glyph ? (glyph + delta) & 0xFFFFu : 0;
}

/* Glyph of cp in one cmap subtable of format 12; 0 when none. */
static unsigned format12_glyph(const unsigned char *t, size_t len, uint32_t cp)
{
    uint32_t groups = vb_be_u32(t, len, 12);
    for (size_t i = 0; i < groups && 16 + i * 12 + 12 <= len; i++) {
        size_t g = 16 + i * 12;
        uint32_t first = vb_be_u32(t, len, g), last = vb_be_u32(t, len, g + 4);
        if (cp >= first && cp <= last)
            return (unsigned)(vb_be_u32(t, len, g + 8) + (cp - first));
    }
    return 0;
}

/* The Unicode subtables of a cmap: format 12 answers for every code point, format 4 for the
 * BMP; the widest one is asked, as a PDF viewer would. */
typedef struct {
    const unsigned char *format4, *format12;
    size_t format4_len, format12_len;
} unicode_cmap;

static void open_cmap(unicode_cmap *c, const vb_sfnt *s)
{
    memset(c, 0, sizeof *c);
    size_t len;
    const unsigned char *cmap = vb_sfnt_table(s, VB_TAG('c', 'm', 'a', 'p'), &len);
    unsigned count = vb_be_u16(cmap, len, 2);
    for (unsigned i = 0; i < count; i++) {
        size_t record = 4 + (size_t)i * 8;
        unsigned platform = vb_be_u16(cmap, len, record);
        size_t offset = vb_be_u32(cmap, len, record + 4);
        if ((platform != 0 && platform != 3) || offset >= len)
            continue;
        unsigned format = vb_be_u16(cmap, len, offset);
        if (format == 4 && !c->format4) {
            c->format4 = cmap + offset;
            c->format4_len = len - offset;
        } else if (format == 12 && !c->format12) {
            c->format12 = cmap + offset;
            c->format12_len = len - offset;
        }
    }
}

static unsigned cmap_glyph(const unicode_cmap *c, uint32_t cp)
{
    if (c->format12)
        return format12_glyph(c->format12, c->format12_len, cp);
    return cp <= 0xFFFF && c->format4 ? format4_glyph(c->format4, c->format4_len, cp) : 0;
}

/* Every table the subset needs is there, and none it must not hold. */
static bool tables_kept(const vb_subset_expectation *e, const vb_sfnt *source,
                        const vb_sfnt *subset)
{
    for (unsigned i = 0; i < subset->num_tables; i++) {
        uint32_t tag = vb_be_u32(subset->data, subset->len, 12 + (size_t)i * 16);
        if (listed(never_kept, sizeof never_kept / sizeof never_kept[0], tag) ||
            listed(e->dropped, e->ndropped, tag))
            return false;
    }
    for (size_t i = 0; i < sizeof kept_tables / sizeof kept_tables[0]; i++) {
        size_t source_len, subset_len;
        vb_sfnt_table(source, kept_tables[i], &source_len);
        vb_sfnt_table(subset, kept_tables[i], &subset_len);
        if (source_len && !subset_len)
            return false;
    }
    return true;
}

/* Name records a subset keeps: ids 0 to 6 (HarfBuzz's default), in US English or Unicode. */
static unsigned kept_names(const vb_sfnt *s, bool *others)
{
    size_t len;
    const unsigned char *name = vb_sfnt_table(s, VB_TAG('n', 'a', 'm', 'e'), &len);
    unsigned count = vb_be_u16(name, len, 2), kept = 0;
    *others = false;
    for (unsigned i = 0; i < count; i++) {
        size_t record = 6 + (size_t)i * 12;
        unsigned platform = vb_be_u16(name, len, record);
        unsigned language = vb_be_u16(name, len, record + 4);
        unsigned id = vb_be_u16(name, len, record + 6);
        if (id <= 6 && (platform == 0 || language == 0x0409))
            kept++;
        else
            *others = true;
    }
    return kept;
}

/* The name table keeps the records it should, and no others (a lost set of name ids). */
static bool names_kept(const vb_sfnt *source, const vb_sfnt *subset)
{
    bool source_others, subset_others;
    unsigned expected = kept_names(source, &source_others);
    return kept_names(subset, &subset_others) == expected && !subset_others;
}

/* hmtx holds the long metrics hhea counts and a side bearing for each glyph after them, and
 * each glyph keeps its source glyph's advance. */
static bool metrics_whole(const vb_subset_expectation *e, const vb_sfnt *subset)
{
    vb_hmetrics before, after;
    vb_hmetrics_open(&before, e->source);
    vb_hmetrics_open(&after, subset);
    unsigned n = e->num_glyphs;
    if (after.long_metrics < 1 || after.long_metrics > n || before.long_metrics < 1 ||
        after.hmtx_len < (size_t)after.long_metrics * 4 + (size_t)(n - after.long_metrics) * 2)
        return false;
    for (unsigned gid = 0; gid < n; gid++)
        if (vb_hmetrics_advance(&after, gid) !=
            vb_hmetrics_advance(&before, e->old_gids[gid]))
            return false;
    return true;
}

/* Which of the Unicode cmap records (0/3, 0/4, 3/1, 3/10) a face has, one bit each. */
static unsigned unicode_records(const vb_sfnt *s)
{
    size_t len;
    const unsigned char *cmap = vb_sfnt_table(s, VB_TAG('c', 'm', 'a', 'p'), &len);
    unsigned count = vb_be_u16(cmap, len, 2), found = 0;
    for (unsigned i = 0; i < count; i++) {
        unsigned platform = vb_be_u16(cmap, len, 4 + (size_t)i * 8);
        unsigned encoding = vb_be_u16(cmap, len, 4 + (size_t)i * 8 + 2);
        found |= platform == 0 && encoding == 3    ? 1u
                 : platform == 0 && encoding == 4  ? 2u
                 : platform == 3 && encoding == 1  ? 4u
                 : platform == 3 && encoding == 10 ? 8u
                                                   : 0u;
    }
    return found;
}

/* OS/2 names the first and last code point the subset maps (at most U+FFFF): HarfBuzz writes
 * them, and the Unicode ranges, from the plan's code points, a set that can be lost. */
static bool char_range_kept(const vb_subset_expectation *e, const vb_sfnt *subset)
{
    uint32_t first = 0xFFFF, last = 0;
    bool any = false;
    for (size_t i = 0; i < e->ncps; i++) {
        if (!e->gids[i])
            continue;
        any = true;
        first = e->cps[i] < first ? e->cps[i] : first;
        last = e->cps[i] > last ? e->cps[i] : last;
    }
    if (!any)
        return true;
    size_t len;
    const unsigned char *os2 = vb_sfnt_table(subset, VB_TAG('O', 'S', '/', '2'), &len);
    return !os2 || (vb_be_u16(os2, len, 64) == first &&
                    vb_be_u16(os2, len, 66) == (last > 0xFFFF ? 0xFFFF : last));
}

bool vb_subset_is_whole(const vb_subset_expectation *e, const unsigned char *data, size_t len)
{
    vb_sfnt subset;
    if (!vb_sfnt_open(&subset, data, len) || !tables_kept(e, e->source, &subset) ||
        !names_kept(e->source, &subset))
        return false;
    size_t maxp_len;
    const unsigned char *maxp = vb_sfnt_table(&subset, VB_TAG('m', 'a', 'x', 'p'), &maxp_len);
    if (vb_be_u16(maxp, maxp_len, 4) != e->num_glyphs || !metrics_whole(e, &subset) ||
        !char_range_kept(e, &subset))
        return false;
    outlines before, after;
    open_outlines(&before, e->source);
    open_outlines(&after, &subset);
    if (!loca_consistent(&after, e->num_glyphs))
        return false;
    /* From 1: HarfBuzz empties .notdef unless told to keep its outline, which no viewer draws. */
    for (unsigned gid = 1; gid < e->num_glyphs; gid++)
        if (e->old_gids[gid] <= e->old_gids[gid - 1] ||
            (draws(&before, e->old_gids[gid]) && !draws(&after, gid)) ||
            !components_planned(e, &before, e->old_gids[gid]))
            return false;
    unsigned records = unicode_records(e->source);
    if ((unicode_records(&subset) & records) != records)
        return false;
    unicode_cmap cmap;
    open_cmap(&cmap, &subset);
    for (size_t i = 0; i < e->ncps; i++)
        if (e->gids[i] && cmap_glyph(&cmap, e->cps[i]) != e->gids[i])
            return false;
    return true;
}
