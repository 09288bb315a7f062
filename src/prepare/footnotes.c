/* Footnotes: the index of their ids, numbers handed out on first call while texts are parsed,
 * the message for a call to an unknown id (with the nearest ids declared), and the footnotes'
 * own paragraphs. */
#include <string.h>

#include "prepare/prep.h"

/* How many declared ids the message for an unknown one names. */
#define NEAREST 3
/* Ids are words; longer ones are not compared, which bounds the cost of one search by the
 * number of ids alone. */
#define MAX_COMPARED_ID 64

typedef struct {
    const char *id;
    size_t len;
    const vb_document *doc;
} id_key;

static bool same_footnote_id(const void *ctx, size_t index)
{
    const id_key *key = ctx;
    const char *id = key->doc->footnotes[index].id.text;
    return strncmp(id, key->id, key->len) == 0 && id[key->len] == 0;
}

void prep_index_footnotes(prep *p)
{
    vb_document *d = p->doc;
    for (size_t i = 0; i < d->nfootnotes; i++) {
        d->footnotes[i].number = 0;
        const char *id = d->footnotes[i].id.text;
        if (!id)
            continue;
        id_key key = {id, strlen(id), d};
        uint64_t hash = prep_hash(id, key.len);
        /* Ids are unique (the loader refuses repeats); were they not, the first would win. */
        if (prep_table_find(&p->footnote_ids, hash, same_footnote_id, &key) == SIZE_MAX &&
            !prep_table_add(&p->footnote_ids, p->arena, hash, i))
            return;
    }
}

/* Footnote numbers are handed out here, so in the order texts are parsed. */
static int footnote_lookup(void *ctx, const char *id, size_t id_len)
{
    prep *p = ctx;
    p->refused_id = id;
    p->refused_id_len = id_len;
    if (p->parsing_footnote) {
        p->lookup_refused = true;
        return -1;
    }
    id_key key = {id, id_len, p->doc};
    size_t i = prep_table_find(&p->footnote_ids, prep_hash(id, id_len), same_footnote_id, &key);
    if (i == SIZE_MAX) {
        p->lookup_refused = true;
        return 0;
    }
    vb_footnote *f = &p->doc->footnotes[i];
    if (f->number == 0)
        f->number = ++p->footnotes_called;
    return f->number;
}

/* ---- the nearest declared ids ---- */

/* Edit distance (in bytes) between a and b, or limit + 1 as soon as it must exceed limit.
 * row: nb + 1 cells. */
static size_t bounded_distance(const char *a, size_t na, const char *b, size_t nb, size_t limit,
                               size_t *row)
{
    if ((na > nb ? na - nb : nb - na) > limit)
        return limit + 1;
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t corner = row[0], best = row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t cost = corner + (a[i - 1] != b[j - 1]);
            if (row[j] + 1 < cost)
                cost = row[j] + 1;
            if (row[j - 1] + 1 < cost)
                cost = row[j - 1] + 1;
            corner = row[j];
            row[j] = cost;
            if (cost < best)
                best = cost;
        }
        if (best > limit)
            return limit + 1;
    }
    return row[nb] <= limit ? row[nb] : limit + 1;
}

typedef struct {
    size_t distance, index;
} candidate;

/* The NEAREST declared ids closest to id, nearest first (ties in declaration order); returns
 * how many there are. */
static size_t nearest_ids(prep *p, const char *id, size_t len, candidate *best)
{
    const vb_document *d = p->doc;
    size_t found = 0, row[MAX_COMPARED_ID + 1];
    if (len > MAX_COMPARED_ID)
        return 0;
    for (size_t i = 0; i < d->nfootnotes; i++) {
        const char *other = d->footnotes[i].id.text;
        size_t other_len = other ? strnlen(other, MAX_COMPARED_ID + 1) : SIZE_MAX;
        if (other_len > MAX_COMPARED_ID)
            continue;
        size_t limit = found < NEAREST ? SIZE_MAX - 1 : best[NEAREST - 1].distance - 1;
        size_t dist = bounded_distance(id, len, other, other_len, limit, row);
        if (dist > limit)
            continue;
        size_t at = found < NEAREST ? found++ : NEAREST - 1;
        for (; at > 0 && best[at - 1].distance > dist; at--)
            best[at] = best[at - 1];
        best[at] = (candidate){dist, i};
    }
    return found;
}

