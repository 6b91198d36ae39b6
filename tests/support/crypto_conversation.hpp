// Two Double Ratchet sessions set up exactly as two paired clients set them
// up: Alice initiates (X3DH with Bob's bundle), Bob responds. Header-only,
// for the crypto tests and the ratchet microbenchmarks alike.
#pragma once

#include <utility>

#include "crypto/double_ratchet.hpp"
#include "crypto/identity.hpp"
#include "crypto/x3dh.hpp"

namespace toward::crypto::testing {

struct conversation {
    ratchet_session alice;
    ratchet_session bob;
};

inline conversation start_conversation() {
    const auto alice_identity = generate_identity_keys().value();
    const auto alice_prekey = generate_signed_prekey(alice_identity).value();
    const auto bob_identity = generate_identity_keys().value();
    const auto bob_prekey = generate_signed_prekey(bob_identity).value();
    const auto alice_bundle = make_public_bundle(alice_identity, alice_prekey);
    const auto bob_bundle = make_public_bundle(bob_identity, bob_prekey);

    auto initiation = x3dh_initiate(alice_identity, bob_bundle).value();
    auto alice =
        ratchet_session::initiate(initiation.keys, bob_bundle.signed_prekey, initiation.initial)
            .value();
    auto bob_keys =
        x3dh_respond(bob_identity, bob_prekey, alice_bundle, initiation.initial).value();
    auto bob = ratchet_session::respond(bob_keys, bob_prekey.key).value();
    return {std::move(alice), std::move(bob)};
}

}  // namespace toward::crypto::testing
