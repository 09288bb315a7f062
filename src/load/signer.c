/* nguoi_ky: one signer or several, their authority chains, lines and sides, every rule of the
 * signature block checked at its line:column. */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "load/loader.h"
#include "load/schema.h"
#include "load/suggest.h"

/* ------------------------------------------------------------------------------------------ */
/* nguoi_ky                                                                                   */
/* ------------------------------------------------------------------------------------------ */

/* Length of "TL." or "TL" in "TL. CHỦ TỊCH" when the line opens with an authority and goes on
 * with text; 0 otherwise. */
static size_t chain_prefix(const vb_field *f, const char *text)
{
    for (size_t i = 0; i < f->nchoices; i++) {
        size_t n = strlen(f->choices[i].value);
        if (strncmp(text, f->choices[i].value, n) != 0 || (text[n] != '.' && text[n] != ' '))
            continue;
        const char *rest = text + n + (text[n] == '.');
        while (*rest == ' ')
            rest++;
        return *rest ? n : 0;
    }
    return 0;
}

static void bad_authority(loader *L, const vb_field *f, const tree *t, const char *text)
{
    const char *near = vb_nearest_choice(f, text);
    vb_load_error(L, t->pos,
                  "%s \"%s\" không hợp lệ: chỉ dùng %s, viết hoa; hoặc viết đủ các dòng, ví dụ "
                  "[TL. CHỦ TỊCH, KT. CHÁNH VĂN PHÒNG]; bỏ khóa này khi người đứng đầu ký trực "
                  "tiếp%s%s%s",
                  f->key, text, vb_choice_list(L, f, false), near ? ". Có phải ý bạn là \"" : "",
                  near ? near : "", near ? "\"?" : "");
}

/* tham_quyen written as the printed lines: "TL. CHỦ TỊCH" or [TL. CHỦ TỊCH, KT. CHÁNH VĂN
 * PHÒNG]; each line must open with an authority. */
static void take_chain(loader *L, const vb_field *f, const tree *t, vb_signer *signer)
{
    vb_take_lines(L, t, f->key, true, &signer->chain);
    for (size_t i = 0; i < signer->chain.count; i++) {
        const vb_str *line = &signer->chain.items[i];
        if (line->text && !chain_prefix(f, line->text))
            vb_load_error(L, line->pos,
                          "dòng thẩm quyền \"%s\" phải mở bằng %s và dấu chấm, rồi đến chức danh "
                          "hoặc tên cơ quan, ví dụ \"TL. CHỦ TỊCH\" hay \"KT. CHÁNH VĂN PHÒNG\"",
                          line->text, vb_choice_values(L, f));
    }
}

static void take_authority(loader *L, const vb_field *f, const tree *t, vb_signer *signer)
{
    if (t->kind == TREE_SEQUENCE) {
        take_chain(L, f, t, signer);
        return;
    }
    vb_str raw = {0};
    if (!vb_take_text(L, t, f->key, true, &raw) || !raw.text)
        return;
    if (chain_prefix(f, raw.text)) {
        take_chain(L, f, t, signer);
        return;
    }
    size_t n = strlen(raw.text);
    if (n > 0 && raw.text[n - 1] == '.')
        raw.text[--n] = 0; /* "TM." is how it is printed; the dot is added back later */
    if (vb_find_choice(f, raw.text))
        signer->capacity = raw;
    else
        bad_authority(L, f, t, raw.text);
}

static void take_side(loader *L, const vb_field *f, const tree *t, vb_signer *signer)
{
    vb_str side = {0};
    if (!vb_take_text(L, t, f->key, true, &side) || !side.text)
        return;
    const vb_choice *c = vb_find_choice(f, side.text);
    if (c) {
        signer->side = c->code;
        return;
    }
    vb_load_error(L, t->pos, "%s \"%s\" không hợp lệ: chỉ dùng %s", f->key, side.text,
                  vb_choice_list(L, f, true));
}

/* A line of chuc_vu, ho_ten… written over several lines of the file without "|" (bare or in
 * quotes) is joined by YAML into one; the clerk most likely meant lines, so it is said, not
 * folded silently. The text is then longer than what its first line of the file holds. */
static void warn_folded(loader *L, const vb_field *f, const tree *t)
{
    if (t->kind == TREE_SEQUENCE) {
        for (size_t i = 0; i < t->count; i++)
            warn_folded(L, f, t->items[i]);
        return;
    }
    if (t->kind != TREE_SCALAR || !t->len)
        return;
    size_t at = vb_offset_of(L, t->pos), end = at;
    /* a "|" or ">" block says itself what becomes of its line breaks */
    if (!t->plain && (at >= L->len || (L->data[at] != '"' && L->data[at] != '\'')))
        return;
    while (end < L->len && L->data[end] != '\n' && L->data[end] != '\r')
        end++;
    if (end - at < t->len)
        vb_load_warning(L, t->pos,
                        "%s \"%s\" viết trên nhiều dòng của tệp nên được nối thành một dòng; muốn "
                        "in thành nhiều dòng, viết một danh sách, ví dụ [PHÓ CHỦ TỊCH, HỘI ĐỒNG]",
                        f->key, t->text);
}

