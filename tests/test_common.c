/* The shared building blocks at their edges: the arena's sizes that overflow, a zero-byte
 * allocation, shrinking and empty grows, and vb_buf_printf past its stack buffer. */
#include "testutil.h"

#include <stdint.h>

#include "common/arena.h"
#include "common/buf.h"

/* A size whose arithmetic would wrap is a failure, never a small block handed out; the arena
 * then stays failed, as its callers check once at the end. */
static void arena_refuses_sizes_that_wrap(void **state)
{
    (void)state;
    vb_arena *a = vb_arena_new();
    assert_non_null(a);
    assert_null(vb_arena_calloc(a, SIZE_MAX / 8 + 1, 16));
    assert_true(vb_arena_failed(a));
    assert_null(vb_arena_alloc(a, 8));
    vb_arena_free(a);

    a = vb_arena_new();
    assert_null(vb_arena_alloc(a, SIZE_MAX - 3));
    assert_true(vb_arena_failed(a));
    vb_arena_free(a);
}

/* Zero bytes is a real, distinct pointer (callers store it as "present"); a grow keeps the
 * smaller of the two sizes, and from nothing keeps nothing. */
static void arena_zero_sizes_and_grows(void **state)
{
    (void)state;
    vb_arena *a = vb_arena_new();
    void *z1 = vb_arena_alloc(a, 0), *z2 = vb_arena_alloc(a, 0);
    assert_non_null(z1);
    assert_non_null(z2);
    assert_ptr_not_equal(z1, z2);
    assert_non_null(vb_arena_calloc(a, 0, 8));

    char *s = vb_arena_strdup(a, "Bình Trung");
    char *shrunk = vb_arena_grow(a, s, strlen(s) + 1, 4);
    assert_non_null(shrunk);
    assert_memory_equal(shrunk, "Bìn", 4);
    char *fresh = vb_arena_grow(a, NULL, 0, 32);
    assert_non_null(fresh);
    char *big = vb_arena_alloc(a, 1 << 20); /* past the first chunk: a chunk of its own */
    assert_non_null(big);
    memset(big, 1, 1 << 20);
    assert_false(vb_arena_failed(a));
    vb_arena_free(a);
}

/* A line longer than the 256 bytes formatted on the stack is written whole, once. */
static void buf_printf_past_its_stack_buffer(void **state)
{
    (void)state;
    char long_word[1000];
    memset(long_word, 'x', sizeof long_word - 1);
    long_word[sizeof long_word - 1] = 0;
    vb_buf b = {0};
    vb_buf_printf(&b, "[%s]", "ngắn");
    vb_buf_printf(&b, "<%s>", long_word);
    assert_false(b.failed);
    assert_int_equal(b.len, strlen("[ngắn]") + 2 + strlen(long_word));
    assert_memory_equal(b.data, "[ngắn]<x", 9);
    assert_int_equal(b.data[b.len - 1], '>');
    vb_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_refuses_sizes_that_wrap),
        cmocka_unit_test(arena_zero_sizes_and_grows),
        cmocka_unit_test(buf_printf_past_its_stack_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
