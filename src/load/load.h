/* Stage 1: YAML (libyaml) -> vb_document. The only code that reads YAML. */
#ifndef VB_LOAD_H
#define VB_LOAD_H
#include "common/arena.h"
#include "common/diag.h"
#include "common/fileio.h" /* vb_read_file, VB_MAX_INPUT_BYTES */
#include "model/model.h"

/* Bounds against hostile input; each refusal is a clear error. */
#define VB_MAX_DEPTH 64            /* nesting of YAML collections */
#define VB_MAX_ALIAS_EXPANSION 10000 /* nodes reachable through aliases */
/* Text aliases may repeat: as much as the file itself holds, and at least this much. */
#define VB_MIN_ALIAS_BYTES (1024u * 1024)

/* Parses and validates; on any error returns NULL with diagnostics ("FILE:LINE:COL: …"). All
 * memory comes from the arena. name is the file name used in diagnostics. */
vb_document *vb_load_yaml(const char *data, size_t len, const char *name, vb_arena *arena,
                          vb_diagnostics *diag);

#endif
