/* STUB — replaced by the API glue. */
#include "../include/vanban.h"
#include <stdlib.h>
vb_engine *vb_engine_new(const vb_engine_options *opts, vb_diagnostics *diag) { return NULL; }
void vb_engine_free(vb_engine *eng) {}
vb_status vb_check_file(vb_engine *eng, const char *input_path, vb_diagnostics *diag) { return VB_ERR_IO; }
vb_status vb_render_file(vb_engine *eng, const char *input_path, const char *output_path,
                         const vb_render_options *opts, vb_diagnostics *diag) { return VB_ERR_IO; }
vb_status vb_render_memory(vb_engine *eng, const char *yaml, size_t yaml_len, const char *name,
                           const vb_render_options *opts, unsigned char **pdf, size_t *pdf_len,
                           vb_diagnostics *diag) { return VB_ERR_IO; }
void vb_free(void *p) { free(p); }
const char *vb_version(void) { return VANBAN_VERSION; }
