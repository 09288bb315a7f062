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

#endif
