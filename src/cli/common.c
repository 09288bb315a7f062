/* The messages every part of the command prints, and the path helper they share. */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("vanban: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\nXem / see: vanban --help\n", stderr);
    va_end(ap);
    return VB_ERR_USAGE;
}

int out_of_memory(void)
{
    fputs("vanban: hết bộ nhớ / out of memory\n", stderr);
    return VB_ERR_IO;
}

/* The last component of a path ("a/b.yaml" -> "b.yaml"). */
const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}
