// Invite codes and the MACs that authenticate the partners' key bundles during
// pairing.
//
// An invite code is "<invite_id>-<secret>": invite_id is what the server knows the
// invite by; secret is invite_secret_size random bytes in lowercase base32 without
// padding, which the client never sends to the server. Both clients derive
//   auth_key = HKDF-SHA256(ikm = secret, salt = empty,
//                          info = "toward invite auth v1" ‖ invite_id)
// and MAC their bundles with it (bundles as serialize_bundle encodes them):
//   inviter_mac = HMAC-SHA256(auth_key, "inviter" ‖ inviter_bundle)
//   joiner_mac  = HMAC-SHA256(auth_key, "joiner" ‖ inviter_bundle ‖ joiner_bundle)
// A server that substitutes a bundle cannot produce a matching MAC without the secret.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "crypto/bytes.hpp"
#include "crypto/hash.hpp"
#include "crypto/result.hpp"
#include "crypto/secret_bytes.hpp"

namespace toward::crypto {

// 128 bits: far beyond offline guessing of an invite that lives for a day.
inline constexpr std::size_t invite_secret_size = 16;
// The longest invite_id accepted; ids use only A–Z, a–z, 0–9, '_' and '-'.
inline constexpr std::size_t max_invite_id_size = 128;

// An invite code taken apart.
struct invite_code {
    std::string invite_id;
    secret_bytes secret;
};

// A fresh invite secret of invite_secret_size random bytes.
result<secret_bytes> make_invite_secret();

// "<invite_id>-<base32 secret>". malformed_invite if invite_id is empty, longer than
// max_invite_id_size or has other characters than the allowed ones; invalid_length if
// secret is not invite_secret_size bytes. The returned string holds the secret.
result<std::string> format_invite_code(std::string_view invite_id, byte_view secret);

// Splits a code at its last '-' and decodes the secret (either letter case; spaces
// around the code are ignored). malformed_invite, with no partial result, for
// anything format_invite_code would not produce.
result<invite_code> parse_invite_code(std::string_view code);

// The 32-byte auth_key above. invalid_length if secret is not invite_secret_size bytes.
result<secret_bytes> derive_invite_auth_key(byte_view secret, std::string_view invite_id);

// The inviter's MAC over its own serialized bundle.
result<hmac_sha256_tag> inviter_bundle_mac(byte_view auth_key, byte_view inviter_bundle);

// The joiner's MAC over its serialized bundle, bound to the inviter's bundle it saw.
// malformed_bundle if inviter_bundle is not bundle_size bytes (the concatenation
// is unambiguous only because that part has a fixed size).
result<hmac_sha256_tag> joiner_bundle_mac(byte_view auth_key, byte_view inviter_bundle,
                                          byte_view joiner_bundle);

// Success if mac is inviter_bundle_mac(auth_key, inviter_bundle) (constant-time
// comparison); authentication_failed otherwise, including for a mac of the wrong size.
result<void> verify_inviter_bundle_mac(byte_view auth_key, byte_view inviter_bundle, byte_view mac);

// Success if mac is joiner_bundle_mac(auth_key, inviter_bundle, joiner_bundle);
// authentication_failed otherwise; malformed_bundle as joiner_bundle_mac.
result<void> verify_joiner_bundle_mac(byte_view auth_key, byte_view inviter_bundle,
                                      byte_view joiner_bundle, byte_view mac);

}  // namespace toward::crypto
