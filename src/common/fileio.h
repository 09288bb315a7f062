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

/* Writes data to path, never leaving a part of it in place of an old file. What happens
 * depends on what path is:
 *   - "-": standard output, written through;
 *   - a regular file, or nothing yet: a temporary file in the same folder (".vb-XXXXXX",
 *     short enough for any legal name), synced, then renamed over path; on failure the old
 *     file, if any, is left as it was;
 *   - a character device or a FIFO (/dev/null, /dev/stdout, a named pipe): written through,
 *     never replaced by a regular file;
 *   - a symbolic link: followed to the file it names, which is then written as above (a
 *     dangling link gets its file created); the link stays a link;
 *   - a folder, a block device or a socket: refused.
 * Returns 0, or -1 after reporting why. */
/* The folder part of a path ("." when there is none, "/" for the root), malloc'd; NULL when
 * memory runs out. */
char *vb_path_folder(const char *path);

int vb_write_file(const char *path, const unsigned char *data, size_t len, vb_diagnostics *diag);

#endif
