#include "crypto/safety_number.hpp"

#include <gtest/gtest.h>

#include "crypto/hex.hpp"

namespace toward::crypto {
namespace {

// libsignal rust/protocol/src/fingerprint.rs; keys carry the 0x05 type byte.
constexpr std::string_view alice_key =
    "0506863bc66d02b40d27b8d49ca7c09e9239236f9d7d25d6fcca5ce13c7064d868";
constexpr std::string_view bob_key =
    "05f781b6fb32fed9ba1cf2de978d4d5da28dc34046ae814402b5c0dbd96fda907b";
constexpr std::string_view expected =
    "300354477692869396892869876765458257569162576843440918079131";

TEST(safety_number, matches_libsignal_vector) {
    auto number = safety_number(from_hex(alice_key).value(), "+14152222222",
                                from_hex(bob_key).value(), "+14153333333");
    ASSERT_TRUE(number);
    EXPECT_EQ(*number, expected);
}

TEST(safety_number, both_partners_see_the_same_number) {
    auto from_bob = safety_number(from_hex(bob_key).value(), "+14153333333",
                                  from_hex(alice_key).value(), "+14152222222");
    ASSERT_TRUE(from_bob);
    EXPECT_EQ(*from_bob, expected);
}

TEST(safety_number, changes_when_a_key_changes) {
    bytes other_key = from_hex(bob_key).value();
    other_key[5] ^= 0x01;
    auto number =
        safety_number(from_hex(alice_key).value(), "+14152222222", other_key, "+14153333333");
    ASSERT_TRUE(number);
    EXPECT_EQ(number->size(), 60u);
    EXPECT_NE(*number, expected);
}

}  // namespace
}  // namespace toward::crypto
