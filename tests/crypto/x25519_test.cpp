#include "crypto/x25519.hpp"

#include <gtest/gtest.h>

#include "crypto/hex.hpp"

namespace toward::crypto {
namespace {

x25519_public_key public_key_from_hex(std::string_view hex) {
    const bytes raw = from_hex(hex).value();
    x25519_public_key key{};
    std::copy(raw.begin(), raw.end(), key.begin());
    return key;
}

constexpr std::string_view alice_private =
    "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
constexpr std::string_view alice_public =
    "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
constexpr std::string_view bob_private =
    "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
constexpr std::string_view bob_public =
    "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
constexpr std::string_view shared_secret =
    "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

TEST(x25519, public_keys_match_rfc_7748) {
    auto alice = x25519_public_from_private(from_hex(alice_private).value());
    auto bob = x25519_public_from_private(from_hex(bob_private).value());
    ASSERT_TRUE(alice && bob);
    EXPECT_EQ(to_hex(*alice), alice_public);
    EXPECT_EQ(to_hex(*bob), bob_public);
}

TEST(x25519, shared_secret_matches_rfc_7748_from_both_sides) {
    auto from_alice =
        x25519_derive(from_hex(alice_private).value(), public_key_from_hex(bob_public));
    auto from_bob = x25519_derive(from_hex(bob_private).value(), public_key_from_hex(alice_public));
    ASSERT_TRUE(from_alice && from_bob);
    EXPECT_EQ(to_hex(*from_alice), shared_secret);
    EXPECT_EQ(to_hex(*from_bob), shared_secret);
}

TEST(x25519, generated_key_pairs_agree_on_a_secret) {
    auto a = x25519_generate();
    auto b = x25519_generate();
    ASSERT_TRUE(a && b);
    EXPECT_NE(a->public_key, b->public_key);
    auto ab = x25519_derive(a->private_key, b->public_key);
    auto ba = x25519_derive(b->private_key, a->public_key);
    ASSERT_TRUE(ab && ba);
    EXPECT_EQ(*ab, *ba);
}

TEST(x25519, zero_peer_key_is_refused) {
    auto own = x25519_generate();
    ASSERT_TRUE(own);
    const x25519_public_key zero{};
    EXPECT_EQ(x25519_derive(own->private_key, zero).error(), crypto_errc::invalid_peer_key);
}

TEST(x25519, small_order_peer_keys_are_refused) {
    auto own = x25519_generate();
    ASSERT_TRUE(own);
    // u = 1 (order 1) and a point of order 8, from the list of small-order points.
    for (std::string_view point :
         {"0100000000000000000000000000000000000000000000000000000000000000",
          "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"}) {
        EXPECT_EQ(x25519_derive(own->private_key, public_key_from_hex(point)).error(),
                  crypto_errc::invalid_peer_key)
            << point;
    }
}

TEST(x25519, private_keys_of_the_wrong_size_are_refused) {
    const bytes short_key(31, 0x42);
    EXPECT_EQ(x25519_public_from_private(short_key).error(), crypto_errc::invalid_length);
    EXPECT_EQ(x25519_derive(short_key, public_key_from_hex(bob_public)).error(),
              crypto_errc::invalid_length);
}

}  // namespace
}  // namespace toward::crypto
