/* Files in and out: reading an input within a bound, writing an output whole or not at all. */
#ifndef VB_FILEIO_H
#define VB_FILEIO_H
#include <stddef.h>

#include "common/diag.h"

/* A content file larger than this is refused before it is read whole. */
#define VB_MAX_INPUT_BYTES (16u * 1024 * 1024)

/* Reads a whole file, regular or a pipe (bounded by VB_MAX_INPUT_BYTES), into malloc'd memory
 * with a NUL after the last byte; NULL after reporting why. */
char *vb_read_file(const char *path, size_t *len, vb_diagnostics *diag);

/* Writes data to path so that a reader sees the old file or the whole new one, never a part:
 * a temporary file in the same folder, synced, then renamed over path. Returns 0, or -1 after
 * reporting why (the old file, if any, is left as it was). */
int vb_write_file(const char *path, const unsigned char *data, size_t len, vb_diagnostics *diag);

#endif
