// Shared limits: attempts per key and connections per address.
#include <gtest/gtest.h>

#include <future>
#include <string>

#include "auth/hashing_queue.hpp"
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

TEST(attempt_limiter, holds_a_bounded_number_of_short_keys) {
    attempt_limiter limiter(2, 3);
    // A key longer than any name or address is refused, never stored.
    EXPECT_FALSE(limiter.try_attempt(std::string(64 * 1024, 'n'), 0));
    EXPECT_EQ(limiter.keys(), 0u);
    for (const char* key : {"a", "b", "c"}) EXPECT_TRUE(limiter.try_attempt(key, 0));
    // Full of keys still in use: a new one is refused, the old ones go on.
    EXPECT_FALSE(limiter.try_attempt("d", 0));
    EXPECT_TRUE(limiter.try_attempt("a", 0));
    EXPECT_EQ(limiter.keys(), 3u);
    // Once their buckets are full again they are forgotten, making room.
    EXPECT_TRUE(limiter.try_attempt("d", 120'000));
    EXPECT_LE(limiter.keys(), 3u);
}

TEST(hashing_queue, bounds_its_places_in_all_and_per_address) {
    hashing_queue queue(1, 3, 2);
    auto a1 = queue.reserve("10.0.0.1");
    auto a2 = queue.reserve("10.0.0.1");
    ASSERT_TRUE(a1 && a2);
    EXPECT_FALSE(queue.reserve("10.0.0.1"));  // that address's share is taken
    auto b1 = queue.reserve("10.0.0.2");
    ASSERT_TRUE(b1);
    EXPECT_FALSE(queue.reserve("10.0.0.3"));  // the queue is full
    EXPECT_EQ(queue.in_use(), 3u);
    a1.reset();
    EXPECT_TRUE(queue.reserve("10.0.0.3"));  // a place given back is free again
    EXPECT_EQ(queue.in_use(), 2u);           // ...and the temporary above gave it back too
    queue.stop();
    queue.join();
}

TEST(hashing_queue, a_place_lives_until_its_job_has_run) {
    hashing_queue queue(1, 1, 1);
    std::promise<void> ran;
    {
        auto place = queue.reserve("10.0.0.1");
        ASSERT_TRUE(place);
        queue.run([place, &ran] { ran.set_value(); });
    }
    ran.get_future().wait();
    queue.stop();
    queue.join();  // the job and the place it held are gone
    EXPECT_EQ(queue.in_use(), 0u);
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
