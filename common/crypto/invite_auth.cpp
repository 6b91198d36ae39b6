#include "crypto/invite_auth.hpp"

#include <algorithm>

#include "crypto/base32.hpp"
#include "crypto/byte_codec.hpp"
#include "crypto/hkdf.hpp"
#include "crypto/identity.hpp"
#include "crypto/random.hpp"

namespace toward::crypto {
namespace {

constexpr std::string_view auth_info_prefix = "toward invite auth v1";
constexpr std::string_view inviter_label = "inviter";
constexpr std::string_view joiner_label = "joiner";
constexpr std::size_t auth_key_size = 32;

bool valid_invite_id(std::string_view id) {
    if (id.empty() || id.size() > max_invite_id_size) return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-';
    });
}

std::string_view trim(std::string_view s) {
    constexpr std::string_view space = " \t\r\n";
    const auto first = s.find_first_not_of(space);
    if (first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(space) - first + 1);
}

result<void> verify_mac(const result<hmac_sha256_tag>& expected, byte_view mac) {
    if (!expected) return expected.error();
    if (!constant_time_equal(*expected, mac)) return crypto_errc::authentication_failed;
    return {};
}

}  // namespace

result<secret_bytes> make_invite_secret() {
    return random_bytes(invite_secret_size);
}

result<std::string> format_invite_code(std::string_view invite_id, byte_view secret) {
    if (!valid_invite_id(invite_id)) return crypto_errc::malformed_invite;
    if (secret.size() != invite_secret_size) return crypto_errc::invalid_length;
    std::string code(invite_id);
    code.push_back('-');
    code += base32_encode(secret);
    return code;
}

result<invite_code> parse_invite_code(std::string_view code) {
    code = trim(code);
    const auto dash = code.rfind('-');
    if (dash == std::string_view::npos) return crypto_errc::malformed_invite;
    const std::string_view invite_id = code.substr(0, dash);
    if (!valid_invite_id(invite_id)) return crypto_errc::malformed_invite;
    auto secret = base32_decode(code.substr(dash + 1));
    if (!secret || secret->size() != invite_secret_size) return crypto_errc::malformed_invite;
    return invite_code{std::string(invite_id), std::move(*secret)};
}

result<secret_bytes> derive_invite_auth_key(byte_view secret, std::string_view invite_id) {
    if (secret.size() != invite_secret_size) return crypto_errc::invalid_length;
    bytes info;
    append_bytes(info, as_bytes(auth_info_prefix));
    append_bytes(info, as_bytes(invite_id));
    return hkdf_sha256(secret, {}, info, auth_key_size);
}

result<hmac_sha256_tag> inviter_bundle_mac(byte_view auth_key, byte_view inviter_bundle) {
    bytes message;
    append_bytes(message, as_bytes(inviter_label));
    append_bytes(message, inviter_bundle);
    return hmac_sha256(auth_key, message);
}

result<hmac_sha256_tag> joiner_bundle_mac(byte_view auth_key, byte_view inviter_bundle,
                                          byte_view joiner_bundle) {
    // A fixed-size first part is what makes inviter_bundle ‖ joiner_bundle unambiguous.
    if (inviter_bundle.size() != bundle_size) return crypto_errc::malformed_bundle;
    bytes message;
    append_bytes(message, as_bytes(joiner_label));
    append_bytes(message, inviter_bundle);
    append_bytes(message, joiner_bundle);
    return hmac_sha256(auth_key, message);
}

result<void> verify_inviter_bundle_mac(byte_view auth_key, byte_view inviter_bundle,
                                       byte_view mac) {
    return verify_mac(inviter_bundle_mac(auth_key, inviter_bundle), mac);
}

result<void> verify_joiner_bundle_mac(byte_view auth_key, byte_view inviter_bundle,
                                      byte_view joiner_bundle, byte_view mac) {
    return verify_mac(joiner_bundle_mac(auth_key, inviter_bundle, joiner_bundle), mac);
}

}  // namespace toward::crypto
