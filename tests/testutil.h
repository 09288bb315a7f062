/* Shared helpers for the cmocka tests. Tests run from the repository root. */
#ifndef VB_TESTUTIL_H
#define VB_TESTUTIL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readfile.h"

#define VB_TEST_FONT_DIR "fonts"

/* ---- finding the repository, and what CI must have (appended for issue 14) ---- */
#include <limits.h>
#include <stdbool.h>
#include <unistd.h>

/* The checkout a test program belongs to: its binary is BUILD/tests/NAME, so the repository is
 * two folders above the binary's own. Lets a test run from any cwd. malloc'd; NULL if the
 * binary cannot be found or the folder holds no Makefile. */
static inline char *tu_repo_root(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    for (int up = 0; up < 3; up++) {
        char *slash = strrchr(exe, '/');
        if (!slash)
            return NULL;
        *slash = '\0';
    }
    char makefile[PATH_MAX + 16];
    snprintf(makefile, sizeof makefile, "%s/Makefile", exe);
    return access(makefile, R_OK) == 0 ? strdup(exe) : NULL;
}

/* Makes the repository the cwd, so that the paths a test names ("fonts", "content/…") are
 * the checkout's whatever folder the test was started from. Returns 0, or -1 with a message. */
static inline int tu_enter_repo_root(void)
{
    char *root = tu_repo_root();
    int rc = root ? chdir(root) : -1;
    if (rc != 0)
        fprintf(stderr, "cannot find the repository from /proc/self/exe (%s)\n",
                root ? root : "no Makefile two folders above the test binary");
    free(root);
    return rc;
}

/* True on a CI run (CI=true, as GitHub Actions, GitLab and the like set it). */
static inline bool tu_in_ci(void)
{
    const char *ci = getenv("CI");
    return ci && (strcmp(ci, "true") == 0 || strcmp(ci, "1") == 0);
}

/* What a test needs and CI installs: missing on a CI run, the test fails saying what is missing
 * and how to get it; elsewhere it is skipped, saying why. */
#define TU_REQUIRE(present, what, how)                                                         \
    do {                                                                                       \
        if (!(present)) {                                                                      \
            if (tu_in_ci())                                                                    \
                fail_msg("CI=true but %s is missing (%s): this test must run in CI", what, how); \
            print_message("skipped: %s is missing (%s)\n", what, how);                        \
            skip();                                                                            \
        }                                                                                      \
    } while (0)

#endif
