/* Font files read by us, not by HarfBuzz: bounded, non-blocking, and parsed without allocating. */
#include "fonts/fontfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

vb_fontfile_status vb_fontfile_read(const char *path, unsigned char **data, size_t *len, int *err)
{
    *data = NULL;
    *len = 0;
    *err = 0;
    /* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        *err = errno;
        return errno == ENOMEM ? VB_FONTFILE_NO_MEMORY : VB_FONTFILE_UNREADABLE;
    }
    struct stat st;
    vb_fontfile_status status = VB_FONTFILE_OK;
    if (fstat(fd, &st) != 0) {
        *err = errno;
        status = VB_FONTFILE_UNREADABLE;
    } else if (!S_ISREG(st.st_mode)) {
        status = VB_FONTFILE_NOT_REGULAR;
    } else if ((unsigned long long)st.st_size > VB_FONT_FILE_MAX) {
        status = VB_FONTFILE_TOO_LARGE;
    }
    size_t size = status == VB_FONTFILE_OK ? (size_t)st.st_size : 0;
    unsigned char *buf = status == VB_FONTFILE_OK ? malloc(size ? size : 1) : NULL;
    if (status == VB_FONTFILE_OK && !buf)
        status = VB_FONTFILE_NO_MEMORY;
    size_t got = 0;
    while (status == VB_FONTFILE_OK && got < size) {
        ssize_t n = read(fd, buf + got, size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) { /* a file that shrank while read is as unreadable as one that fails */
            *err = n < 0 ? errno : EIO;
            status = VB_FONTFILE_UNREADABLE;
            break;
        }
        got += (size_t)n;
    }
    close(fd);
    if (status != VB_FONTFILE_OK) {
        free(buf);
        return status;
    }
    *data = buf;
    *len = size;
    return VB_FONTFILE_OK;
}

static uint32_t be_u32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

#define SFNT_HEADER 12
#define SFNT_RECORD 16

bool vb_sfnt_open(vb_sfnt *s, const unsigned char *data, size_t len)
{
    s->data = data;
    s->len = len;
    s->version = len >= 4 ? be_u32(data) : 0;
    s->num_tables = vb_be_u16(data, len, 4);
    if (len < SFNT_HEADER || SFNT_HEADER + (size_t)s->num_tables * SFNT_RECORD > len)
        return false;
    /* A table that runs past the end is the mark of a file cut short. */
    for (unsigned i = 0; i < s->num_tables; i++) {
        const unsigned char *record = data + SFNT_HEADER + (size_t)i * SFNT_RECORD;
        if ((uint64_t)be_u32(record + 8) + be_u32(record + 12) > len)
            return false;
    }
    return true;
}

const unsigned char *vb_sfnt_table(const vb_sfnt *s, uint32_t tag, size_t *len)
{
    *len = 0;
    for (unsigned i = 0; i < s->num_tables; i++) {
        const unsigned char *record = s->data + SFNT_HEADER + (size_t)i * SFNT_RECORD;
        if (be_u32(record) != tag)
            continue;
        size_t offset = be_u32(record + 8), length = be_u32(record + 12);
        if (offset >= s->len)
            return NULL;
        *len = length < s->len - offset ? length : s->len - offset;
        return s->data + offset;
    }
    return NULL;
}

bool vb_sfnt_has_name(const vb_sfnt *s, unsigned name_id)
{
    size_t len;
    const unsigned char *name = vb_sfnt_table(s, VB_TAG('n', 'a', 'm', 'e'), &len);
    unsigned count = vb_be_u16(name, len, 2);
    for (unsigned i = 0; i < count; i++)
        if (vb_be_u16(name, len, 6 + (size_t)i * 12 + 6) == name_id)
            return true;
    return false;
}

void vb_hmetrics_open(vb_hmetrics *m, const vb_sfnt *s)
{
    size_t hhea_len;
    const unsigned char *hhea = vb_sfnt_table(s, VB_TAG('h', 'h', 'e', 'a'), &hhea_len);
    m->hmtx = vb_sfnt_table(s, VB_TAG('h', 'm', 't', 'x'), &m->hmtx_len);
    m->long_metrics = vb_be_u16(hhea, hhea_len, 34);
}

long vb_hmetrics_advance(const vb_hmetrics *m, unsigned glyph)
{
    if (m->long_metrics == 0)
        return -1;
    size_t entry = glyph < m->long_metrics ? glyph : m->long_metrics - 1;
    return entry * 4 + 2 <= m->hmtx_len ? (long)vb_be_u16(m->hmtx, m->hmtx_len, entry * 4) : -1;
}
