/* The CMS of a PAdES signature (ETSI.CAdES.detached) with OpenSSL: made, and checked. */
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/ess.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/fileio.h"
#include "sign/sign.h"

struct vb_signer {
    EVP_PKEY *key;
    X509 *cert;
    /* What a token's key needs alive while it signs (the module, its session): released
     * after the key. */
    void *hold;
    void (*release)(void *hold);
};

bool vb_sha256_parts(const unsigned char *a, size_t a_len, const unsigned char *b, size_t b_len,
                     unsigned char out[32])
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned int n = 32;
    bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) &&
              EVP_DigestUpdate(ctx, a, a_len) && (!b_len || EVP_DigestUpdate(ctx, b, b_len)) &&
              EVP_DigestFinal_ex(ctx, out, &n);
    EVP_MD_CTX_free(ctx);
    return ok;
}

void vb_sha256(const unsigned char *data, size_t len, unsigned char out[32])
{
    unsigned int n = 32;
    EVP_Digest(data, len, out, &n, EVP_sha256(), NULL);
}

void vb_signer_free(vb_signer *s)
{
    if (!s)
        return;
    EVP_PKEY_free(s->key);
    X509_free(s->cert);
    if (s->release)
        s->release(s->hold);
    free(s);
}

static vb_signer *signer_error(vb_signer *s, const char *path, vb_diagnostics *diag,
                               const char *why)
{
    vb_signer_free(s);
    ERR_clear_error();
    vb_diag_error(diag, path, 0, 0, "%s: %s", path, why);
    return NULL;
}

/* s itself when its key and certificate are usable together, else NULL after reporting. */
static vb_signer *signer_checked(vb_signer *s, const char *name, vb_diagnostics *diag)
{
    if (!s->key || !s->cert)
        return signer_error(s, name, diag, "thiếu khóa hoặc chứng thư / no key or certificate");
    if (!X509_check_private_key(s->cert, s->key))
        return signer_error(s, name, diag,
                            "khóa không khớp với chứng thư / the key does not match the certificate");
    /* Refused, not warned: a signature made with an expired certificate is invalid anyway. */
    if (X509_cmp_current_time(X509_get0_notAfter(s->cert)) < 0)
        return signer_error(s, name, diag, "chứng thư đã hết hạn / the certificate expired");
    if (X509_cmp_current_time(X509_get0_notBefore(s->cert)) > 0)
        return signer_error(s, name, diag, "chứng thư chưa có hiệu lực / not yet valid");
    return s;
}

vb_signer *vb_signer_load(const char *p12_path, const char *password, vb_diagnostics *diag)
{
    size_t len;
    char *data = vb_read_file(p12_path, &len, diag);
    if (!data)
        return NULL;
    const unsigned char *p = (const unsigned char *)data;
    PKCS12 *p12 = d2i_PKCS12(NULL, &p, (long)len);
    free(data);
    vb_signer *s = calloc(1, sizeof *s);
    if (!s || !p12) {
        PKCS12_free(p12);
        return signer_error(s, p12_path, diag, "không phải tệp PKCS#12 (.p12) / not a PKCS#12");
    }
    STACK_OF(X509) *chain = NULL;
    int parsed = PKCS12_parse(p12, password, &s->key, &s->cert, &chain);
    PKCS12_free(p12);
    /* PKCS12_parse gives as the certificate only one that matches the key: a key with
     * certificates but none of its own is a mismatch. */
    bool others = chain && sk_X509_num(chain) > 0;
    sk_X509_pop_free(chain, X509_free);
    if (!parsed)
        return signer_error(s, p12_path, diag, "sai mật khẩu hoặc tệp hỏng / wrong password");
    if (s->key && !s->cert && others)
        return signer_error(s, p12_path, diag,
                            "khóa không khớp với chứng thư / the key does not match the certificate");
    return signer_checked(s, p12_path, diag);
}

vb_signer *vb_signer_adopt(EVP_PKEY *key, X509 *cert, void *hold, void (*release)(void *),
                           const char *name, vb_diagnostics *diag)
{
    vb_signer *s = calloc(1, sizeof *s);
    if (!s) {
        EVP_PKEY_free(key);
        X509_free(cert);
        if (release)
            release(hold);
        vb_diag_error(diag, NULL, 0, 0, "hết bộ nhớ / out of memory");
        return NULL;
    }
    *s = (vb_signer){.key = key, .cert = cert, .hold = hold, .release = release};
    return signer_checked(s, name, diag);
}

