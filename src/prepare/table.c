/* prep_table: open addressing with linear probing, kept at most half full. */
#include "prepare/table.h"

uint64_t prep_hash(const void *data, size_t len)
{
    const unsigned char *s = data;
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ s[i]) * 0x100000001b3u;
    /* Linear probing uses the low bits, which FNV mixes poorly for keys that differ in their
     * last bytes ("n1", "n2", …): MurmurHash3's finaliser spreads every bit over all of them. */
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53u;
    return h ^ (h >> 33);
}

size_t prep_table_find(const prep_table *t, uint64_t hash, prep_same_key same, const void *ctx)
{
    if (t->cap == 0)
        return SIZE_MAX;
    for (size_t i = (size_t)hash & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        const prep_slot *s = &t->slots[i];
        if (!s->index_plus_one)
            return SIZE_MAX;
        if (s->hash == hash && same(ctx, s->index_plus_one - 1))
            return s->index_plus_one - 1;
    }
}

static void place(prep_slot *slots, size_t cap, prep_slot entry)
{
    size_t i = (size_t)entry.hash & (cap - 1);
    while (slots[i].index_plus_one)
        i = (i + 1) & (cap - 1);
    slots[i] = entry;
}

bool prep_table_add(prep_table *t, vb_arena *a, uint64_t hash, size_t index)
{
    if (2 * (t->count + 1) > t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 16;
        prep_slot *slots = vb_arena_calloc(a, cap, sizeof *slots);
        if (!slots)
            return false;
        for (size_t i = 0; i < t->cap; i++)
            if (t->slots[i].index_plus_one)
                place(slots, cap, t->slots[i]);
        t->slots = slots;
        t->cap = cap;
    }
    place(t->slots, t->cap, (prep_slot){hash, index + 1});
    t->count++;
    return true;
}
