/* Reading a font file into memory and finding its tables, without HarfBuzz. */
#ifndef VB_FONTFILE_H
#define VB_FONTFILE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Font files beyond this are refused: the largest TrueType fonts for Vietnamese text are a few
 * MB, and a path that names /dev/zero or a huge file must not make us read gigabytes. */
#define VB_FONT_FILE_MAX ((size_t)64 << 20)

typedef enum {
    VB_FONTFILE_OK,
    VB_FONTFILE_NO_MEMORY,
    VB_FONTFILE_UNREADABLE, /* *err holds errno */
    VB_FONTFILE_NOT_REGULAR,
    VB_FONTFILE_TOO_LARGE,
} vb_fontfile_status;

/* Reads path whole into malloc'd memory. The file is opened without blocking and checked to be
 * a regular file of at most VB_FONT_FILE_MAX bytes before a byte is read, so that a FIFO or a
 * device named as a font is refused at once. */
vb_fontfile_status vb_fontfile_read(const char *path, unsigned char **data, size_t *len, int *err);

/* An sfnt (TrueType) table directory, checked to lie inside the file. */
typedef struct {
    const unsigned char *data;
    size_t len;
    uint32_t version;
    unsigned num_tables;
} vb_sfnt;

#define VB_TAG(a, b, c, d) \
    ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))

/* false when the data is too short for its table directory or for a table it lists (the table
 * lookups below stay safe on such data, cutting tables at the end). */
bool vb_sfnt_open(vb_sfnt *s, const unsigned char *data, size_t len);
/* The bytes of a table, as HarfBuzz would see them (cut at the end of the file); NULL and 0 when
 * the font lacks it. */
const unsigned char *vb_sfnt_table(const vb_sfnt *s, uint32_t tag, size_t *len);
/* Whether the name table holds a record with this name id. */
bool vb_sfnt_has_name(const vb_sfnt *s, unsigned name_id);

/* A face's horizontal metrics as its hhea and hmtx tables state them, found once. */
typedef struct {
    const unsigned char *hmtx;
    size_t hmtx_len;
    unsigned long_metrics; /* hhea's numberOfHMetrics */
} vb_hmetrics;

void vb_hmetrics_open(vb_hmetrics *m, const vb_sfnt *s);
/* The advance of a glyph in design units (a glyph past the long metrics has the last one's);
 * -1 when the tables do not hold it. */
long vb_hmetrics_advance(const vb_hmetrics *m, unsigned glyph);

/* Big-endian fields of a table; 0 when the table is shorter. Inline: the subset check reads
 * them per glyph. */
static inline unsigned vb_be_u16(const unsigned char *data, size_t len, size_t offset)
{
    return offset + 2 <= len ? (unsigned)(data[offset] << 8 | data[offset + 1]) : 0;
}

static inline int vb_be_i16(const unsigned char *data, size_t len, size_t offset)
{
    return (int16_t)(uint16_t)vb_be_u16(data, len, offset);
}

static inline uint32_t vb_be_u32(const unsigned char *data, size_t len, size_t offset)
{
    return offset + 4 <= len ? (uint32_t)data[offset] << 24 | (uint32_t)data[offset + 1] << 16 |
                                   (uint32_t)data[offset + 2] << 8 | data[offset + 3]
                             : 0;
}

static inline long vb_be_i32(const unsigned char *data, size_t len, size_t offset)
{
    return (long)(int32_t)vb_be_u32(data, len, offset);
}

#endif
