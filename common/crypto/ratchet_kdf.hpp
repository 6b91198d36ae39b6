// The key derivations of the Double Ratchet (Signal's specification, with the
// recommended HKDF and HMAC instantiations).
#pragma once

#include "crypto/aead.hpp"
#include "crypto/bytes.hpp"
#include "crypto/result.hpp"
#include "crypto/secret_bytes.hpp"

namespace toward::crypto {

inline constexpr std::size_t ratchet_key_size = 32;  // root, chain and message keys

// KDF_RK's output.
struct root_step {
    secret_bytes root_key;
    secret_bytes chain_key;
};

// KDF_RK(rk, dh_out) = HKDF-SHA256(salt = rk, ikm = dh_out, info = "toward ratchet v1"),
// 64 bytes split into the new root key and a chain key.
result<root_step> kdf_root(byte_view root_key, byte_view dh_output);

// KDF_CK: returns the message key HMAC-SHA256(ck, 0x01) and replaces chain_key by
// HMAC-SHA256(ck, 0x02). chain_key is unchanged on failure. invalid_length unless
// chain_key is ratchet_key_size bytes.
result<secret_bytes> kdf_chain(secret_bytes& chain_key);

// The AEAD key and nonce that a message key stands for:
// HKDF-SHA256(ikm = message_key, salt = empty, info = "toward message key v1"), 44 bytes.
struct message_cipher_key {
    secret_bytes key;    // aead_key_size bytes
    secret_bytes nonce;  // aead_nonce_size bytes
};
result<message_cipher_key> expand_message_key(byte_view message_key);

}  // namespace toward::crypto
