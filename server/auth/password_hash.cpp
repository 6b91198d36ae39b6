#include "auth/password_hash.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <cstdint>
#include <vector>

#include "util/base64.hpp"

namespace toward::server {
namespace {

constexpr std::size_t salt_bytes = 16;
constexpr std::size_t hash_bytes = 32;

std::optional<std::string> scrypt(std::string_view password, std::string_view salt,
                                  const scrypt_params& params) {
    EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "SCRYPT", nullptr);
    if (!kdf) return std::nullopt;
    EVP_KDF_CTX* ctx = EVP_KDF_CTX_new(kdf);
    EVP_KDF_free(kdf);
    if (!ctx) return std::nullopt;

    std::uint64_t n = std::uint64_t{1} << params.log2_n;
    std::uint32_t r = static_cast<std::uint32_t>(params.r);
    std::uint32_t p = static_cast<std::uint32_t>(params.p);
    // OpenSSL's default cap (32 MiB) is too small for N=2^17, r=8: allow what
    // the parameters need plus slack.
    std::uint64_t maxmem = 2 * 128 * n * r * p + (1u << 20);
    OSSL_PARAM ossl_params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD,
                                          const_cast<char*>(password.data()), password.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char*>(salt.data()),
                                          salt.size()),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem),
        OSSL_PARAM_construct_end(),
    };
    std::string out(hash_bytes, '\0');
    const int rc =
        EVP_KDF_derive(ctx, reinterpret_cast<unsigned char*>(out.data()), out.size(), ossl_params);
    EVP_KDF_CTX_free(ctx);
    if (rc <= 0) return std::nullopt;
    return out;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (;;) {
        const auto end = text.find(separator, start);
        parts.push_back(text.substr(start, end - start));
        if (end == std::string_view::npos) return parts;
        start = end + 1;
    }
}

std::optional<int> small_int(std::string_view text) {
    if (text.empty() || text.size() > 3) return std::nullopt;
    int value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

}  // namespace

std::optional<std::string> hash_password(std::string_view password, const scrypt_params& params) {
    std::string salt(salt_bytes, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(salt.data()), static_cast<int>(salt.size())) <=
        0)
        return std::nullopt;
    auto hash = scrypt(password, salt, params);
    if (!hash) return std::nullopt;
    std::string encoded = "scrypt$" + std::to_string(params.log2_n) + "$" +
                          std::to_string(params.r) + "$" + std::to_string(params.p) + "$" +
                          base64url_encode(salt) + "$" + base64url_encode(*hash);
    OPENSSL_cleanse(hash->data(), hash->size());
    return encoded;
}

bool verify_password(std::string_view password, std::string_view encoded) {
    const auto parts = split(encoded, '$');
    if (parts.size() != 6 || parts[0] != "scrypt") return false;
    const auto log2_n = small_int(parts[1]);
    const auto r = small_int(parts[2]);
    const auto p = small_int(parts[3]);
    const auto salt = base64url_decode(parts[4]);
    const auto expected = base64url_decode(parts[5]);
    if (!log2_n || !r || !p || !salt || !expected || *log2_n < 1 || *log2_n > 22 || *r < 1 ||
        *p < 1 || expected->size() != hash_bytes)
        return false;
    auto actual = scrypt(password, *salt, {*log2_n, *r, *p});
    if (!actual) return false;
    const bool same = CRYPTO_memcmp(actual->data(), expected->data(), hash_bytes) == 0;
    OPENSSL_cleanse(actual->data(), actual->size());
    return same;
}

}  // namespace toward::server