/* ETSI CAdES wants signingCertificateV2 (the certificate's SHA-256), which OpenSSL 3.0 has
 * no CMS helper for: its DER goes in as a plain signed attribute. */
static bool add_signing_cert_v2(CMS_SignerInfo *si, X509 *cert)
{
    ESS_SIGNING_CERT_V2 *sc = OSSL_ESS_signing_cert_v2_new_init(EVP_sha256(), cert, NULL, 1);
    unsigned char *der = NULL;
    int len = sc ? i2d_ESS_SIGNING_CERT_V2(sc, &der) : -1;
    ESS_SIGNING_CERT_V2_free(sc);
    bool ok = len > 0 && CMS_signed_add1_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2,
                                                     V_ASN1_SEQUENCE, der, len);
    OPENSSL_free(der);
    return ok;
}

static int cmp_der(const void *a, const void *b)
{
    const ASN1_STRING *x = *(ASN1_STRING *const *)a, *y = *(ASN1_STRING *const *)b;
    int lx = ASN1_STRING_length(x), ly = ASN1_STRING_length(y);
    int c = memcmp(ASN1_STRING_get0_data(x), ASN1_STRING_get0_data(y),
                   (size_t)(lx < ly ? lx : ly));
    return c ? c : lx - ly;
}

/* OpenSSL 3.0 always adds signingTime when it signs; PAdES wants the time in /M only. So the
 * attribute is removed and the signer info signed again over the DER SET OF the rest, sorted
 * as DER requires (OpenSSL encodes the set sorted too, so the bytes agree). */
static bool resign_without_signing_time(CMS_SignerInfo *si, EVP_PKEY *key)
{
    int at = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
    if (at >= 0)
        X509_ATTRIBUTE_free(CMS_signed_delete_attr(si, at));
    int n = CMS_signed_get_attr_count(si);
    ASN1_STRING *enc[16];
    size_t total = 0;
    int kept = 0;
    bool ok = n > 0 && n <= 16;
    for (int i = 0; ok && i < n; i++) {
        unsigned char *der = NULL;
        int len = i2d_X509_ATTRIBUTE(CMS_signed_get_attr(si, i), &der);
        enc[kept] = ASN1_STRING_new();
        ok = len > 0 && enc[kept] && ASN1_STRING_set(enc[kept], der, len);
        kept += enc[kept] != NULL;
        total += len > 0 ? (size_t)len : 0;
        OPENSSL_free(der);
    }
    unsigned char *set = ok ? malloc(total + 6) : NULL;
    size_t pos = 0;
    if (set) {
        qsort(enc, (size_t)kept, sizeof enc[0], cmp_der);
        set[pos++] = 0x31;
        if (total < 128)
            set[pos++] = (unsigned char)total;
        else if (total < 256)
            set[pos++] = 0x81, set[pos++] = (unsigned char)total;
        else
            set[pos++] = 0x82, set[pos++] = (unsigned char)(total >> 8),
            set[pos++] = (unsigned char)total;
        for (int i = 0; i < kept; i++) {
            memcpy(set + pos, ASN1_STRING_get0_data(enc[i]), (size_t)ASN1_STRING_length(enc[i]));
            pos += (size_t)ASN1_STRING_length(enc[i]);
        }
    }
    for (int i = 0; i < kept; i++)
        ASN1_STRING_free(enc[i]);
    unsigned char sig[1024];
    size_t sig_len = sizeof sig;
    EVP_MD_CTX *md = set && total < 65536 ? EVP_MD_CTX_new() : NULL;
    ok = md && EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, key) == 1 &&
         EVP_DigestSign(md, sig, &sig_len, set, pos) == 1 &&
         ASN1_STRING_set(CMS_SignerInfo_get0_signature(si), sig, (int)sig_len);
    EVP_MD_CTX_free(md);
    free(set);
    return ok;
}

