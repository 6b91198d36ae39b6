#include "crypto/ratchet_kdf.hpp"

#include <string_view>

#include "crypto/hash.hpp"
#include "crypto/hkdf.hpp"

namespace toward::crypto {
namespace {

constexpr std::string_view root_info = "toward ratchet v1";
constexpr std::string_view message_key_info = "toward message key v1";

// HMAC-SHA256(key, constant) as secret bytes, the tag's own copy wiped.
result<secret_bytes> chain_hmac(byte_view key, std::uint8_t constant) {
    const std::uint8_t input[1] = {constant};
    auto tag = hmac_sha256(key, input);
    if (!tag) return tag.error();
    secret_bytes out(tag->begin(), tag->end());
    cleanse(tag->data(), tag->size());
    return out;
}

}  // namespace

result<root_step> kdf_root(byte_view root_key, byte_view dh_output) {
    auto okm = hkdf_sha256(dh_output, root_key, as_bytes(root_info), 2 * ratchet_key_size);
    if (!okm) return okm.error();
    const auto middle = okm->begin() + ratchet_key_size;
    return root_step{secret_bytes(okm->begin(), middle), secret_bytes(middle, okm->end())};
}

result<secret_bytes> kdf_chain(secret_bytes& chain_key) {
    if (chain_key.size() != ratchet_key_size) return crypto_errc::invalid_length;
    auto message_key = chain_hmac(chain_key, 0x01);
    if (!message_key) return message_key.error();
    auto next_chain_key = chain_hmac(chain_key, 0x02);
    if (!next_chain_key) return next_chain_key.error();
    chain_key = std::move(*next_chain_key);
    return message_key;
}

result<message_cipher_key> expand_message_key(byte_view message_key) {
    auto okm =
        hkdf_sha256(message_key, {}, as_bytes(message_key_info), aead_key_size + aead_nonce_size);
    if (!okm) return okm.error();
    const auto middle = okm->begin() + aead_key_size;
    return message_cipher_key{secret_bytes(okm->begin(), middle), secret_bytes(middle, okm->end())};
}

}  // namespace toward::crypto
