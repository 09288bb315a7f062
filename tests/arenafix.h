/* Each test's own arena and diagnostics, made by its setup and freed by its teardown
 * (cmocka_unit_test_setup_teardown(test, fixture_setup, fixture_teardown)). */
#ifndef VB_TESTS_ARENAFIX_H
#define VB_TESTS_ARENAFIX_H
#include "testutil.h"

#include "common/arena.h"
#include "common/diag.h"

typedef struct {
    vb_arena *arena;
    vb_diagnostics *diag;
} fixture;

#define FIXTURE(state) ((fixture *)*(state))

static int fixture_setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->arena = vb_arena_new();
    f->diag = vb_diagnostics_new();
    *state = f;
    return f->arena && f->diag ? 0 : -1;
}

static int fixture_teardown(void **state)
{
    fixture *f = *state;
    vb_diagnostics_free(f->diag);
    vb_arena_free(f->arena);
    free(f);
    return 0;
}

#endif
