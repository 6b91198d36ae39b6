#include "crypto/hash.hpp"

#include <gtest/gtest.h>

#include "crypto/hex.hpp"

namespace toward::crypto {
namespace {

TEST(hash, sha256_matches_the_fips_180_abc_vector) {
    auto digest = sha256(as_bytes("abc"));
    ASSERT_TRUE(digest);
    EXPECT_EQ(to_hex(*digest), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(hash, sha512_matches_the_fips_180_abc_vector) {
    auto digest = sha512(as_bytes("abc"));
    ASSERT_TRUE(digest);
    EXPECT_EQ(to_hex(*digest),
              "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
              "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
}

TEST(hash, hmac_sha256_matches_rfc_4231_test_case_2) {
    auto tag = hmac_sha256(as_bytes("Jefe"), as_bytes("what do ya want for nothing?"));
    ASSERT_TRUE(tag);
    EXPECT_EQ(to_hex(*tag), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(hash, hmac_sha256_accepts_an_empty_key_and_message) {
    auto tag = hmac_sha256({}, {});
    ASSERT_TRUE(tag);
    EXPECT_EQ(to_hex(*tag), "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST(hash, constant_time_equal_compares_length_and_contents) {
    const bytes a = {1, 2, 3};
    const bytes b = {1, 2, 3};
    const bytes c = {1, 2, 4};
    const bytes shorter = {1, 2};
    EXPECT_TRUE(constant_time_equal(a, b));
    EXPECT_FALSE(constant_time_equal(a, c));
    EXPECT_FALSE(constant_time_equal(a, shorter));
    EXPECT_TRUE(constant_time_equal(bytes{}, bytes{}));
}

}  // namespace
}  // namespace toward::crypto
