#include "crypto/aead.hpp"

#include <climits>

#include <openssl/evp.h>

#include "crypto/openssl_handles.hpp"
#include "crypto/secret_bytes.hpp"

namespace toward::crypto {
namespace {

constexpr std::size_t int_max = static_cast<std::size_t>(INT_MAX);

bool valid_sizes(byte_view key, byte_view nonce, byte_view associated_data, byte_view text) {
    return key.size() == aead_key_size && nonce.size() == aead_nonce_size &&
           associated_data.size() <= int_max && text.size() <= int_max - aead_tag_size;
}

// Starts an encryption or decryption context with key and nonce and feeds it the
// associated data; null on failure.
detail::cipher_ctx_ptr start(bool encrypt, byte_view key, byte_view nonce,
                             byte_view associated_data) {
    detail::cipher_ctx_ptr ctx(EVP_CIPHER_CTX_new());
    if (!ctx) return nullptr;
    const int enc = encrypt ? 1 : 0;
    if (EVP_CipherInit_ex(ctx.get(), EVP_chacha20_poly1305(), nullptr, nullptr, nullptr, enc) <=
            0 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_IVLEN, static_cast<int>(aead_nonce_size),
                            nullptr) <= 0 ||
        EVP_CipherInit_ex(ctx.get(), nullptr, nullptr, key.data(), nonce.data(), enc) <= 0) {
        return nullptr;
    }
    int length = 0;
    if (!associated_data.empty() &&
        EVP_CipherUpdate(ctx.get(), nullptr, &length, associated_data.data(),
                         static_cast<int>(associated_data.size())) <= 0) {
        return nullptr;
    }
    return ctx;
}

}  // namespace

result<bytes> aead_seal(byte_view key, byte_view nonce, byte_view associated_data,
                        byte_view plaintext) {
    if (!valid_sizes(key, nonce, associated_data, plaintext)) return crypto_errc::invalid_length;
    detail::error_queue_guard error_queue;
    auto ctx = start(true, key, nonce, associated_data);
    if (!ctx) return crypto_errc::openssl_failure;

    bytes out(plaintext.size() + aead_tag_size);
    int length = 0;
    if (!plaintext.empty() && (EVP_EncryptUpdate(ctx.get(), out.data(), &length, plaintext.data(),
                                                 static_cast<int>(plaintext.size())) <= 0 ||
                               static_cast<std::size_t>(length) != plaintext.size())) {
        return crypto_errc::openssl_failure;
    }
    // A stream cipher writes nothing in Final, but the tag exists only after it.
    std::uint8_t final_block[aead_tag_size];
    int final_length = 0;
    if (EVP_EncryptFinal_ex(ctx.get(), final_block, &final_length) <= 0 || final_length != 0 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, static_cast<int>(aead_tag_size),
                            out.data() + plaintext.size()) <= 0) {
        return crypto_errc::openssl_failure;
    }
    return out;
}

result<bytes> aead_open(byte_view key, byte_view nonce, byte_view associated_data,
                        byte_view sealed) {
    if (sealed.size() < aead_tag_size) return crypto_errc::invalid_length;
    const byte_view ciphertext = sealed.first(sealed.size() - aead_tag_size);
    const byte_view tag = sealed.last(aead_tag_size);
    if (!valid_sizes(key, nonce, associated_data, ciphertext)) return crypto_errc::invalid_length;
    detail::error_queue_guard error_queue;
    auto ctx = start(false, key, nonce, associated_data);
    if (!ctx) return crypto_errc::openssl_failure;

    // Plaintext is decrypted before the tag is checked; it goes into a buffer that is
    // wiped on every path and copied out only once the tag has matched.
    secret_bytes plaintext(ciphertext.size());
    int length = 0;
    if (!ciphertext.empty() &&
        (EVP_DecryptUpdate(ctx.get(), plaintext.data(), &length, ciphertext.data(),
                           static_cast<int>(ciphertext.size())) <= 0 ||
         static_cast<std::size_t>(length) != ciphertext.size())) {
        return crypto_errc::openssl_failure;
    }
    // The expected tag must be set before Final, which compares it.
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_TAG, static_cast<int>(aead_tag_size),
                            const_cast<std::uint8_t*>(tag.data())) <= 0) {
        return crypto_errc::openssl_failure;
    }
    std::uint8_t final_block[aead_tag_size];
    int final_length = 0;
    if (EVP_DecryptFinal_ex(ctx.get(), final_block, &final_length) <= 0 || final_length != 0) {
        return crypto_errc::authentication_failed;
    }
    return bytes(plaintext.begin(), plaintext.end());
}

}  // namespace toward::crypto
