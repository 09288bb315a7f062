/* A signature timestamp (RFC 3161) from a time-stamping authority over HTTP, through libcurl:
 * what makes a PAdES signature B-T, so that it stays provable after the certificate expires. */
#include <curl/curl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <stdlib.h>
#include <string.h>

#include "sign/sign.h"

/* A reply is a few kilobytes (the token and the TSA's certificates); a server sending more is
 * not a TSA, and reading it whole would let it exhaust the memory. */
#define TSA_REPLY_MAX (256u * 1024u)
#define TSA_TIMEOUT_SECONDS 30L

typedef struct {
    vb_buf body;
    bool too_long;
} reply_sink;

static size_t take_reply(char *data, size_t size, size_t n, void *userdata)
{
    reply_sink *r = userdata;
    size_t len = size * n;
    if (r->body.len + len > TSA_REPLY_MAX) {
        r->too_long = true;
        return 0; /* stops the transfer */
    }
    vb_buf_append(&r->body, data, len);
    return r->body.failed ? 0 : len;
}

/* The request for sha256(sig) with a fresh nonce and the TSA's certificate asked for; its DER
 * in *der (OPENSSL_malloc'd). NULL when OpenSSL could not build it. */
static TS_REQ *make_request(const unsigned char *sig, size_t sig_len, unsigned char **der,
                            int *der_len)
{
    unsigned char digest[32], nonce_bytes[8];
    vb_sha256(sig, sig_len, digest);
    TS_REQ *req = TS_REQ_new();
    TS_MSG_IMPRINT *imprint = TS_MSG_IMPRINT_new();
    X509_ALGOR *alg = X509_ALGOR_new();
    BIGNUM *bn = NULL;
    ASN1_INTEGER *nonce = NULL;
    bool ok = req && imprint && alg && RAND_bytes(nonce_bytes, sizeof nonce_bytes) == 1 &&
              X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL) &&
              TS_MSG_IMPRINT_set_algo(imprint, alg) &&
              TS_MSG_IMPRINT_set_msg(imprint, digest, sizeof digest) &&
              TS_REQ_set_version(req, 1) && TS_REQ_set_msg_imprint(req, imprint) &&
              (bn = BN_bin2bn(nonce_bytes, sizeof nonce_bytes, NULL)) &&
              (nonce = BN_to_ASN1_INTEGER(bn, NULL)) && TS_REQ_set_nonce(req, nonce) &&
              TS_REQ_set_cert_req(req, 1) && (*der_len = i2d_TS_REQ(req, der)) > 0;
    BN_free(bn);
    ASN1_INTEGER_free(nonce);
    X509_ALGOR_free(alg);
    TS_MSG_IMPRINT_free(imprint);
    if (ok)
        return req;
    TS_REQ_free(req);
    return NULL;
}

/* POSTs the request; the reply's bytes in r. 0, or -1 after reporting. */
static int post_request(const char *url, const unsigned char *der, int der_len, reply_sink *r,
                        vb_diagnostics *diag)
{
    CURL *curl = curl_easy_init();
    struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/timestamp-query");
    struct curl_slist *both = headers ? curl_slist_append(headers, "Accept: application/timestamp-reply")
                                      : NULL;
    if (both)
        headers = both;
    char error[CURL_ERROR_SIZE] = "";
    CURLcode rc = CURLE_OUT_OF_MEMORY;
    long http = 0;
    if (curl && both) {
        curl_easy_setopt(curl, CURLOPT_URL, url);
        curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(curl, CURLOPT_TIMEOUT, TSA_TIMEOUT_SECONDS);
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, (const char *)der);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)der_len);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, take_reply);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, r);
        curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
        rc = curl_easy_perform(curl);
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &http);
    }
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    if (rc == CURLE_OK && http == 200)
        return 0;
    if (r->too_long)
        vb_diag_error(diag, NULL, 0, 0, "%s: máy chủ dấu thời gian trả về quá %u byte, không "
                      "phải một phản hồi RFC 3161 / the reply is too long", url, TSA_REPLY_MAX);
    else if (rc == CURLE_OUT_OF_MEMORY || r->body.failed)
        vb_diag_out_of_memory(diag, NULL, "hết bộ nhớ / out of memory");
    else if (rc == CURLE_OK)
        vb_diag_error(diag, NULL, 0, 0, "%s: máy chủ dấu thời gian trả lời HTTP %ld / the TSA "
                      "answered HTTP %ld", url, http, http);
    else
        vb_diag_error(diag, NULL, 0, 0, "%s: không lấy được dấu thời gian / no timestamp: %s",
                      url, *error ? error : curl_easy_strerror(rc));
    return -1;
}

/* The token of a granted reply that answers req (same imprint, same nonce); NULL after
 * reporting. The TSA's signature itself is checked by `vanban verify --ca`. */
static PKCS7 *granted_token(TS_REQ *req, const vb_buf *body, const char *url,
                            vb_diagnostics *diag)
{
    const unsigned char *p = body->data;
    TS_RESP *resp = d2i_TS_RESP(NULL, &p, (long)body->len);
    TS_VERIFY_CTX *check = resp ? TS_REQ_to_TS_VERIFY_CTX(req, NULL) : NULL;
    PKCS7 *token = NULL;
    if (!resp) {
        vb_diag_error(diag, NULL, 0, 0, "%s: phản hồi không phải RFC 3161 / not a timestamp "
                      "reply", url);
    } else if (ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(resp))) >
               1) {
        vb_diag_error(diag, NULL, 0, 0, "%s: máy chủ từ chối cấp dấu thời gian / the TSA "
                      "refused the request", url);
    } else if (!check || TS_RESP_verify_response(check, resp) != 1) {
        unsigned long e = ERR_peek_last_error();
        vb_diag_error(diag, NULL, 0, 0, "%s: dấu thời gian không khớp với chữ ký / the token "
                      "does not answer this request: %s", url,
                      e ? ERR_reason_error_string(e) : "?");
    } else {
        token = PKCS7_dup(TS_RESP_get_token(resp));
        if (!token)
            vb_diag_out_of_memory(diag, NULL, "hết bộ nhớ / out of memory");
    }
    ERR_clear_error();
    TS_VERIFY_CTX_free(check);
    TS_RESP_free(resp);
    return token;
}

int vb_tsa_token(const char *url, const unsigned char *sig, size_t sig_len, unsigned char **der,
                 size_t *der_len, vb_diagnostics *diag)
{
    unsigned char *req_der = NULL;
    int req_len = 0;
    TS_REQ *req = make_request(sig, sig_len, &req_der, &req_len);
    reply_sink reply = {0};
    PKCS7 *token = NULL;
    int len = -1;
    *der = NULL;
    if (!req)
        vb_diag_out_of_memory(diag, NULL, "hết bộ nhớ / out of memory");
    else if (post_request(url, req_der, req_len, &reply, diag) == 0 &&
             (token = granted_token(req, &reply.body, url, diag))) {
        unsigned char *out = NULL;
        len = i2d_PKCS7(token, &out);
        if (len > 0 && (*der = malloc((size_t)len)))
            memcpy(*der, out, (size_t)len);
        OPENSSL_free(out);
        if (!*der)
            vb_diag_out_of_memory(diag, NULL, "hết bộ nhớ / out of memory");
    }
    *der_len = *der ? (size_t)len : 0;
    PKCS7_free(token);
    vb_buf_free(&reply.body);
    OPENSSL_free(req_der);
    TS_REQ_free(req);
    ERR_clear_error();
    return *der ? 0 : -1;
}
