#include "auth/session_token.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include "util/base64.hpp"

namespace toward::server {

namespace {

std::optional<std::string> random_bytes(std::size_t count) {
    std::string raw(count, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(raw.size())) <= 0)
        return std::nullopt;
    return raw;
}

}  // namespace

std::optional<std::string> make_random_id(std::size_t bytes) {
    auto raw = random_bytes(bytes);
    if (!raw) return std::nullopt;
    return hex_encode(*raw);
}

std::optional<std::string> make_session_token() {
    auto raw = random_bytes(32);
    if (!raw) return std::nullopt;
    return base64url_encode(*raw);
}

std::string hash_session_token(std::string_view token) {
    std::string digest(SHA256_DIGEST_LENGTH, '\0');
    unsigned int length = 0;
    EVP_Digest(token.data(), token.size(), reinterpret_cast<unsigned char*>(digest.data()), &length,
               EVP_sha256(), nullptr);
    return digest;
}

}  // namespace toward::server
