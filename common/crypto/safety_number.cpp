#include "crypto/safety_number.hpp"

#include <cstdint>

#include "crypto/byte_codec.hpp"
#include "crypto/hash.hpp"

namespace toward::crypto {
namespace {

constexpr std::uint8_t fingerprint_version[2] = {0x00, 0x00};
constexpr std::size_t digits_per_chunk = 5;
constexpr std::size_t chunks = 6;

// One party's 30 digits.
result<std::string> party_digits(byte_view key, std::string_view id) {
    bytes input;
    append_bytes(input, fingerprint_version);
    append_bytes(input, key);
    append_bytes(input, as_bytes(id));
    append_bytes(input, key);
    auto hash = sha512(input);
    if (!hash) return hash.error();
    for (int i = 1; i < safety_number_iterations; ++i) {
        input.assign(hash->begin(), hash->end());
        append_bytes(input, key);
        hash = sha512(input);
        if (!hash) return hash.error();
    }

    std::string digits;
    for (std::size_t chunk = 0; chunk < chunks; ++chunk) {
        std::uint64_t value = 0;
        for (std::size_t i = 0; i < digits_per_chunk; ++i) {
            value = (value << 8) | (*hash)[chunk * digits_per_chunk + i];
        }
        // Five digits, zero-padded; formatted by hand to avoid locale-dependent I/O.
        std::uint64_t rest = value % 100000;
        char text[digits_per_chunk];
        for (std::size_t i = digits_per_chunk; i-- > 0;) {
            text[i] = static_cast<char>('0' + rest % 10);
            rest /= 10;
        }
        digits.append(text, digits_per_chunk);
    }
    return digits;
}

}  // namespace

result<std::string> safety_number(byte_view local_key, std::string_view local_id,
                                  byte_view remote_key, std::string_view remote_id) {
    auto local = party_digits(local_key, local_id);
    if (!local) return local.error();
    auto remote = party_digits(remote_key, remote_id);
    if (!remote) return remote.error();
    return *local < *remote ? *local + *remote : *remote + *local;
}

}  // namespace toward::crypto
