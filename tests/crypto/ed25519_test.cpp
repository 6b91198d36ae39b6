#include "crypto/ed25519.hpp"

#include <gtest/gtest.h>

#include "crypto/hex.hpp"

namespace toward::crypto {
namespace {

constexpr std::string_view rfc_secret =
    "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
constexpr std::string_view rfc_public =
    "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
constexpr std::string_view rfc_signature =
    "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
    "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";

TEST(ed25519, public_key_and_signature_match_rfc_8032_test_2) {
    const bytes secret = from_hex(rfc_secret).value();
    auto public_key = ed25519_public_from_private(secret);
    ASSERT_TRUE(public_key);
    EXPECT_EQ(to_hex(*public_key), rfc_public);

    const bytes message = {0x72};
    auto signature = ed25519_sign(secret, message);
    ASSERT_TRUE(signature);
    EXPECT_EQ(to_hex(*signature), rfc_signature);
    EXPECT_TRUE(ed25519_verify(*public_key, message, *signature));
}

TEST(ed25519, signature_over_a_modified_message_is_rejected) {
    auto keys = ed25519_generate();
    ASSERT_TRUE(keys);
    const bytes message = {'h', 'e', 'l', 'l', 'o'};
    auto signature = ed25519_sign(keys->private_key, message);
    ASSERT_TRUE(signature);
    EXPECT_TRUE(ed25519_verify(keys->public_key, message, *signature));

    bytes modified = message;
    modified[0] ^= 0x01;
    EXPECT_EQ(ed25519_verify(keys->public_key, modified, *signature).error(),
              crypto_errc::bad_signature);
    bytes longer = message;
    longer.push_back(0);
    EXPECT_EQ(ed25519_verify(keys->public_key, longer, *signature).error(),
              crypto_errc::bad_signature);
}

TEST(ed25519, modified_signature_or_other_key_is_rejected) {
    auto keys = ed25519_generate();
    auto other = ed25519_generate();
    ASSERT_TRUE(keys && other);
    const bytes message = {1, 2, 3};
    auto signature = ed25519_sign(keys->private_key, message);
    ASSERT_TRUE(signature);

    ed25519_signature tampered = *signature;
    tampered[10] ^= 0x80;
    EXPECT_EQ(ed25519_verify(keys->public_key, message, tampered).error(),
              crypto_errc::bad_signature);
    EXPECT_EQ(ed25519_verify(other->public_key, message, *signature).error(),
              crypto_errc::bad_signature);
}

TEST(ed25519, seeds_of_the_wrong_size_are_refused) {
    const bytes seed(33, 0x01);
    EXPECT_EQ(ed25519_public_from_private(seed).error(), crypto_errc::invalid_length);
    EXPECT_EQ(ed25519_sign(seed, bytes{1}).error(), crypto_errc::invalid_length);
}

}  // namespace
}  // namespace toward::crypto
