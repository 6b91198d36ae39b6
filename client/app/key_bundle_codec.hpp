// The key bundle as the wire carries it: the canonical encoding of
// common/crypto/identity.hpp (serialize_bundle), which is also exactly what
// the invite MACs cover.
#pragma once

#include <string>
#include <string_view>

#include "app_result.hpp"
#include "crypto/bytes.hpp"
#include "crypto/identity.hpp"

namespace toward::app {

// bundle as the bytes PublishKeys, CreateInvite and RedeemInvite carry.
std::string encode_key_bundle(const crypto::public_bundle& bundle);

// Parses wire bytes and verifies both signatures. Fails (naming `whose`
// bundle) for a wrong size, an unknown version or a bad signature.
app_result<crypto::public_bundle> decode_key_bundle(std::string_view wire, std::string_view whose);

// The canonical bytes the invite MACs cover (the same as the wire bytes).
crypto::bytes canonical_bundle(const crypto::public_bundle& bundle);

// The identity part of a bundle (signing key ‖ identity key), as stored for
// the accepted partner key and fed to the safety number.
std::string identity_of(const crypto::public_bundle& bundle);

}  // namespace toward::app
