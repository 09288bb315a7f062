/* The signer from a key on a PKCS#11 token (an office's USB token) through libp11. */
#include <libp11.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sign/sign.h"

/* What an RFC 7512 URI names; the values percent-decoded, each malloc'd or NULL. */
typedef struct {
    char *token, *object, *module;
    unsigned char *id;
    size_t id_len;
} token_uri;

/* What must stay alive while the token's key signs. */
typedef struct {
    PKCS11_CTX *ctx;
    PKCS11_SLOT *slots;
    unsigned slot_count;
    bool loaded; /* libp11 crashes unloading a module it never loaded */
} token_hold;

static void uri_free(token_uri *u)
{
    free(u->token);
    free(u->object);
    free(u->module);
    free(u->id);
    *u = (token_uri){0};
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)(c | 0x20);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* text[0, len) with %XX decoded, NUL-ended, length in *out_len; NULL on a bad escape. */
static char *percent_decode(const char *text, size_t len, size_t *out_len)
{
    char *out = malloc(len + 1);
    size_t n = 0;
    for (size_t i = 0; out && i < len; i++) {
        if (text[i] != '%') {
            out[n++] = text[i];
            continue;
        }
        int hi = i + 2 < len ? hex_digit(text[i + 1]) : -1;
        int lo = hi >= 0 ? hex_digit(text[i + 2]) : -1;
        if (lo < 0) {
            free(out);
            return NULL;
        }
        out[n++] = (char)(hi * 16 + lo);
        i += 2;
    }
    if (out) {
        out[n] = '\0';
        *out_len = n;
    }
    return out;
}

/* One "name=value" of the URI into u; -1 on a bad value or a PIN in the URI. */
static int uri_attribute(token_uri *u, const char *attr, size_t len)
{
    const char *eq = memchr(attr, '=', len);
    if (!eq)
        return 0;
    size_t name_len = (size_t)(eq - attr), value_len;
    char *value = percent_decode(eq + 1, len - name_len - 1, &value_len);
    if (!value)
        return -1;
    char **slot = NULL;
    if (name_len == 5 && memcmp(attr, "token", 5) == 0)
        slot = &u->token;
    else if (name_len == 6 && memcmp(attr, "object", 6) == 0)
        slot = &u->object;
    else if (name_len == 11 && memcmp(attr, "module-path", 11) == 0)
        slot = &u->module;
    else if (name_len == 2 && memcmp(attr, "id", 2) == 0) {
        free(u->id);
        u->id = (unsigned char *)value;
        u->id_len = value_len;
        return 0;
    } else if ((name_len == 9 && memcmp(attr, "pin-value", 9) == 0) ||
               (name_len == 10 && memcmp(attr, "pin-source", 10) == 0)) {
        /* A PIN in the URI would sit in argv and the shell's history. */
        explicit_bzero(value, value_len);
        free(value);
        return -1;
    }
    if (!slot) {
        free(value);
        return 0;
    }
    free(*slot);
    *slot = value;
    return 0;
}

/* Splits "pkcs11:path?query" at ';' and '&'; -1 when it is not such a URI. */
static int uri_parse(const char *text, token_uri *u)
{
    *u = (token_uri){0};
    if (strncmp(text, "pkcs11:", 7) != 0)
        return -1;
    for (const char *p = text + 7; *p;) {
        size_t len = strcspn(p, ";?&");
        if (uri_attribute(u, p, len) != 0)
            return -1;
        p += len;
        p += *p != '\0';
    }
    return u->token && (u->object || u->id) ? 0 : -1;
}

static void hold_release(void *p)
{
    token_hold *h = p;
    if (!h)
        return;
    if (h->slots)
        PKCS11_release_all_slots(h->ctx, h->slots, h->slot_count);
    if (h->loaded)
        PKCS11_CTX_unload(h->ctx);
    if (h->ctx)
        PKCS11_CTX_free(h->ctx);
    free(h);
}

static bool same_object(const char *label, const unsigned char *id, size_t id_len,
                        const token_uri *u)
{
    if (u->object && (!label || strcmp(label, u->object) != 0))
        return false;
    return !u->id || (id_len == u->id_len && memcmp(id, u->id, id_len) == 0);
}

