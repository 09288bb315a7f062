/* Reading a whole file, for the tests and the benchmark (which has no cmocka). */
#ifndef VB_READFILE_H
#define VB_READFILE_H
#include <stdio.h>
#include <stdlib.h>

/* Reads a whole file, NUL-terminated; NULL if it cannot. */
static inline char *tu_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf)
        buf[n] = 0;
    fclose(f);
    if (len && buf)
        *len = (size_t)n;
    return buf;
}

#endif
