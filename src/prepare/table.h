/* A hash index for the prepare stage (footnote ids, reported characters): it maps a key, which
 * the caller keeps in an array of its own, to the key's index there, so that every lookup is
 * constant time however long the document. The caller hashes and compares. */
#ifndef VB_PREP_TABLE_H
#define VB_PREP_TABLE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/arena.h"

typedef struct {
    uint64_t hash;
    size_t index_plus_one; /* 0: an empty slot */
} prep_slot;

typedef struct {
    prep_slot *slots;
    size_t cap, count; /* cap is 0 or a power of two */
} prep_table;

/* True when the key the caller is looking for is the one at index. */
typedef bool (*prep_same_key)(const void *ctx, size_t index);

/* The index of a key with this hash for which same(ctx, index) holds, or SIZE_MAX. */
size_t prep_table_find(const prep_table *t, uint64_t hash, prep_same_key same, const void *ctx);
/* Adds index under hash; false when memory ran out (the arena is then failed). */
bool prep_table_add(prep_table *t, vb_arena *a, uint64_t hash, size_t index);
/* FNV-1a, finalised: short keys, and no adversary who gains from collisions but slowness. */
uint64_t prep_hash(const void *data, size_t len);

#endif
