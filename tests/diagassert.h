/* The load-refusal assertion the loader's test programs share: the load failed and its first
 * diagnostic is an error at line:column whose message holds the expected words. */
#ifndef VB_DIAGASSERT_H
#define VB_DIAGASSERT_H
#include "testutil.h"

#include "common/diag.h"

static inline void tu_dump_diagnostics(const vb_diagnostics *d)
{
    for (size_t i = 0; i < vb_diagnostics_count(d); i++)
        print_message("  %s\n", vb_diagnostic_format(d, i));
}

/* doc: what the load returned (NULL when it refused, as it must here). */
static inline void tu_expect_first_error(const void *doc, const vb_diagnostics *d, int line,
                                         int col, const char *text)
{
    if (doc)
        print_message("  loaded although it should have failed\n");
    assert_null(doc);
    const vb_diagnostic *g = vb_diagnostic_get(d, 0);
    assert_non_null(g);
    if (g->line != line || g->column != col || !strstr(g->message, text)) {
        print_message("  expected %d:%d \"%s\"\n", line, col, text);
        tu_dump_diagnostics(d);
    }
    assert_int_equal(g->severity, VB_SEVERITY_ERROR);
    assert_int_equal(g->line, line);
    assert_int_equal(g->column, col);
    assert_non_null(strstr(g->message, text));
}

#endif
