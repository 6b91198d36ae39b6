#include "crypto/hkdf.hpp"

#include <gtest/gtest.h>

#include "crypto/hex.hpp"

namespace toward::crypto {
namespace {

TEST(hkdf, matches_rfc_5869_test_case_1) {
    const bytes ikm(22, 0x0b);
    auto okm = hkdf_sha256(ikm, from_hex("000102030405060708090a0b0c").value(),
                           from_hex("f0f1f2f3f4f5f6f7f8f9").value(), 42);
    ASSERT_TRUE(okm);
    EXPECT_EQ(
        to_hex(*okm),
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
}

TEST(hkdf, matches_rfc_5869_test_case_3_with_empty_salt_and_info) {
    const bytes ikm(22, 0x0b);
    auto okm = hkdf_sha256(ikm, {}, {}, 42);
    ASSERT_TRUE(okm);
    EXPECT_EQ(
        to_hex(*okm),
        "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
}

TEST(hkdf, refuses_zero_and_oversized_output_lengths) {
    const bytes ikm(32, 0x01);
    EXPECT_EQ(hkdf_sha256(ikm, {}, {}, 0).error(), crypto_errc::invalid_length);
    EXPECT_EQ(hkdf_sha256(ikm, {}, {}, hkdf_sha256_max_length + 1).error(),
              crypto_errc::invalid_length);
    EXPECT_TRUE(hkdf_sha256(ikm, {}, {}, hkdf_sha256_max_length));
}

}  // namespace
}  // namespace toward::crypto
