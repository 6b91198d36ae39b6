// Small shared pieces: base64url, hex, token bucket, error texts.
#include <gtest/gtest.h>

#include "util/base64.hpp"
#include "util/errors.hpp"
#include "util/token_bucket.hpp"

namespace toward {
namespace {

TEST(base64url, round_trips_every_length_and_matches_rfc4648) {
    EXPECT_EQ(base64url_encode("foobar"), "Zm9vYmFy");
    EXPECT_EQ(base64url_encode("fo"), "Zm8");
    EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
    std::string bytes;
    for (int i = 0; i < 40; ++i) {
        EXPECT_EQ(base64url_decode(base64url_encode(bytes)), bytes);
        bytes.push_back(static_cast<char>(i * 37));
    }
}

TEST(base64url, rejects_characters_outside_the_alphabet_and_impossible_lengths) {
    EXPECT_FALSE(base64url_decode("Zm9v+mFy"));
    EXPECT_FALSE(base64url_decode("Zm9v="));
    EXPECT_FALSE(base64url_decode("Z"));
}

TEST(hex, encodes_lowercase) {
    EXPECT_EQ(hex_encode("\x01\xab\xff"), "01abff");
}

TEST(token_bucket, allows_a_burst_then_refills_at_its_rate) {
    token_bucket bucket(2.0, 3.0, 0);
    EXPECT_TRUE(bucket.try_take(0));
    EXPECT_TRUE(bucket.try_take(0));
    EXPECT_TRUE(bucket.try_take(0));
    EXPECT_FALSE(bucket.try_take(0));
    EXPECT_FALSE(bucket.try_take(400));  // 0.8 tokens
    EXPECT_TRUE(bucket.try_take(500));   // 1.0 token
    EXPECT_FALSE(bucket.is_full(500));
    EXPECT_TRUE(bucket.is_full(5000));
}

TEST(errors, every_status_has_a_readable_message_and_round_trips) {
    for (int value = 1; value <= static_cast<int>(errc::internal); ++value) {
        const auto code = make_error_code(static_cast<errc>(value));
        EXPECT_FALSE(code.message().empty());
        EXPECT_NE(code.message(), "unknown error");
        EXPECT_EQ(to_errc(code), static_cast<errc>(value));
    }
    EXPECT_EQ(to_errc(boost::system::error_code(5, boost::system::generic_category())),
              errc::internal);
}

}  // namespace
}  // namespace toward
