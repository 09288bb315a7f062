/* The PDF's creation date is SOURCE_DATE_EPOCH in UTC to the second, whatever the time zone. */
#include "runutil.h"

#include "common/arena.h"
#include "common/diag.h"
#include "load/load.h"

/* 1700000000 s after the epoch is 2023-11-14 22:13:20 UTC, written in ISO 32000-1's form for
 * UTC, "Z" alone (libharu's writer would add "00'00'"; vanban writes the date itself). */
#define EPOCH "SOURCE_DATE_EPOCH=1700000000"
static const char *const exact_dates[] = {
    "/CreationDate (D:20231114221320Z)",
};

/* Hanoi is UTC+7 all year, New York UTC-5 in November: a date taken in local time is off by
 * hours in either, and on another day in Hanoi. */
static const char *const zones[] = {"Asia/Ho_Chi_Minh", "America/New_York", "UTC"};

static bool zone_installed(const char *zone)
{
    char path[256];
    snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", zone);
    return access(path, R_OK) == 0;
}

/* The bytes of the dictionary entry "/KEY (...)" in pdf; malloc'd, NULL if absent. */
static char *date_entry(const char *pdf, size_t len, const char *key)
{
    size_t key_len = strlen(key);
    for (size_t i = 0; i + key_len < len; i++)
        if (memcmp(pdf + i, key, key_len) == 0 && pdf[i + key_len] == ' ') {
            const char *close = memchr(pdf + i, ')', len - i);
            return close ? strndup(pdf + i, (size_t)(close - (pdf + i) + 1)) : NULL;
        }
    return NULL;
}

static bool is_exact_date(const char *entry)
{
    for (size_t i = 0; i < sizeof exact_dates / sizeof *exact_dates; i++)
        if (entry && strcmp(entry, exact_dates[i]) == 0)
            return true;
    return false;
}

static void creation_date_is_the_epoch_in_utc(void **state)
{
    (void)state;
    for (size_t z = 0; z < sizeof zones / sizeof *zones; z++)
        TU_REQUIRE(zone_installed(zones[z]), zones[z], "apt-get install tzdata, or make test-deps");

    for (size_t z = 0; z < sizeof zones / sizeof *zones; z++) {
        char tz[64];
        snprintf(tz, sizeof tz, "TZ=%s", zones[z]);
        const char *env[] = {tz, EPOCH, NULL};
        ru_scratch s = ru_scratch_with_input(RU_SAMPLE_YAML);
        ru_render_ok(s.input, s.output, env);

        size_t len = 0;
        char *pdf = tu_read_file(s.output, &len);
        assert_non_null(pdf);
        char *created = date_entry(pdf, len, "/CreationDate");
        print_message("%s: %s\n", zones[z], created ? created : "(no /CreationDate)");
        if (!is_exact_date(created))
            fail_msg("%s, %s: %s, expected %s", tz, EPOCH, created ? created : "no /CreationDate",
                     exact_dates[0]);
        /* Any other date the file states (ModDate, XMP) must be the same instant. */
        char *modified = date_entry(pdf, len, "/ModDate");
        if (modified)
            assert_non_null(strstr(modified, "(D:20231114221320Z"));
        const char *xmp = memmem(pdf, len, "<xmp:CreateDate>", 16);
        if (xmp)
            assert_int_equal(strncmp(xmp + 16, "2023-11-14T22:13:20", 19), 0);
        free(modified);
        free(created);
        free(pdf);
        ru_scratch_free(&s);
    }
}

/* ---- ngay's spellings: a day, or a day and a month, left blank for the văn thư ---- */

/* The sample with its ngay (line 6, column 7) written as date; the document, or NULL with the
 * first diagnostic's line, column and message in *where. */
static vb_document *load_with_date(vb_arena *a, vb_diagnostics *d, const char *date)
{
    static const char old[] = "ngay: 2024-01-05\n";
    const char *at = strstr(RU_SAMPLE_YAML, old);
    assert_non_null(at);
    char *yaml = malloc(sizeof RU_SAMPLE_YAML + strlen(date) + 8);
    assert_non_null(yaml);
    size_t head = (size_t)(at - RU_SAMPLE_YAML);
    memcpy(yaml, RU_SAMPLE_YAML, head);
    sprintf(yaml + head, "ngay: %s\n%s", date, at + strlen(old));
    vb_document *doc = vb_load_yaml(yaml, strlen(yaml), "t.yaml", a, d);
    free(yaml);
    return doc;
}

static void blank_day_and_month_spellings(void **state)
{
    (void)state;
    static const struct { const char *date; int year, month, day; } good[] = {
        {"2025-12-05", 2025, 12, 5}, {"2025-12", 2025, 12, 0}, {"2025", 2025, 0, 0},
        {"\"2025-12\"", 2025, 12, 0},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        vb_arena *a = vb_arena_new();
        vb_diagnostics *d = vb_diagnostics_new();
        vb_document *doc = load_with_date(a, d, good[i].date);
        if (!doc)
            fail_msg("ngay: %s refused: %s", good[i].date, vb_diagnostic_format(d, 0));
        assert_int_equal(doc->year, good[i].year);
        assert_int_equal(doc->month, good[i].month);
        assert_int_equal(doc->day, good[i].day);
        vb_diagnostics_free(d);
        vb_arena_free(a);
    }
}

/* A half-typed date is refused at ngay's value, saying what to write. */
static void half_typed_dates_refused(void **state)
{
    (void)state;
    static const struct { const char *date, *says; } bad[] = {
        {"2025-12-00", "để trống ngày cho văn thư điền thì viết 2025-12"},
        {"2025-12-__", "bỏ cả phần ngày, viết 2025-12"},
        {"2025-12-", "bỏ cả phần ngày, viết 2025-12"},
        {"2025-13", "không có tháng 13"},
        {"2025-00", "chỉ viết năm, ví dụ 2025"},
        {"2025-1", "để trống ngày cho văn thư điền thì viết NĂM-THÁNG, ví dụ 2023-07"},
        {"12/2025", "để trống cả ngày và tháng thì viết NĂM, ví dụ 2023"},
        {"0000-12", "năm 0000 không có"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        vb_arena *a = vb_arena_new();
        vb_diagnostics *d = vb_diagnostics_new();
        assert_null(load_with_date(a, d, bad[i].date));
        const vb_diagnostic *g = vb_diagnostic_get(d, 0);
        assert_non_null(g);
        if (g->line != 6 || g->column != 7 || !strstr(g->message, bad[i].says))
            fail_msg("ngay: %s: got %s, expected 6:7 \"%s\"", bad[i].date,
                     vb_diagnostic_format(d, 0), bad[i].says);
        vb_diagnostics_free(d);
        vb_arena_free(a);
    }
}

int main(void)
{
    if (tu_enter_repo_root() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(creation_date_is_the_epoch_in_utc),
        cmocka_unit_test(blank_day_and_month_spellings),
        cmocka_unit_test(half_typed_dates_refused),
    };
    return cmocka_run_group_tests_name("dates", tests, NULL, ru_remove_leftover_temp_dirs);
}