/* PAdES B-T: the TSA's token over the signature value, as the unsigned attribute
 * signatureTimeStampToken. 0, or -1 after reporting. */
static int add_timestamp(CMS_SignerInfo *si, const char *url, vb_diagnostics *diag)
{
    const ASN1_OCTET_STRING *sig = CMS_SignerInfo_get0_signature(si);
    unsigned char *token;
    size_t len;
    if (vb_tsa_token(url, ASN1_STRING_get0_data(sig), (size_t)ASN1_STRING_length(sig), &token,
                     &len, diag) != 0)
        return -1;
    int ok = CMS_unsigned_add1_attr_by_NID(si, NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE,
                                           token, (int)len);
    free(token);
    if (ok)
        return 0;
    ERR_clear_error();
    vb_diag_out_of_memory(diag, NULL, "hết bộ nhớ / out of memory");
    return -1;
}

int vb_signer_sign(vb_signer *s, const unsigned char *a, size_t a_len, const unsigned char *b,
                   size_t b_len, const char *tsa_url, unsigned char **der, size_t *der_len,
                   vb_diagnostics *diag)
{
    unsigned flags = CMS_DETACHED | CMS_BINARY | CMS_NOSMIMECAP | CMS_PARTIAL;
    unsigned char *content = malloc(a_len + b_len + 1);
    BIO *bio = NULL;
    CMS_ContentInfo *cms = CMS_sign(NULL, NULL, NULL, NULL, flags);
    CMS_SignerInfo *si = cms ? CMS_add1_signer(cms, s->cert, s->key, EVP_sha256(), flags) : NULL;
    int len = -1;
    bool stamp_failed = false; /* reported already */
    *der = NULL;
    if (content && si && add_signing_cert_v2(si, s->cert)) {
        memcpy(content, a, a_len);
        memcpy(content + a_len, b, b_len);
        bio = BIO_new_mem_buf(content, (int)(a_len + b_len));
        if (bio && CMS_final(cms, bio, NULL, flags) && resign_without_signing_time(si, s->key)) {
            stamp_failed = tsa_url && add_timestamp(si, tsa_url, diag) != 0;
            if (!stamp_failed)
                len = i2d_CMS_ContentInfo(cms, der);
        }
    }
    BIO_free(bio);
    CMS_ContentInfo_free(cms);
    free(content);
    if (stamp_failed)
        return -1;
    if (len <= 0) {
        unsigned long e = ERR_get_error();
        ERR_clear_error();
        vb_diag_error(diag, NULL, 0, 0, "không tạo được chữ ký CMS / could not sign: %s",
                      e ? ERR_reason_error_string(e) : "?");
        return -1;
    }
    /* OpenSSL's allocator may not be malloc: the caller gets malloc'd bytes. */
    unsigned char *copy = malloc((size_t)len);
    if (copy)
        memcpy(copy, *der, (size_t)len);
    OPENSSL_free(*der);
    *der = copy;
    *der_len = (size_t)len;
    if (!copy) {
        vb_diag_error(diag, NULL, 0, 0, "hết bộ nhớ / out of memory");
        return -1;
    }
    return 0;
}

static X509_STORE *load_store(const char *ca_path)
{
    X509_STORE *store = X509_STORE_new();
    if (store && X509_STORE_load_file(store, ca_path) == 1)
        return store;
    X509_STORE_free(store);
    return NULL;
}

/* The signature timestamp of si, if any: its time appended to line; false when one is there
 * but does not answer this signature (or, with store, its TSA is not trusted). */
