#include "crypto/ed25519.hpp"

#include <openssl/evp.h>

#include "crypto/openssl_handles.hpp"
#include "crypto/random.hpp"

namespace toward::crypto {
namespace {

detail::pkey_ptr private_pkey(byte_view private_key) {
    return detail::pkey_ptr(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr,
                                                         private_key.data(), private_key.size()));
}

}  // namespace

result<ed25519_key_pair> ed25519_generate() {
    auto private_key = random_bytes(ed25519_private_key_size);
    if (!private_key) return private_key.error();
    auto public_key = ed25519_public_from_private(*private_key);
    if (!public_key) return public_key.error();
    return ed25519_key_pair{std::move(*private_key), *public_key};
}

result<ed25519_public_key> ed25519_public_from_private(byte_view private_key) {
    detail::error_queue_guard error_queue;
    if (private_key.size() != ed25519_private_key_size) return crypto_errc::invalid_length;
    auto key = private_pkey(private_key);
    if (!key) return crypto_errc::openssl_failure;
    ed25519_public_key out{};
    std::size_t length = out.size();
    if (EVP_PKEY_get_raw_public_key(key.get(), out.data(), &length) <= 0 || length != out.size()) {
        return crypto_errc::openssl_failure;
    }
    return out;
}

result<ed25519_signature> ed25519_sign(byte_view private_key, byte_view message) {
    detail::error_queue_guard error_queue;
    if (private_key.size() != ed25519_private_key_size) return crypto_errc::invalid_length;
    auto key = private_pkey(private_key);
    detail::md_ctx_ptr ctx(EVP_MD_CTX_new());
    if (!key || !ctx) return crypto_errc::openssl_failure;
    // Ed25519 hashes internally: no digest, and only the one-shot call is supported.
    if (EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) <= 0) {
        return crypto_errc::openssl_failure;
    }
    ed25519_signature signature{};
    std::size_t length = signature.size();
    if (EVP_DigestSign(ctx.get(), signature.data(), &length, message.data(), message.size()) <= 0 ||
        length != signature.size()) {
        return crypto_errc::openssl_failure;
    }
    return signature;
}

result<void> ed25519_verify(const ed25519_public_key& public_key, byte_view message,
                            const ed25519_signature& signature) {
    detail::error_queue_guard error_queue;
    detail::pkey_ptr key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public_key.data(),
                                                     public_key.size()));
    detail::md_ctx_ptr ctx(EVP_MD_CTX_new());
    if (!key || !ctx) return crypto_errc::openssl_failure;
    if (EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) <= 0) {
        return crypto_errc::openssl_failure;
    }
    // 1 = valid; 0 = wrong signature; negative = malformed input, also a bad signature here.
    if (EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(),
                         message.size()) != 1) {
        return crypto_errc::bad_signature;
    }
    return {};
}

}  // namespace toward::crypto
