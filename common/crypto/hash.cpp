#include "crypto/hash.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "crypto/openssl_handles.hpp"

namespace toward::crypto {
namespace {

template <std::size_t N>
result<std::array<std::uint8_t, N>> digest(const EVP_MD* md, byte_view data) {
    std::array<std::uint8_t, N> out{};
    unsigned int length = 0;
    if (md == nullptr ||
        EVP_Digest(data.data(), data.size(), out.data(), &length, md, nullptr) <= 0 ||
        length != N) {
        return crypto_errc::openssl_failure;
    }
    return out;
}

}  // namespace

result<sha256_digest> sha256(byte_view data) {
    detail::error_queue_guard error_queue;
    return digest<sha256_size>(EVP_sha256(), data);
}

result<sha512_digest> sha512(byte_view data) {
    detail::error_queue_guard error_queue;
    return digest<sha512_size>(EVP_sha512(), data);
}

result<hmac_sha256_tag> hmac_sha256(byte_view key, byte_view data) {
    detail::error_queue_guard error_queue;
    detail::mac_ptr mac(EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_HMAC, nullptr));
    if (!mac) return crypto_errc::openssl_failure;
    detail::mac_ctx_ptr ctx(EVP_MAC_CTX_new(mac.get()));
    if (!ctx) return crypto_errc::openssl_failure;

    char digest_name[] = OSSL_DIGEST_NAME_SHA2_256;
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
        OSSL_PARAM_construct_end(),
    };
    // A null key pointer means "keep the previous key" to OpenSSL; an empty key
    // must therefore still be passed as a non-null pointer.
    const auto* key_data =
        static_cast<const unsigned char*>(detail::param_bytes(key.data(), key.size()));
    hmac_sha256_tag out{};
    std::size_t length = 0;
    if (EVP_MAC_init(ctx.get(), key_data, key.size(), params) <= 0 ||
        EVP_MAC_update(ctx.get(), data.data(), data.size()) <= 0 ||
        EVP_MAC_final(ctx.get(), out.data(), &length, out.size()) <= 0 || length != out.size()) {
        return crypto_errc::openssl_failure;
    }
    return out;
}

bool constant_time_equal(byte_view a, byte_view b) noexcept {
    if (a.size() != b.size()) return false;
    if (a.empty()) return true;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace toward::crypto
