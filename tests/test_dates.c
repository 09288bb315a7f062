/* The PDF's creation date is SOURCE_DATE_EPOCH in UTC to the second, whatever the time zone. */
#include "runutil.h"

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

int main(void)
{
    if (tu_enter_repo_root() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(creation_date_is_the_epoch_in_utc),
    };
    return cmocka_run_group_tests_name("dates", tests, NULL, ru_remove_leftover_temp_dirs);
}