/* The token's slot whose label the URI names; NULL when none. */
static PKCS11_SLOT *find_slot(token_hold *h, const token_uri *u)
{
    for (unsigned i = 0; i < h->slot_count; i++) {
        PKCS11_TOKEN *t = h->slots[i].token;
        if (t && t->initialized && t->label && strcmp(t->label, u->token) == 0)
            return &h->slots[i];
    }
    return NULL;
}

static PKCS11_KEY *find_key(PKCS11_TOKEN *token, const token_uri *u)
{
    PKCS11_KEY *keys = NULL;
    unsigned count = 0;
    if (PKCS11_enumerate_keys(token, &keys, &count) != 0)
        return NULL;
    for (unsigned i = 0; i < count; i++)
        if (same_object(keys[i].label, keys[i].id, keys[i].id_len, u))
            return &keys[i];
    return NULL;
}

/* The certificate on the token with the key's id (libp11 matches them); NULL when none. */
static X509 *token_cert(PKCS11_KEY *key)
{
    PKCS11_CERT *cert = PKCS11_find_certificate(key);
    return cert && cert->x509 ? X509_dup(cert->x509) : NULL;
}

static X509 *pem_cert(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    X509 *cert = PEM_read_X509(f, NULL, NULL, NULL);
    fclose(f);
    return cert;
}

static vb_signer *token_error(token_hold *h, token_uri *u, const char *name,
                              vb_diagnostics *diag, const char *why)
{
    hold_release(h);
    uri_free(u);
    ERR_clear_error();
    vb_diag_error(diag, name, 0, 0, "%s: %s", name, why);
    return NULL;
}

/* Loads the module and logs in to the URI's token; the slot, or NULL with *why set. */
static PKCS11_SLOT *open_token(token_hold *h, const token_uri *u, const char *module,
                               const char *pin, const char **why)
{
    if (!module) {
        *why = "cần --pkcs11-module (hoặc module-path= trong URI) / the PKCS#11 module is needed";
        return NULL;
    }
    if (PKCS11_CTX_load(h->ctx, module) != 0) {
        *why = "không nạp được mô-đun PKCS#11 / cannot load the PKCS#11 module";
        return NULL;
    }
    h->loaded = true;
    PKCS11_SLOT *slot = NULL;
    if (PKCS11_enumerate_slots(h->ctx, &h->slots, &h->slot_count) != 0 ||
        !(slot = find_slot(h, u))) {
        *why = "không thấy token có nhãn này (đã cắm token chưa?) / no token with that label";
        return NULL;
    }
    if (PKCS11_open_session(slot, 0) != 0 || PKCS11_login(slot, 0, pin) != 0) {
        *why = "sai mã PIN hoặc token bị khóa / wrong PIN or the token is locked";
        return NULL;
    }
    return slot;
}

vb_signer *vb_signer_load_pkcs11(const char *uri, const char *module, const char *pin,
                                 const char *cert_path, vb_diagnostics *diag)
{
    token_uri u;
    const char *name = "pkcs11";
    if (uri_parse(uri, &u) != 0)
        return token_error(NULL, &u, name, diag,
                           "URI PKCS#11 cần dạng pkcs11:token=NHÃN;object=NHÃN (không kèm PIN) "
                           "/ expected pkcs11:token=…;object=…, without a PIN");
    token_hold *h = calloc(1, sizeof *h);
    if (!h || !(h->ctx = PKCS11_CTX_new()))
        return token_error(h, &u, name, diag, "hết bộ nhớ / out of memory");
    const char *why = NULL;
    PKCS11_SLOT *slot = open_token(h, &u, module ? module : u.module, pin, &why);
    if (!slot)
        return token_error(h, &u, name, diag, why);
    PKCS11_KEY *key = find_key(slot->token, &u);
    EVP_PKEY *pkey = key ? PKCS11_get_private_key(key) : NULL;
    if (!pkey)
        return token_error(h, &u, name, diag,
                           "không thấy khóa riêng có nhãn/id này trên token / no such private key");
    X509 *cert = cert_path ? pem_cert(cert_path) : token_cert(key);
    uri_free(&u);
    if (!cert) {
        EVP_PKEY_free(pkey);
        return token_error(h, &u, cert_path ? cert_path : name, diag,
                           cert_path ? "không đọc được chứng thư PEM / cannot read the certificate"
                                     : "token không có chứng thư cho khóa này, hãy dùng --cert "
                                       "/ no certificate for the key on the token: give --cert");
    }
    return vb_signer_adopt(pkey, cert, h, hold_release, cert_path ? cert_path : name, diag);
}
