#include "crypto/aead.hpp"

#include <gtest/gtest.h>

#include "crypto/hex.hpp"

namespace toward::crypto {
namespace {

// RFC 8439 §2.8.2.
struct rfc_8439_vector {
    bytes key =
        from_hex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f").value();
    bytes nonce = from_hex("070000004041424344454647").value();
    bytes aad = from_hex("50515253c0c1c2c3c4c5c6c7").value();
    std::string_view plaintext =
        "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the "
        "future, sunscreen would be it.";
    std::string_view ciphertext =
        "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
        "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
        "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
        "3ff4def08e4b7a9de576d26586cec64b6116";
    std::string_view tag = "1ae10b594f09e26a7e902ecbd0600691";
};

TEST(aead, seal_matches_rfc_8439_ciphertext_and_tag) {
    const rfc_8439_vector v;
    auto sealed = aead_seal(v.key, v.nonce, v.aad, as_bytes(v.plaintext));
    ASSERT_TRUE(sealed);
    ASSERT_EQ(sealed->size(), v.plaintext.size() + aead_tag_size);
    const std::string hex = to_hex(*sealed);
    EXPECT_EQ(hex.substr(hex.size() - 2 * aead_tag_size), v.tag);
    EXPECT_EQ(hex.substr(0, hex.size() - 2 * aead_tag_size), v.ciphertext);
}

TEST(aead, open_recovers_the_rfc_8439_plaintext) {
    const rfc_8439_vector v;
    const bytes sealed = from_hex(std::string(v.ciphertext) + std::string(v.tag)).value();
    auto plaintext = aead_open(v.key, v.nonce, v.aad, sealed);
    ASSERT_TRUE(plaintext);
    EXPECT_EQ(std::string(plaintext->begin(), plaintext->end()), v.plaintext);
}

TEST(aead, any_changed_byte_fails_authentication) {
    const rfc_8439_vector v;
    auto sealed = aead_seal(v.key, v.nonce, v.aad, as_bytes(v.plaintext));
    ASSERT_TRUE(sealed);

    for (std::size_t i : {std::size_t{0}, sealed->size() / 2, sealed->size() - 1}) {
        bytes tampered = *sealed;
        tampered[i] ^= 0x01;
        EXPECT_EQ(aead_open(v.key, v.nonce, v.aad, tampered).error(),
                  crypto_errc::authentication_failed)
            << "byte " << i;
    }
    bytes aad = v.aad;
    aad[0] ^= 0x01;
    EXPECT_EQ(aead_open(v.key, v.nonce, aad, *sealed).error(), crypto_errc::authentication_failed);
    bytes key = v.key;
    key[31] ^= 0x01;
    EXPECT_EQ(aead_open(key, v.nonce, v.aad, *sealed).error(), crypto_errc::authentication_failed);
    bytes nonce = v.nonce;
    nonce[0] ^= 0x01;
    EXPECT_EQ(aead_open(v.key, nonce, v.aad, *sealed).error(), crypto_errc::authentication_failed);
}

TEST(aead, empty_plaintext_still_authenticates) {
    const rfc_8439_vector v;
    auto sealed = aead_seal(v.key, v.nonce, {}, {});
    ASSERT_TRUE(sealed);
    EXPECT_EQ(sealed->size(), aead_tag_size);
    auto plaintext = aead_open(v.key, v.nonce, {}, *sealed);
    ASSERT_TRUE(plaintext);
    EXPECT_TRUE(plaintext->empty());
    (*sealed)[0] ^= 0x01;
    EXPECT_EQ(aead_open(v.key, v.nonce, {}, *sealed).error(), crypto_errc::authentication_failed);
}

TEST(aead, wrong_key_nonce_or_input_sizes_are_refused) {
    const rfc_8439_vector v;
    const bytes short_key(31, 0);
    const bytes long_nonce(13, 0);
    const bytes too_short(aead_tag_size - 1, 0);
    EXPECT_EQ(aead_seal(short_key, v.nonce, {}, {}).error(), crypto_errc::invalid_length);
    EXPECT_EQ(aead_seal(v.key, long_nonce, {}, {}).error(), crypto_errc::invalid_length);
    EXPECT_EQ(aead_open(v.key, v.nonce, {}, too_short).error(), crypto_errc::invalid_length);
}

}  // namespace
}  // namespace toward::crypto
