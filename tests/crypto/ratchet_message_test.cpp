#include "crypto/ratchet_message.hpp"

#include <gtest/gtest.h>

#include "crypto/hex.hpp"

namespace toward::crypto {
namespace {

message_header sample_header() {
    message_header header;
    for (std::size_t i = 0; i < header.ratchet_key.size(); ++i) {
        header.ratchet_key[i] = static_cast<std::uint8_t>(i);
    }
    header.previous_chain_length = 0x01020304;
    header.message_number = 0xa0b0c0d0;
    return header;
}

TEST(ratchet_message, header_is_key_then_big_endian_counters) {
    const bytes encoded = serialize_header(sample_header());
    ASSERT_EQ(encoded.size(), message_header_size);
    EXPECT_EQ(to_hex(byte_view(encoded).last(8)), "01020304a0b0c0d0");
    auto parsed = parse_header(encoded);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->ratchet_key, sample_header().ratchet_key);
    EXPECT_EQ(parsed->previous_chain_length, 0x01020304u);
    EXPECT_EQ(parsed->message_number, 0xa0b0c0d0u);
    EXPECT_EQ(parse_header(byte_view(encoded).first(39)).error(), crypto_errc::malformed_message);
}

TEST(ratchet_message, packed_message_round_trips_with_and_without_initial) {
    encrypted_message message{std::nullopt, sample_header(), bytes(20, 0xab)};
    auto plain = unpack_message(pack_message(message));
    ASSERT_TRUE(plain);
    EXPECT_FALSE(plain->initial);
    EXPECT_EQ(plain->ciphertext, message.ciphertext);
    EXPECT_EQ(plain->header.message_number, message.header.message_number);

    initial_message initial;
    initial.ephemeral_key[0] = 7;
    message.initial = initial;
    const bytes packed = pack_message(message);
    EXPECT_EQ(packed.size(), 2 + initial_message_size + message_header_size + 20);
    auto with_initial = unpack_message(packed);
    ASSERT_TRUE(with_initial);
    ASSERT_TRUE(with_initial->initial);
    EXPECT_EQ(with_initial->initial->ephemeral_key[0], 7);
    EXPECT_EQ(with_initial->ciphertext, message.ciphertext);
}

TEST(ratchet_message, garbled_packed_messages_are_rejected) {
    const bytes packed = pack_message({std::nullopt, sample_header(), bytes(16, 0)});
    EXPECT_EQ(unpack_message(bytes{}).error(), crypto_errc::malformed_message);
    EXPECT_EQ(unpack_message(byte_view(packed).first(packed.size() - 1)).error(),
              crypto_errc::malformed_message);
    bytes bad_flag = packed;
    bad_flag[1] = 2;
    EXPECT_EQ(unpack_message(bad_flag).error(), crypto_errc::malformed_message);
    bytes bad_version = packed;
    bad_version[0] = 9;
    EXPECT_EQ(unpack_message(bad_version).error(), crypto_errc::unsupported_version);
    bytes claims_initial = packed;
    claims_initial[1] = 1;  // then too short for the initial prefix and a tag
    EXPECT_EQ(unpack_message(claims_initial).error(), crypto_errc::malformed_message);
}

}  // namespace
}  // namespace toward::crypto