/* "các chú thích đã khai báo: a, b", or the nearest three when there are more, so that a typo
 * is easy to see. */
static const char *declared_ids(prep *p, const char *id, size_t len)
{
    const vb_document *d = p->doc;
    candidate best[NEAREST];
    size_t n = 0;
    if (d->nfootnotes <= NEAREST) {
        for (size_t i = 0; i < d->nfootnotes; i++)
            best[n++] = (candidate){0, i};
    } else {
        n = nearest_ids(p, id, len, best);
        if (n == 0) /* an id too long to compare, or every declared one is */
            return "không chú thích nào có tên gần giống";
    }
    const char *hint = d->nfootnotes <= NEAREST ? "các chú thích đã khai báo: "
                                                : "các chú thích gần giống nhất: ";
    for (size_t i = 0; hint && i < n; i++) {
        const char *other = d->footnotes[best[i].index].id.text;
        hint = vb_arena_printf(p->arena, "%s%s%s", hint, i ? ", " : "", other ? other : "");
    }
    return hint ? hint : "";
}

/* The hint for an unknown id, worked out once per id; "" past PREP_HINTED_IDS ids. */
static const char *unknown_id_hint(prep *p, const char *id, size_t len)
{
    if (p->doc->nfootnotes == 0)
        return "văn bản chưa có chu_thich nào";
    for (size_t i = 0; i < p->nhints; i++)
        if (p->hints[i].len == len && memcmp(p->hints[i].id, id, len) == 0)
            return p->hints[i].text;
    if (p->nhints == PREP_HINTED_IDS)
        return "";
    const char *text = declared_ids(p, id, len);
    p->hints[p->nhints++] = (prep_hint){id, len, text};
    return text;
}

/* ---- parsing ---- */

void prep_parse_rich(prep *p, const char *text, vb_pos pos, const char *what, vb_rich *out)
{
    out->runs = NULL;
    out->count = 0;
    if (!text)
        return;
    const char *err = NULL;
    size_t offset = 0;
    p->lookup_refused = false;
    if (vb_parse_inline(p->arena, text, out, footnote_lookup, p, &err, &offset) == 0)
        return;
    out->runs = NULL;
    out->count = 0;
    size_t index = prep_char_index(text, offset);
    int id_len = (int)p->refused_id_len;
    if (p->lookup_refused && p->parsing_footnote) {
        prep_error(p, pos, "%s: ký tự thứ %zu: một chú thích không được gọi chú thích khác "
                   "(\"[^%.*s]\")", what, index, id_len, p->refused_id);
    } else if (p->lookup_refused) {
        /* Past the message cap the error is only counted: spare the search. */
        const char *hint = vb_diag_would_keep(p->diag, VB_SEVERITY_ERROR)
                               ? unknown_id_hint(p, p->refused_id, p->refused_id_len)
                               : "";
        prep_error(p, pos, "%s: ký tự thứ %zu: chú thích \"[^%.*s]\" chưa được khai báo trong "
                   "chu_thich%s%s", what, index, id_len, p->refused_id, hint[0] ? "; " : "",
                   hint);
    } else {
        prep_error(p, pos, "%s: ký tự thứ %zu: %s", what, index, err ? err : "lỗi dấu định dạng");
    }
}

void prep_footnote_paragraphs(prep *p)
{
    vb_document *d = p->doc;
    p->parsing_footnote = true;
    for (size_t i = 0; i < d->nfootnotes; i++) {
        vb_footnote *f = &d->footnotes[i];
        f->rich = vb_arena_calloc(p->arena, f->nparagraphs ? f->nparagraphs : 1, sizeof *f->rich);
        if (!f->rich)
            break;
        for (size_t j = 0; j < f->nparagraphs; j++)
            prep_parse_rich(p, f->paragraphs[j].text, f->paragraphs[j].pos, "chu_thich",
                            &f->rich[j]);
        if (f->number == 0)
            prep_warning(p, f->id.pos, "chu_thich: chú thích \"%s\" được khai báo nhưng văn bản "
                         "không gọi nó ở đâu (thiếu \"[^%s]\")", f->id.text, f->id.text);
    }
    p->parsing_footnote = false;
}
