// Password hashing with scrypt (OpenSSL EVP_KDF "SCRYPT"). Slow on purpose:
// call only from the hashing thread pool, never from an I/O thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace toward::server {

struct scrypt_params {
    int log2_n = 17;
    int r = 8;
    int p = 1;
};

// Returns "scrypt$<log2_n>$<r>$<p>$<salt>$<hash>" (base64url salt and hash),
// or std::nullopt when OpenSSL fails (e.g. out of memory).
std::optional<std::string> hash_password(std::string_view password, const scrypt_params& params);

// True when `password` matches `encoded` (made by hash_password, with the
// parameters recorded in it). Constant-time comparison; false on any
// malformed input.
bool verify_password(std::string_view password, std::string_view encoded);

}  // namespace toward::server
