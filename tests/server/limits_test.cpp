// Shared limits: attempts per key and connections per address.
#include <gtest/gtest.h>

#include "limits.hpp"

namespace toward::server {
namespace {

TEST(attempt_limiter, allows_the_budget_per_key_then_refills_over_a_minute) {
    attempt_limiter limiter(3);
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.try_attempt("alice", 0));
    EXPECT_FALSE(limiter.try_attempt("alice", 0));
    EXPECT_TRUE(limiter.try_attempt("bob", 0));  // other keys are untouched
    EXPECT_FALSE(limiter.try_attempt("alice", 19'000));
    EXPECT_TRUE(limiter.try_attempt("alice", 20'000));  // 3 per 60 s: one back after 20 s
}

TEST(connection_registry, counts_per_address_and_frees_on_close) {
    connection_registry registry(2);
    EXPECT_TRUE(registry.try_open("10.0.0.1"));
    EXPECT_TRUE(registry.try_open("10.0.0.1"));
    EXPECT_FALSE(registry.try_open("10.0.0.1"));
    EXPECT_TRUE(registry.try_open("10.0.0.2"));
    registry.close("10.0.0.1");
    EXPECT_TRUE(registry.try_open("10.0.0.1"));
}

}  // namespace
}  // namespace toward::server