static bool check_timestamp(CMS_SignerInfo *si, X509_STORE *store, bool chain, vb_buf *line)
{
    int at = CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, -1);
    if (at < 0)
        return true;
    ASN1_TYPE *value = X509_ATTRIBUTE_get0_type(CMS_unsigned_get_attr(si, at), 0);
    const unsigned char *p = value && value->type == V_ASN1_SEQUENCE
                                 ? value->value.sequence->data : NULL;
    PKCS7 *token = p ? d2i_PKCS7(NULL, &p, value->value.sequence->length) : NULL;
    TS_TST_INFO *info = token ? PKCS7_to_TS_TST_INFO(token) : NULL;
    const ASN1_OCTET_STRING *sig = CMS_SignerInfo_get0_signature(si);
    unsigned char digest[32];
    vb_sha256(ASN1_STRING_get0_data(sig), (size_t)ASN1_STRING_length(sig), digest);
    TS_VERIFY_CTX *check = TS_VERIFY_CTX_new();
    unsigned char *imprint = OPENSSL_memdup(digest, sizeof digest);
    bool ok = false;
    if (info && check && imprint) {
        TS_VERIFY_CTX_set_flags(check, TS_VFY_VERSION | TS_VFY_IMPRINT |
                                           (chain ? TS_VFY_SIGNATURE : 0));
        TS_VERIFY_CTX_set_imprint(check, imprint, sizeof digest);
        imprint = NULL; /* owned by check now */
        if (chain && X509_STORE_up_ref(store))
            TS_VERIFY_CTX_set_store(check, store);
        ok = TS_RESP_verify_token(check, token) == 1;
        struct tm t;
        if (ASN1_TIME_to_tm(TS_TST_INFO_get_time(info), &t) == 1)
            vb_buf_printf(line, "; dấu thời gian / timestamp: %04d-%02d-%02d %02d:%02d:%02d UTC",
                          t.tm_year + 1900, t.tm_mon + 1, t.tm_mday, t.tm_hour, t.tm_min,
                          t.tm_sec);
        else
            vb_buf_append_str(line, "; dấu thời gian / timestamp: ?");
        if (!ok)
            vb_buf_append_str(line, " KHÔNG KHỚP / DOES NOT MATCH");
    } else {
        vb_buf_append_str(line, "; dấu thời gian hỏng / damaged timestamp");
    }
    OPENSSL_free(imprint);
    TS_VERIFY_CTX_free(check);
    TS_TST_INFO_free(info);
    PKCS7_free(token);
    ERR_clear_error();
    return ok;
}

bool vb_cms_check(const unsigned char *der, size_t der_len, const unsigned char *a, size_t a_len,
                  const unsigned char *b, size_t b_len, const char *ca_path, vb_buf *line)
{
    const unsigned char *p = der;
    CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)der_len);
    unsigned char *content = malloc(a_len + b_len + 1);
    X509_STORE *store = ca_path ? load_store(ca_path) : X509_STORE_new();
    BIO *bio = content ? BIO_new_mem_buf(content, (int)(a_len + b_len)) : NULL;
    bool ok = false;
    if (!cms)
        vb_buf_append_str(line, "CMS hỏng / damaged CMS");
    else if (!store || !bio)
        vb_buf_append_str(line, ca_path ? "không đọc được --ca / cannot read --ca" : "hết bộ nhớ");
    else {
        memcpy(content, a, a_len);
        memcpy(content + a_len, b, b_len);
        unsigned flags = CMS_BINARY | (ca_path ? 0 : CMS_NO_SIGNER_CERT_VERIFY);
        ok = CMS_verify(cms, NULL, store, bio, NULL, flags) == 1;
        STACK_OF(X509) *signers = CMS_get0_signers(cms);
        if (signers && sk_X509_num(signers) > 0) {
            BIO *name = BIO_new(BIO_s_mem());
            X509_NAME_print_ex(name, X509_get_subject_name(sk_X509_value(signers, 0)), 0,
                               XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
            char *text;
            long n = name ? BIO_get_mem_data(name, &text) : 0;
            vb_buf_printf(line, "người ký / signer: %.*s", (int)n, n > 0 ? text : "");
            BIO_free(name);
        }
        sk_X509_free(signers);
        STACK_OF(CMS_SignerInfo) *infos = CMS_get0_SignerInfos(cms);
        if (ok && infos && sk_CMS_SignerInfo_num(infos) > 0)
            ok = check_timestamp(sk_CMS_SignerInfo_value(infos, 0), store, ca_path != NULL, line);
        if (!ok) {
            unsigned long e = ERR_peek_last_error();
            vb_buf_printf(line, "; KHÔNG HỢP LỆ / INVALID: %s",
                          e ? ERR_reason_error_string(e) : "?");
        }
    }
    ERR_clear_error();
    BIO_free(bio);
    X509_STORE_free(store);
    CMS_ContentInfo_free(cms);
    free(content);
    return ok;
}