static void take_signer_field(loader *L, const vb_field *f, const tree *v, void *into)
{
    vb_signer *signer = into;
    if (f->type == VB_FIELD_CHOICE) {
        if (vb_is_null(v))
            return;
        if (f->or_list)
            take_authority(L, f, v, signer);
        else
            take_side(L, f, v, signer);
        return;
    }
    /* ky_thay is one line; a list or a newline gives the other fields their lines */
    if (f->type == VB_FIELD_TEXT && vb_refuse_line_break(L, v, f->key))
        return;
    vb_load_common(L, &vb_schema_signer, f, v, into);
    if (f->type == VB_FIELD_LINES)
        warn_folded(L, f, v);
}

/* Which authorities a "KT. …" line may follow, and what goes with the full-line form. */
static void check_authority(loader *L, const vb_signer *signer)
{
    const char *cap = signer->capacity.text;
    if (signer->chain.count && signer->on_behalf.count)
        vb_load_error(L, signer->on_behalf.items[0].pos,
                      "thay_mat không dùng khi tham_quyen đã viết đủ các dòng (ví dụ [TL. CHỦ "
                      "TỊCH, KT. CHÁNH VĂN PHÒNG]); hãy đưa dòng này vào danh sách tham_quyen");
    if (!signer->deputy_for.text)
        return;
    if (signer->chain.count)
        vb_load_error(L, signer->deputy_for.pos,
                      "ky_thay không dùng khi tham_quyen đã viết đủ các dòng; hãy thêm dòng "
                      "\"KT. %s\" vào danh sách tham_quyen",
                      signer->deputy_for.text);
    else if (!cap || strcmp(cap, "KT") == 0 || strcmp(cap, "Q") == 0)
        vb_load_error(L, signer->deputy_for.pos,
                      "ky_thay chỉ dùng cùng tham_quyen TM, TL hoặc TUQ, cho dòng \"KT. …\" dưới "
                      "dòng thẩm quyền (\"TL. CHỦ TỊCH / KT. CHÁNH VĂN PHÒNG\"); khi ký thay trực "
                      "tiếp, viết tham_quyen: KT và thay_mat: CHỦ TỊCH");
}

void vb_take_signer(loader *L, const tree *t, vb_signer *signer)
{
    const vb_field_group *g = &vb_schema_signer;
    if (t->kind != TREE_MAPPING) {
        vb_wrong_type(L, t, g->name, vb_load_group_wanted(L, g));
        return;
    }
    signer->pos = t->pos;
    const tree *keys[MAX_GROUP_KEYS] = {0}, *values[MAX_GROUP_KEYS] = {0};
    vb_load_walk(L, t, g, keys, values, take_signer_field, signer);
    const vb_field *capacity = vb_schema_find(g, "tham_quyen");
    /* the full-line form carries its own thay_mat */
    if (signer->chain.count)
        values[capacity - g->fields] = NULL;
    vb_load_check_required(L, t->pos, g, keys, values);
    check_authority(L, signer);
    if (!vb_load_has_value(values[capacity - g->fields]) && !signer->chain.count &&
        signer->on_behalf.count)
        vb_load_warning(L, signer->on_behalf.items[0].pos,
                        "thay_mat chỉ được in khi có tham_quyen (%s); dòng này sẽ bị bỏ qua",
                        vb_choice_values(L, capacity));
}

/* nguoi_ky: one signer's mapping, or a list of them when several sign. */
void vb_take_signers(loader *L, const vb_field *f, const tree *t, vb_document *doc)
{
    if (t->kind != TREE_SEQUENCE) {
        vb_take_signer(L, t, &doc->signer);
        return;
    }
    if (t->count == 0) {
        vb_load_error(L, t->pos,
                      "khóa \"%s\": danh sách trống, cần ít nhất một người ký (chuc_vu, ho_ten)",
                      f->key);
        return;
    }
    vb_take_signer(L, t->items[0], &doc->signer);
    if (t->count == 1)
        return;
    doc->other_signers = vb_load_alloc(L, t->count - 1, sizeof *doc->other_signers);
    if (!doc->other_signers)
        return;
    doc->nother_signers = t->count - 1;
    for (size_t i = 1; i < t->count; i++)
        vb_take_signer(L, t->items[i], &doc->other_signers[i - 1]);
}

