/* libFuzzer harness: arbitrary bytes as a content file, through load -> prepare -> layout ->
 * PDF in memory. Fonts are loaded once, as an e-office server would. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "vanban.h"

static vb_engine *engine;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    vb_diagnostics *d = vb_diagnostics_new();
    vb_engine_options opts = {getenv("VANBAN_FONT_DIR") ? getenv("VANBAN_FONT_DIR") : "fonts"};
    engine = vb_engine_new(&opts, d);
    if (!engine) {
        for (size_t i = 0; i < vb_diagnostics_count(d); i++)
            fprintf(stderr, "%s\n", vb_diagnostic_format(d, i));
        abort();
    }
    vb_diagnostics_free(d);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vb_diagnostics *d = vb_diagnostics_new();
    unsigned char *pdf = NULL;
    size_t len = 0;
    vb_status st = vb_render_memory(engine, (const char *)data, size, "fuzz.yaml", NULL, &pdf, &len, d);
    /* Success and failure must agree with what the caller sees. */
    if (st == VB_OK && (!pdf || len < 8))
        abort();
    if (st != VB_OK && vb_diagnostics_errors(d) == 0)
        abort();
    vb_free(pdf);
    vb_diagnostics_free(d);
    return 0;
}
