/* The repository's fonts for a test program that sets text: loaded once by the group's setup
 * (from the checkout, whatever folder the test was started from), freed by its teardown. */
#ifndef VB_TESTS_FONTFIX_H
#define VB_TESTS_FONTFIX_H
#include "testutil.h"

#include "common/diag.h"
#include "fonts/fonts.h"

static vb_fontset *fonts;

static int fonts_setup(void **state)
{
    (void)state;
    if (tu_enter_repo_root() != 0)
        return -1;
    vb_diagnostics *d = vb_diagnostics_new();
    fonts = d ? vb_fontset_load(VB_TEST_FONT_DIR, d) : NULL;
    vb_diagnostics_free(d);
    return fonts ? 0 : -1;
}

static int fonts_teardown(void **state)
{
    (void)state;
    vb_fontset_free(fonts);
    fonts = NULL;
    return 0;
}

#endif
