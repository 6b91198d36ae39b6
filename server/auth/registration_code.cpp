#include "auth/registration_code.hpp"

#include <openssl/rand.h>

#include <array>
#include <cctype>

#include "auth/session_token.hpp"

namespace toward::server {

namespace {

// Lowercase letters and digits without 0, 1, o and l, which read alike.
constexpr std::string_view alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
constexpr std::size_t code_letters = 16;

}  // namespace

std::optional<std::string> make_registration_code() {
    std::array<unsigned char, code_letters> raw{};
    if (RAND_bytes(raw.data(), static_cast<int>(raw.size())) <= 0) return std::nullopt;
    std::string code;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (i > 0 && i % 4 == 0) code += '-';
        code += alphabet[raw[i] % alphabet.size()];  // 32 divides 256: no bias
    }
    return code;
}

std::string registration_code_hash(std::string_view typed) {
    std::string normal;
    for (const char c : typed) {
        if (c == '-' || c == ' ') continue;
        normal += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return normal.empty() ? std::string() : hash_session_token(normal);
}

}  // namespace toward::server
