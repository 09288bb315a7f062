/* vanban sign: one signature appended to a PDF, the key's password read from the environment
 * or a file (never from the command line). */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *input, *output, *role, *pass_env, *pass_file, *box, *signer;
    const char *pin_env, *pin_file;
    vb_sign_options opts;
} sign_args;

static const char *const role_words[] = {"ky", "dau", "so", "ngay", "sao-y"};

static int parse_role(const char *word, vb_sign_role *role)
{
    for (int i = 0; i < 5; i++)
        if (strcmp(word, role_words[i]) == 0) {
            *role = (vb_sign_role)i;
            return 0;
        }
    return -1;
}

/* "x,y,w,h,page" in points, page from 1. */
static int parse_box(const char *text, vb_sign_options *o)
{
    char tail;
    int n = sscanf(text, "%lf,%lf,%lf,%lf,%d%c", &o->box_x, &o->box_y, &o->box_w, &o->box_h,
                   &o->box_page, &tail);
    return n == 5 && o->box_w > 0 && o->box_h > 0 && o->box_page >= 1 ? 0 : -1;
}

/* --signer N: the Nth signer's box among several, N from 1. */
static int parse_signer(const char *text, vb_sign_options *o)
{
    char tail;
    return sscanf(text, "%d%c", &o->signer, &tail) == 1 && o->signer >= 1 ? 0 : -1;
}

/* The value after an option that takes one; NULL (and *bad set) when it is missing. */
static const char *value_of(int argc, char **argv, int *i, bool *bad)
{
    if (*i + 1 >= argc) {
        *bad = true;
        return NULL;
    }
    return argv[++*i];
}

static int parse_sign_args(int argc, char **argv, sign_args *a)
{
    struct { const char *name; const char **slot; } options[] = {
        {"-o", &a->output},          {"--output", &a->output},   {"--role", &a->role},
        {"--image", &a->opts.image_path}, {"--text", &a->opts.text}, {"--p12", &a->opts.p12_path},
        {"--pass-env", &a->pass_env}, {"--pass-file", &a->pass_file}, {"--box", &a->box},
        {"--pkcs11", &a->opts.pkcs11_uri}, {"--pkcs11-module", &a->opts.pkcs11_module},
        {"--pin-env", &a->pin_env}, {"--pin-file", &a->pin_file}, {"--cert", &a->opts.cert_path},
        {"--tsa", &a->opts.tsa_url}, {"--font-dir", &a->opts.font_dir},
        {"--signer", &a->signer},
    };
    for (int i = 0; i < argc; i++) {
        bool matched = false, bad = false;
        for (size_t k = 0; k < sizeof options / sizeof options[0] && !matched; k++)
            if (strcmp(argv[i], options[k].name) == 0) {
                *options[k].slot = value_of(argc, argv, &i, &bad);
                matched = true;
            }
        if (bad)
            return usage_error("tùy chọn %s cần một giá trị / option needs a value", argv[i]);
        if (matched)
            continue;
        if (argv[i][0] == '-' || a->input)
            return usage_error("sign: không hiểu %s / unexpected argument", argv[i]);
        a->input = argv[i];
    }
    if (!a->input || !a->output || !a->role || !a->opts.p12_path == !a->opts.pkcs11_uri)
        return usage_error("sign VÀO.pdf -o RA.pdf --role ky|dau|so|ngay|sao-y "
                           "(--p12 TỆP.p12 --pass-env BIẾN|--pass-file TỆP | --pkcs11 URI "
                           "--pkcs11-module MÔ-ĐUN.so --pin-env BIẾN|--pin-file TỆP "
                           "[--cert CT.pem]) [--box x,y,w,h,trang] [--signer N] [--tsa URL]");
    if (parse_role(a->role, &a->opts.role) != 0)
        return usage_error("--role là ky, dau, so, ngay hoặc sao-y, không phải %s", a->role);
    /* The token's PIN and the file's password are named apart so neither is given to the
     * other by mistake; both end up in the same slot. */
    if (a->opts.pkcs11_uri ? a->pass_env || a->pass_file : a->pin_env || a->pin_file)
        return usage_error("--pin-env/--pin-file đi với --pkcs11, --pass-env/--pass-file với "
                           "--p12 / PIN for a token, password for a .p12");
    if (a->opts.pkcs11_uri)
        a->pass_env = a->pin_env, a->pass_file = a->pin_file;
    if (!a->pass_env == !a->pass_file)
        return usage_error("cần đúng một trong --pass-env BIẾN và --pass-file TỆP (--pin-env, "
                           "--pin-file với token) / give the password or PIN by env or file");
    /* only the signature and the seal come once per signer */
    if (a->signer && a->opts.role != VB_SIGN_KY && a->opts.role != VB_SIGN_DAU)
        return usage_error("--signer chỉ dùng với --role ky hoặc dau / only for ky and dau");
    if (a->signer && parse_signer(a->signer, &a->opts) != 0)
        return usage_error("--signer cần số thứ tự người ký trong nguoi_ky, từ 1, không phải %s "
                           "/ the signer's place in nguoi_ky, from 1",
                           a->signer);
    if (a->box && parse_box(a->box, &a->opts) != 0)
        return usage_error("--box cần x,y,rộng,cao,trang (điểm PDF, trang từ 1), không phải %s",
                           a->box);
    return -1;
}

/* The password from the named variable, or the first line of the file; malloc'd. */
static char *read_password(const sign_args *a)
{
    if (a->pass_env) {
        const char *value = getenv(a->pass_env);
        if (!value) {
            fprintf(stderr, "vanban: biến môi trường %s chưa đặt / not set\n", a->pass_env);
            return NULL;
        }
        return strdup(value);
    }
    FILE *f = fopen(a->pass_file, "r");
    if (!f) {
        fprintf(stderr, "vanban: không đọc được %s: %s\n", a->pass_file, strerror(errno));
        return NULL;
    }
    char line[1024] = "";
    if (!fgets(line, sizeof line, f))
        line[0] = '\0';
    fclose(f);
    line[strcspn(line, "\r\n")] = '\0';
    return strdup(line);
}

int run_sign(int argc, char **argv, long long signing_time)
{
    sign_args a = {.opts = {.signing_time = signing_time}};
    int status = parse_sign_args(argc, argv, &a);
    if (status >= 0)
        return status;
    char *password = read_password(&a);
    if (!password)
        return VB_ERR_USAGE;
    vb_diagnostics *diag = vb_diagnostics_new();
    if (!diag) {
        free(password);
        return out_of_memory();
    }
    a.opts.password = password;
    status = (int)vb_sign_file(a.input, a.output, &a.opts, diag);
    explicit_bzero(password, strlen(password)); /* a memset before free may be dropped */
    free(password);
    print_diagnostics(diag);
    vb_diagnostics_free(diag);
    if (status == VB_OK)
        printf("vanban: đã ký (%s) và ghi %s\n", a.role, a.output);
    return status;
}
