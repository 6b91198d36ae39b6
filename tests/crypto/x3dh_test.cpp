#include "crypto/x3dh.hpp"

#include <gtest/gtest.h>

namespace toward::crypto {
namespace {

struct party {
    identity_keys identity;
    signed_prekey prekey;
    public_bundle bundle;
};

party make_party() {
    auto identity = generate_identity_keys().value();
    auto prekey = generate_signed_prekey(identity).value();
    auto bundle = make_public_bundle(identity, prekey);
    return {std::move(identity), std::move(prekey), bundle};
}

TEST(x3dh, initiator_and_responder_derive_the_same_keys) {
    const party alice = make_party();
    const party bob = make_party();
    auto initiation = x3dh_initiate(alice.identity, bob.bundle);
    ASSERT_TRUE(initiation);
    EXPECT_EQ(initiation->keys.shared_key.size(), 32u);
    EXPECT_EQ(initiation->initial.initiator_identity_key, alice.bundle.identity_key);
    EXPECT_EQ(initiation->initial.responder_signed_prekey, bob.bundle.signed_prekey);

    auto response = x3dh_respond(bob.identity, bob.prekey, alice.bundle, initiation->initial);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->shared_key, initiation->keys.shared_key);
    EXPECT_EQ(response->associated_data, initiation->keys.associated_data);
}

TEST(x3dh, associated_data_is_both_identity_keys_initiator_first) {
    const party alice = make_party();
    const party bob = make_party();
    auto initiation = x3dh_initiate(alice.identity, bob.bundle);
    ASSERT_TRUE(initiation);
    bytes expected(alice.bundle.identity_key.begin(), alice.bundle.identity_key.end());
    expected.insert(expected.end(), bob.bundle.identity_key.begin(), bob.bundle.identity_key.end());
    EXPECT_EQ(initiation->keys.associated_data, expected);
}

TEST(x3dh, each_initiation_uses_a_fresh_ephemeral_key) {
    const party alice = make_party();
    const party bob = make_party();
    auto first = x3dh_initiate(alice.identity, bob.bundle);
    auto second = x3dh_initiate(alice.identity, bob.bundle);
    ASSERT_TRUE(first && second);
    EXPECT_NE(first->initial.ephemeral_key, second->initial.ephemeral_key);
    EXPECT_NE(first->keys.shared_key, second->keys.shared_key);
}

TEST(x3dh, initiator_refuses_a_bundle_with_a_bad_signature) {
    const party alice = make_party();
    party bob = make_party();
    bob.bundle.signed_prekey = make_party().bundle.signed_prekey;
    EXPECT_EQ(x3dh_initiate(alice.identity, bob.bundle).error(), crypto_errc::bad_signature);
}

TEST(x3dh, responder_refuses_an_unexpected_identity_or_prekey) {
    const party alice = make_party();
    const party bob = make_party();
    const party mallory = make_party();
    auto from_mallory = x3dh_initiate(mallory.identity, bob.bundle);
    ASSERT_TRUE(from_mallory);
    EXPECT_EQ(x3dh_respond(bob.identity, bob.prekey, alice.bundle, from_mallory->initial).error(),
              crypto_errc::identity_mismatch);

    auto from_alice = x3dh_initiate(alice.identity, bob.bundle);
    ASSERT_TRUE(from_alice);
    const signed_prekey newer = generate_signed_prekey(bob.identity).value();
    EXPECT_EQ(x3dh_respond(bob.identity, newer, alice.bundle, from_alice->initial).error(),
              crypto_errc::unknown_prekey);
}

TEST(x3dh, tampered_ephemeral_key_gives_a_different_secret) {
    const party alice = make_party();
    const party bob = make_party();
    auto initiation = x3dh_initiate(alice.identity, bob.bundle);
    ASSERT_TRUE(initiation);
    initial_message tampered = initiation->initial;
    tampered.ephemeral_key = make_party().bundle.identity_key;
    auto response = x3dh_respond(bob.identity, bob.prekey, alice.bundle, tampered);
    ASSERT_TRUE(response);
    EXPECT_NE(response->shared_key, initiation->keys.shared_key);
}

TEST(x3dh, initial_message_round_trips_and_rejects_wrong_lengths) {
    const party alice = make_party();
    const party bob = make_party();
    const auto initial = x3dh_initiate(alice.identity, bob.bundle).value().initial;
    const bytes encoded = serialize_initial_message(initial);
    ASSERT_EQ(encoded.size(), initial_message_size);
    auto parsed = parse_initial_message(encoded);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->initiator_identity_key, initial.initiator_identity_key);
    EXPECT_EQ(parsed->ephemeral_key, initial.ephemeral_key);
    EXPECT_EQ(parsed->responder_signed_prekey, initial.responder_signed_prekey);
    EXPECT_EQ(parse_initial_message(byte_view(encoded).first(95)).error(),
              crypto_errc::malformed_message);
}

}  // namespace
}  // namespace toward::crypto
