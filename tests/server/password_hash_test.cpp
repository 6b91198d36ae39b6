// scrypt password hashes: verification, salting, tamper and parameter checks.
#include <gtest/gtest.h>

#include "auth/password_hash.hpp"
#include "auth/session_token.hpp"

namespace toward::server {
namespace {

constexpr scrypt_params cheap{4, 8, 1};

TEST(password_hash, verifies_the_right_password_only) {
    const auto hash = hash_password("correct horse", cheap);
    ASSERT_TRUE(hash);
    EXPECT_TRUE(verify_password("correct horse", *hash));
    EXPECT_FALSE(verify_password("correct horsf", *hash));
    EXPECT_FALSE(verify_password("", *hash));
}

TEST(password_hash, the_same_password_hashes_differently_each_time) {
    EXPECT_NE(*hash_password("same", cheap), *hash_password("same", cheap));
}

TEST(password_hash, records_its_parameters_and_rejects_tampered_or_malformed_hashes) {
    const auto hash = *hash_password("pw", cheap);
    EXPECT_EQ(hash.rfind("scrypt$4$8$1$", 0), 0u);
    std::string tampered = hash;
    tampered[tampered.size() - 2] = tampered[tampered.size() - 2] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(verify_password("pw", tampered));
    std::string other_cost = hash;
    other_cost.replace(7, 1, "5");
    EXPECT_FALSE(verify_password("pw", other_cost));
    EXPECT_FALSE(verify_password("pw", "scrypt$4$8$1$salt"));
    EXPECT_FALSE(verify_password("pw", "bcrypt$whatever"));
    EXPECT_FALSE(verify_password("pw", "scrypt$99$8$1$AAAA$AAAA"));
}

TEST(password_hash, the_owasp_cost_works_within_openssl_memory_limits) {
    // N=2^17, r=8 needs 128 MiB: the legacy API's 32 MiB cap would fail here.
    const auto hash = hash_password("strong", {17, 8, 1});
    ASSERT_TRUE(hash);
    EXPECT_TRUE(verify_password("strong", *hash));
}

TEST(session_token, is_256_random_bits_and_hashes_to_sha256) {
    const auto a = make_session_token();
    const auto b = make_session_token();
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->size(), 43u);
    EXPECT_NE(*a, *b);
    EXPECT_EQ(hash_session_token(*a).size(), 32u);
    EXPECT_EQ(hash_session_token(*a), hash_session_token(*a));
    EXPECT_NE(hash_session_token(*a), hash_session_token(*b));
}

}  // namespace
}  // namespace toward::server
