/* STUB — replaced by the loader. */
#include "load.h"
#include <stdlib.h>
vb_document *vb_load_yaml(const char *data, size_t len, const char *name, vb_arena *arena,
                          vb_diagnostics *diag)
{
    vb_diag_error(diag, name, 0, 0, "loader not implemented");
    return NULL;
}
char *vb_read_file(const char *path, size_t *len, vb_diagnostics *diag) { return NULL; }
