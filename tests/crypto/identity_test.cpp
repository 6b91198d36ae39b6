#include "crypto/identity.hpp"

#include <gtest/gtest.h>

namespace toward::crypto {
namespace {

struct keys_and_bundle {
    identity_keys identity;
    signed_prekey prekey;
    public_bundle bundle;
};

keys_and_bundle make_keys() {
    auto identity = generate_identity_keys().value();
    auto prekey = generate_signed_prekey(identity).value();
    auto bundle = make_public_bundle(identity, prekey);
    return {std::move(identity), std::move(prekey), bundle};
}

TEST(identity, bundle_serializes_to_the_fixed_layout_and_parses_back) {
    const auto keys = make_keys();
    const bytes encoded = serialize_bundle(keys.bundle);
    ASSERT_EQ(encoded.size(), bundle_size);
    EXPECT_EQ(encoded[0], bundle_version);
    EXPECT_TRUE(std::equal(keys.bundle.signing_key.begin(), keys.bundle.signing_key.end(),
                           encoded.begin() + 1));

    auto parsed = parse_bundle(encoded);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(serialize_bundle(*parsed), encoded);
    EXPECT_EQ(parsed->identity_key, keys.identity.agreement.public_key);
    EXPECT_EQ(parsed->signed_prekey, keys.prekey.key.public_key);
}

TEST(identity, bundle_with_any_changed_signed_byte_is_rejected) {
    const bytes encoded = serialize_bundle(make_keys().bundle);
    // signing key, identity key, identity signature, prekey, prekey signature.
    for (std::size_t offset : {1, 33, 65, 129, 161, 224}) {
        bytes tampered = encoded;
        tampered[offset] ^= 0x01;
        EXPECT_EQ(parse_bundle(tampered).error(), crypto_errc::bad_signature) << offset;
    }
}

TEST(identity, bundle_with_wrong_length_or_version_is_rejected) {
    const bytes encoded = serialize_bundle(make_keys().bundle);
    EXPECT_EQ(parse_bundle(bytes(encoded.begin(), encoded.end() - 1)).error(),
              crypto_errc::malformed_bundle);
    bytes longer = encoded;
    longer.push_back(0);
    EXPECT_EQ(parse_bundle(longer).error(), crypto_errc::malformed_bundle);
    EXPECT_EQ(parse_bundle(bytes{}).error(), crypto_errc::malformed_bundle);
    bytes other_version = encoded;
    other_version[0] = 2;
    EXPECT_EQ(parse_bundle(other_version).error(), crypto_errc::unsupported_version);
}

TEST(identity, identity_key_signature_cannot_stand_in_for_a_prekey_signature) {
    auto bundle = make_keys().bundle;
    bundle.signed_prekey = bundle.identity_key;
    bundle.signed_prekey_signature = bundle.identity_key_signature;
    EXPECT_EQ(verify_bundle(bundle).error(), crypto_errc::bad_signature);
}

TEST(identity, bundle_signed_by_another_identity_is_rejected) {
    auto mine = make_keys();
    const auto theirs = make_keys();
    mine.bundle.signing_key = theirs.bundle.signing_key;
    EXPECT_EQ(parse_bundle(serialize_bundle(mine.bundle)).error(), crypto_errc::bad_signature);
}

TEST(identity, private_identity_and_prekey_round_trip_through_storage) {
    const auto keys = make_keys();
    auto identity = parse_identity_keys(serialize_identity_keys(keys.identity));
    ASSERT_TRUE(identity);
    EXPECT_EQ(identity->signing.public_key, keys.identity.signing.public_key);
    EXPECT_EQ(identity->agreement.public_key, keys.identity.agreement.public_key);
    EXPECT_EQ(identity->agreement.private_key, keys.identity.agreement.private_key);

    auto prekey = parse_signed_prekey(serialize_signed_prekey(keys.prekey), *identity);
    ASSERT_TRUE(prekey);
    EXPECT_EQ(prekey->key.public_key, keys.prekey.key.public_key);
    EXPECT_EQ(prekey->signature, keys.prekey.signature);
}

TEST(identity, stored_keys_that_are_corrupt_or_truncated_are_rejected) {
    const auto keys = make_keys();
    secret_bytes stored = serialize_identity_keys(keys.identity);
    stored[40] ^= 0x01;  // agreement private key: its signature no longer matches
    EXPECT_EQ(parse_identity_keys(stored).error(), crypto_errc::bad_signature);
    stored = serialize_identity_keys(keys.identity);
    stored.pop_back();
    EXPECT_EQ(parse_identity_keys(stored).error(), crypto_errc::malformed_state);

    const auto other = make_keys();
    EXPECT_EQ(parse_signed_prekey(serialize_signed_prekey(keys.prekey), other.identity).error(),
              crypto_errc::bad_signature);
}

TEST(identity, fingerprint_key_is_signing_key_then_identity_key) {
    const auto bundle = make_keys().bundle;
    const bytes key = identity_fingerprint_key(bundle);
    ASSERT_EQ(key.size(), 64u);
    EXPECT_TRUE(std::equal(bundle.signing_key.begin(), bundle.signing_key.end(), key.begin()));
    EXPECT_TRUE(
        std::equal(bundle.identity_key.begin(), bundle.identity_key.end(), key.begin() + 32));
}

}  // namespace
}  // namespace toward::crypto
