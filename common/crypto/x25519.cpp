#include "crypto/x25519.hpp"

#include <openssl/evp.h>

#include "crypto/hash.hpp"
#include "crypto/openssl_handles.hpp"
#include "crypto/random.hpp"

namespace toward::crypto {

result<x25519_key_pair> x25519_generate() {
    auto private_key = random_bytes(x25519_key_size);
    if (!private_key) return private_key.error();
    auto public_key = x25519_public_from_private(*private_key);
    if (!public_key) return public_key.error();
    return x25519_key_pair{std::move(*private_key), *public_key};
}

result<x25519_public_key> x25519_public_from_private(byte_view private_key) {
    detail::error_queue_guard error_queue;
    if (private_key.size() != x25519_key_size) return crypto_errc::invalid_length;
    detail::pkey_ptr key(EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, private_key.data(),
                                                      private_key.size()));
    if (!key) return crypto_errc::openssl_failure;
    x25519_public_key out{};
    std::size_t length = out.size();
    if (EVP_PKEY_get_raw_public_key(key.get(), out.data(), &length) <= 0 || length != out.size()) {
        return crypto_errc::openssl_failure;
    }
    return out;
}

result<secret_bytes> x25519_derive(byte_view private_key,
                                   const x25519_public_key& peer_public_key) {
    detail::error_queue_guard error_queue;
    if (private_key.size() != x25519_key_size) return crypto_errc::invalid_length;
    detail::pkey_ptr own(EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, private_key.data(),
                                                      private_key.size()));
    detail::pkey_ptr peer(EVP_PKEY_new_raw_public_key(
        EVP_PKEY_X25519, nullptr, peer_public_key.data(), peer_public_key.size()));
    if (!own || !peer) return crypto_errc::openssl_failure;
    detail::pkey_ctx_ptr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, own.get(), nullptr));
    if (!ctx || EVP_PKEY_derive_init(ctx.get()) <= 0) return crypto_errc::openssl_failure;
    if (EVP_PKEY_derive_set_peer(ctx.get(), peer.get()) <= 0) return crypto_errc::invalid_peer_key;

    secret_bytes shared(x25519_key_size);
    std::size_t length = shared.size();
    // OpenSSL refuses to derive an all-zero secret, the one way a well-formed input
    // fails here; the explicit check below does not rely on that.
    if (EVP_PKEY_derive(ctx.get(), shared.data(), &length) <= 0)
        return crypto_errc::invalid_peer_key;
    if (length != x25519_key_size) return crypto_errc::openssl_failure;
    static constexpr std::array<std::uint8_t, x25519_key_size> zero{};
    if (constant_time_equal(shared, zero)) return crypto_errc::invalid_peer_key;
    return shared;
}

}  // namespace toward::crypto
