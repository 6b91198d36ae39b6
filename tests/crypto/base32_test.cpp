#include "crypto/base32.hpp"

#include <gtest/gtest.h>

namespace toward::crypto {
namespace {

std::string text_of(const secret_bytes& data) {
    return std::string(data.begin(), data.end());
}

TEST(base32, encodes_rfc_4648_vectors_in_lowercase_without_padding) {
    EXPECT_EQ(base32_encode(as_bytes("")), "");
    EXPECT_EQ(base32_encode(as_bytes("f")), "my");
    EXPECT_EQ(base32_encode(as_bytes("fo")), "mzxq");
    EXPECT_EQ(base32_encode(as_bytes("foo")), "mzxw6");
    EXPECT_EQ(base32_encode(as_bytes("foob")), "mzxw6yq");
    EXPECT_EQ(base32_encode(as_bytes("fooba")), "mzxw6ytb");
    EXPECT_EQ(base32_encode(as_bytes("foobar")), "mzxw6ytboi");
}

TEST(base32, decodes_what_it_encodes_in_either_case) {
    EXPECT_EQ(text_of(base32_decode("mzxw6ytboi").value()), "foobar");
    EXPECT_EQ(text_of(base32_decode("MZXW6YTBOI").value()), "foobar");
    EXPECT_EQ(text_of(base32_decode("my").value()), "f");
    EXPECT_TRUE(base32_decode("").value().empty());
}

TEST(base32, rejects_padding_foreign_characters_and_impossible_lengths) {
    EXPECT_FALSE(base32_decode("my======"));
    EXPECT_FALSE(base32_decode("mz1w6"));
    EXPECT_FALSE(base32_decode("mzxw6-"));
    EXPECT_FALSE(base32_decode("m"));
    EXPECT_FALSE(base32_decode("mzx"));
    EXPECT_FALSE(base32_decode("mzxw6y"));
}

TEST(base32, rejects_nonzero_unused_trailing_bits) {
    // "mz" carries 'f' plus two unused bits that are not zero.
    EXPECT_FALSE(base32_decode("mz"));
}

}  // namespace
}  // namespace toward::crypto
