#include "crypto/hkdf.hpp"

#include <openssl/core_names.h>
#include <openssl/kdf.h>

#include "crypto/openssl_handles.hpp"

namespace toward::crypto {

result<secret_bytes> hkdf_sha256(byte_view ikm, byte_view salt, byte_view info,
                                 std::size_t length) {
    detail::error_queue_guard error_queue;
    if (length == 0 || length > hkdf_sha256_max_length) return crypto_errc::invalid_length;

    detail::kdf_ptr kdf(EVP_KDF_fetch(nullptr, OSSL_KDF_NAME_HKDF, nullptr));
    if (!kdf) return crypto_errc::openssl_failure;
    detail::kdf_ctx_ptr ctx(EVP_KDF_CTX_new(kdf.get()));
    if (!ctx) return crypto_errc::openssl_failure;

    char digest_name[] = OSSL_DIGEST_NAME_SHA2_256;
    OSSL_PARAM params[5];
    std::size_t n = 0;
    params[n++] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest_name, 0);
    params[n++] = OSSL_PARAM_construct_octet_string(
        OSSL_KDF_PARAM_KEY, detail::param_bytes(ikm.data(), ikm.size()), ikm.size());
    // An absent salt is HKDF's default (HashLen zero bytes), which is what an empty one means.
    if (!salt.empty()) {
        params[n++] = OSSL_PARAM_construct_octet_string(
            OSSL_KDF_PARAM_SALT, detail::param_bytes(salt.data(), salt.size()), salt.size());
    }
    if (!info.empty()) {
        params[n++] = OSSL_PARAM_construct_octet_string(
            OSSL_KDF_PARAM_INFO, detail::param_bytes(info.data(), info.size()), info.size());
    }
    params[n] = OSSL_PARAM_construct_end();

    secret_bytes out(length);
    if (EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) <= 0) {
        return crypto_errc::openssl_failure;
    }
    return out;
}

}  // namespace toward::crypto
