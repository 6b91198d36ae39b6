#include "crypto/double_ratchet.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "crypto_conversation.hpp"

namespace toward::crypto {
namespace {

using testing::conversation;
using testing::start_conversation;

bytes text(std::string_view s) {
    return bytes(s.begin(), s.end());
}

std::string decrypt_text(ratchet_session& session, const encrypted_message& message) {
    auto plaintext = session.decrypt(message);
    EXPECT_TRUE(plaintext) << plaintext.error().message();
    return plaintext ? std::string(plaintext->begin(), plaintext->end()) : std::string();
}

// Decrypting `message` fails with `expected` and leaves the serialized state as it was.
void expect_rejected_without_change(ratchet_session& session, const encrypted_message& message,
                                    crypto_errc expected, byte_view extra = {}) {
    const secret_bytes before = session.serialize();
    auto result = session.decrypt(message, extra);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error(), expected) << result.error().message();
    EXPECT_EQ(session.serialize(), before);
}

TEST(double_ratchet, alice_and_bob_exchange_many_messages_in_both_directions) {
    auto c = start_conversation();
    for (int round = 0; round < 30; ++round) {
        for (int i = 0; i <= round % 4; ++i) {
            const std::string body = "alice " + std::to_string(round) + "." + std::to_string(i);
            auto message = c.alice.encrypt(text(body));
            ASSERT_TRUE(message);
            EXPECT_EQ(decrypt_text(c.bob, *message), body);
        }
        for (int i = 0; i <= round % 3; ++i) {
            const std::string body = "bob " + std::to_string(round) + "." + std::to_string(i);
            auto message = c.bob.encrypt(text(body));
            ASSERT_TRUE(message);
            EXPECT_EQ(decrypt_text(c.alice, *message), body);
        }
    }
    EXPECT_EQ(c.alice.skipped_key_count(), 0u);
    EXPECT_EQ(c.bob.skipped_key_count(), 0u);
}

TEST(double_ratchet, responder_cannot_send_before_it_has_received) {
    auto c = start_conversation();
    EXPECT_FALSE(c.bob.can_send());
    const secret_bytes before = c.bob.serialize();
    EXPECT_EQ(c.bob.encrypt(text("too early")).error(), crypto_errc::no_sending_chain);
    EXPECT_EQ(c.bob.serialize(), before);

    auto first = c.alice.encrypt(text("hi"));
    ASSERT_TRUE(first);
    EXPECT_EQ(decrypt_text(c.bob, *first), "hi");
    EXPECT_TRUE(c.bob.can_send());
}

TEST(double_ratchet, initiator_attaches_the_x3dh_prefix_until_it_gets_a_reply) {
    auto c = start_conversation();
    auto first = c.alice.encrypt(text("one"));
    auto second = c.alice.encrypt(text("two"));
    ASSERT_TRUE(first && second);
    EXPECT_TRUE(first->initial);
    EXPECT_TRUE(second->initial);
    EXPECT_EQ(decrypt_text(c.bob, *second), "two");

    auto reply = c.bob.encrypt(text("hello"));
    ASSERT_TRUE(reply);
    EXPECT_FALSE(reply->initial);
    EXPECT_EQ(decrypt_text(c.alice, *reply), "hello");
    EXPECT_FALSE(c.alice.pending_initial());

    auto third = c.alice.encrypt(text("three"));
    ASSERT_TRUE(third);
    EXPECT_FALSE(third->initial);
    EXPECT_EQ(decrypt_text(c.bob, *third), "three");
    EXPECT_EQ(decrypt_text(c.bob, *first), "one");
}

TEST(double_ratchet, encrypt_advances_the_state_and_never_repeats_a_ciphertext) {
    auto c = start_conversation();
    const secret_bytes before = c.alice.serialize();
    auto first = c.alice.encrypt(text("same"));
    ASSERT_TRUE(first);
    EXPECT_NE(c.alice.serialize(), before);
    auto second = c.alice.encrypt(text("same"));
    ASSERT_TRUE(second);
    EXPECT_NE(first->ciphertext, second->ciphertext);
    EXPECT_EQ(second->header.message_number, first->header.message_number + 1);
}

TEST(double_ratchet, out_of_order_messages_decrypt_within_and_across_ratchet_steps) {
    auto c = start_conversation();
    std::vector<encrypted_message> from_alice;
    for (int i = 0; i < 5; ++i)
        from_alice.push_back(c.alice.encrypt(text("a" + std::to_string(i))).value());
    EXPECT_EQ(decrypt_text(c.bob, from_alice[3]), "a3");
    EXPECT_EQ(decrypt_text(c.bob, from_alice[0]), "a0");
    EXPECT_EQ(decrypt_text(c.bob, from_alice[4]), "a4");

    auto reply = c.bob.encrypt(text("b0")).value();
    EXPECT_EQ(decrypt_text(c.alice, reply), "b0");
    auto next_chain = c.alice.encrypt(text("a-next")).value();
    // Bob gets Alice's new chain before the rest of her old one.
    EXPECT_EQ(decrypt_text(c.bob, next_chain), "a-next");
    EXPECT_EQ(decrypt_text(c.bob, from_alice[2]), "a2");
    EXPECT_EQ(decrypt_text(c.bob, from_alice[1]), "a1");
    EXPECT_EQ(c.bob.skipped_key_count(), 0u);
}

TEST(double_ratchet, lost_messages_do_not_block_later_ones) {
    auto c = start_conversation();
    for (int round = 0; round < 5; ++round) {
        auto lost = c.alice.encrypt(text("lost")).value();
        auto kept = c.alice.encrypt(text("kept " + std::to_string(round))).value();
        EXPECT_EQ(decrypt_text(c.bob, kept), "kept " + std::to_string(round));
        auto lost_reply = c.bob.encrypt(text("lost reply")).value();
        auto reply = c.bob.encrypt(text("reply " + std::to_string(round))).value();
        EXPECT_EQ(decrypt_text(c.alice, reply), "reply " + std::to_string(round));
    }
    EXPECT_EQ(c.bob.skipped_key_count(), 5u);
    EXPECT_EQ(c.alice.skipped_key_count(), 5u);
}

TEST(double_ratchet, duplicated_message_is_rejected_and_changes_no_state) {
    auto c = start_conversation();
    auto first = c.alice.encrypt(text("once")).value();
    auto second = c.alice.encrypt(text("twice?")).value();
    EXPECT_EQ(decrypt_text(c.bob, first), "once");
    EXPECT_EQ(decrypt_text(c.bob, second), "twice?");
    expect_rejected_without_change(c.bob, second, crypto_errc::duplicate_message);
    expect_rejected_without_change(c.bob, first, crypto_errc::duplicate_message);
}

TEST(double_ratchet, duplicate_of_an_out_of_order_message_is_rejected) {
    auto c = start_conversation();
    auto early = c.alice.encrypt(text("early")).value();
    auto late = c.alice.encrypt(text("late")).value();
    EXPECT_EQ(decrypt_text(c.bob, late), "late");
    EXPECT_EQ(decrypt_text(c.bob, early), "early");
    expect_rejected_without_change(c.bob, early, crypto_errc::duplicate_message);
}

TEST(double_ratchet, skipping_exactly_max_skip_messages_is_allowed) {
    auto c = start_conversation();
    encrypted_message last;
    for (std::uint32_t i = 0; i <= max_skip; ++i) last = c.alice.encrypt(text("m")).value();
    EXPECT_EQ(last.header.message_number, max_skip);
    EXPECT_EQ(decrypt_text(c.bob, last), "m");
    EXPECT_EQ(c.bob.skipped_key_count(), max_skip);
}

TEST(double_ratchet, skipping_more_than_max_skip_messages_is_refused) {
    auto c = start_conversation();
    encrypted_message first = c.alice.encrypt(text("first")).value();
    encrypted_message beyond;
    for (std::uint32_t i = 0; i <= max_skip; ++i) beyond = c.alice.encrypt(text("far")).value();
    EXPECT_EQ(beyond.header.message_number, max_skip + 1);
    expect_rejected_without_change(c.bob, beyond, crypto_errc::too_many_skipped);
    // The session still works for messages within reach.
    EXPECT_EQ(decrypt_text(c.bob, first), "first");
}

TEST(double_ratchet, previous_chain_length_beyond_max_skip_is_refused) {
    auto c = start_conversation();
    EXPECT_EQ(decrypt_text(c.bob, c.alice.encrypt(text("hi")).value()), "hi");
    EXPECT_EQ(decrypt_text(c.alice, c.bob.encrypt(text("r0")).value()), "r0");
    for (std::uint32_t i = 0; i < max_skip + 1; ++i) ASSERT_TRUE(c.bob.encrypt(text("lost")));
    EXPECT_EQ(decrypt_text(c.bob, c.alice.encrypt(text("new chain")).value()), "new chain");
    // Bob's next chain announces pn = max_skip + 2 while Alice has received one message
    // of his previous chain: she would have to skip max_skip + 1 keys.
    auto after_ratchet = c.bob.encrypt(text("after")).value();
    EXPECT_EQ(after_ratchet.header.previous_chain_length, max_skip + 2);
    expect_rejected_without_change(c.alice, after_ratchet, crypto_errc::too_many_skipped);
}

TEST(double_ratchet, total_skipped_keys_are_capped_by_evicting_the_oldest) {
    auto c = start_conversation();
    EXPECT_EQ(decrypt_text(c.bob, c.alice.encrypt(text("start")).value()), "start");
    encrypted_message oldest_lost;
    for (int step = 0; step < 3; ++step) {
        encrypted_message last;
        for (std::uint32_t i = 0; i <= max_skip; ++i) {
            last = c.bob.encrypt(text("m")).value();
            if (step == 0 && i == 0) oldest_lost = last;
        }
        EXPECT_EQ(decrypt_text(c.alice, last), "m");
        EXPECT_LE(c.alice.skipped_key_count(), max_skipped_keys);
        EXPECT_EQ(decrypt_text(c.bob, c.alice.encrypt(text("ack")).value()), "ack");
    }
    EXPECT_EQ(c.alice.skipped_key_count(), max_skipped_keys);
    // The first chain's keys were evicted: its messages no longer decrypt.
    const secret_bytes before = c.alice.serialize();
    EXPECT_FALSE(c.alice.decrypt(oldest_lost));
    EXPECT_EQ(c.alice.serialize(), before);
}

TEST(double_ratchet, tampered_header_is_rejected_and_changes_no_state) {
    auto c = start_conversation();
    EXPECT_EQ(decrypt_text(c.bob, c.alice.encrypt(text("hi")).value()), "hi");
    const auto message = c.alice.encrypt(text("secret")).value();

    auto other_number = message;
    other_number.header.message_number += 1;
    expect_rejected_without_change(c.bob, other_number, crypto_errc::authentication_failed);
    auto other_pn = message;
    other_pn.header.previous_chain_length += 1;
    expect_rejected_without_change(c.bob, other_pn, crypto_errc::authentication_failed);
    auto other_key = message;
    other_key.header.ratchet_key = x25519_generate().value().public_key;
    expect_rejected_without_change(c.bob, other_key, crypto_errc::authentication_failed);

    EXPECT_EQ(decrypt_text(c.bob, message), "secret");
}

TEST(double_ratchet, tampered_ciphertext_changes_no_state) {
    auto c = start_conversation();
    const auto message = c.alice.encrypt(text("secret")).value();
    for (std::size_t i : {std::size_t{0}, message.ciphertext.size() - 1}) {
        auto tampered = message;
        tampered.ciphertext[i] ^= 0x01;
        expect_rejected_without_change(c.bob, tampered, crypto_errc::authentication_failed);
    }
    auto truncated = message;
    truncated.ciphertext.resize(5);
    expect_rejected_without_change(c.bob, truncated, crypto_errc::authentication_failed);
    EXPECT_EQ(decrypt_text(c.bob, message), "secret");
}

TEST(double_ratchet, tampered_associated_data_changes_no_state) {
    auto c = start_conversation();
    const bytes message_id = text("msg-0001");
    const auto message = c.alice.encrypt(text("bound"), message_id).value();
    expect_rejected_without_change(c.bob, message, crypto_errc::authentication_failed,
                                   text("msg-0002"));
    expect_rejected_without_change(c.bob, message, crypto_errc::authentication_failed);
    auto plaintext = c.bob.decrypt(message, message_id);
    ASSERT_TRUE(plaintext);
    EXPECT_EQ(*plaintext, text("bound"));
}

TEST(double_ratchet, session_with_different_associated_data_cannot_decrypt) {
    auto c = start_conversation();
    const auto message = c.alice.encrypt(text("hi")).value();
    // Bob's session parsed back with one bit of its AD (an identity key) flipped.
    secret_bytes state = c.bob.serialize();
    const std::size_t ad_offset = 2 + 3 * 32 + 3 * 4 + 4;  // no remote key or chains yet
    state[ad_offset] ^= 0x01;
    auto wrong_ad = ratchet_session::parse(state);
    ASSERT_TRUE(wrong_ad);
    expect_rejected_without_change(*wrong_ad, message, crypto_errc::authentication_failed);
}

TEST(double_ratchet, serialized_state_parses_back_and_the_conversation_continues) {
    auto c = start_conversation();
    std::vector<encrypted_message> delayed;
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(decrypt_text(c.bob, c.alice.encrypt(text("a")).value()), "a");
        delayed.push_back(c.bob.encrypt(text("delayed " + std::to_string(i))).value());
        EXPECT_EQ(decrypt_text(c.alice, c.bob.encrypt(text("b")).value()), "b");
    }
    ASSERT_EQ(c.alice.skipped_key_count(), 3u);

    for (ratchet_session* session : {&c.alice, &c.bob}) {
        const secret_bytes state = session->serialize();
        auto restored = ratchet_session::parse(state);
        ASSERT_TRUE(restored) << restored.error().message();
        EXPECT_EQ(restored->serialize(), state);
        *session = std::move(*restored);
    }
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(decrypt_text(c.alice, delayed[i]), "delayed " + std::to_string(i));
    }
    EXPECT_EQ(decrypt_text(c.bob, c.alice.encrypt(text("after restore")).value()), "after restore");
    EXPECT_EQ(decrypt_text(c.alice, c.bob.encrypt(text("and back")).value()), "and back");
}

TEST(double_ratchet, fresh_sessions_with_pending_prefix_survive_serialization) {
    auto c = start_conversation();
    auto restored = ratchet_session::parse(c.alice.serialize());
    ASSERT_TRUE(restored);
    ASSERT_TRUE(restored->pending_initial());
    auto message = restored->encrypt(text("from restored alice")).value();
    EXPECT_TRUE(message.initial);
    auto restored_bob = ratchet_session::parse(c.bob.serialize());
    ASSERT_TRUE(restored_bob);
    EXPECT_EQ(decrypt_text(*restored_bob, message), "from restored alice");
}

TEST(double_ratchet, parse_rejects_truncated_extended_or_garbled_state) {
    auto c = start_conversation();
    EXPECT_EQ(decrypt_text(c.bob, c.alice.encrypt(text("x")).value()), "x");
    (void)c.alice.encrypt(text("skipped"));
    EXPECT_EQ(decrypt_text(c.bob, c.alice.encrypt(text("y")).value()), "y");
    const secret_bytes state = c.bob.serialize();

    for (std::size_t length = 0; length < state.size(); ++length) {
        EXPECT_FALSE(ratchet_session::parse(byte_view(state).first(length))) << length;
    }
    secret_bytes extended = state;
    extended.push_back(0);
    EXPECT_EQ(ratchet_session::parse(extended).error(), crypto_errc::malformed_state);
    secret_bytes other_version = state;
    other_version[0] = 2;
    EXPECT_EQ(ratchet_session::parse(other_version).error(), crypto_errc::unsupported_version);
    secret_bytes unknown_flag = state;
    unknown_flag[1] |= 0x80;
    EXPECT_EQ(ratchet_session::parse(unknown_flag).error(), crypto_errc::malformed_state);
    secret_bytes wrong_public = state;
    wrong_public[2 + 32 + 32] ^= 0x01;
    EXPECT_EQ(ratchet_session::parse(wrong_public).error(), crypto_errc::malformed_state);
    const bytes garbage(state.size(), 0x5a);
    EXPECT_FALSE(ratchet_session::parse(garbage));
}

TEST(double_ratchet, messages_travel_packed_and_the_responder_starts_from_the_prefix) {
    const auto alice_identity = generate_identity_keys().value();
    const auto alice_prekey = generate_signed_prekey(alice_identity).value();
    const auto bob_identity = generate_identity_keys().value();
    const auto bob_prekey = generate_signed_prekey(bob_identity).value();
    const auto alice_bundle =
        parse_bundle(serialize_bundle(make_public_bundle(alice_identity, alice_prekey))).value();
    const auto bob_bundle =
        parse_bundle(serialize_bundle(make_public_bundle(bob_identity, bob_prekey))).value();

    auto initiation = x3dh_initiate(alice_identity, bob_bundle).value();
    auto alice =
        ratchet_session::initiate(initiation.keys, bob_bundle.signed_prekey, initiation.initial)
            .value();
    const bytes wire = pack_message(alice.encrypt(text("hello bob")).value());

    // Bob has nothing but the packed bytes and his own keys.
    const auto received = unpack_message(wire).value();
    ASSERT_TRUE(received.initial);
    auto keys = x3dh_respond(bob_identity, bob_prekey, alice_bundle, *received.initial).value();
    auto bob = ratchet_session::respond(keys, bob_prekey.key).value();
    EXPECT_EQ(decrypt_text(bob, received), "hello bob");

    const auto reply =
        unpack_message(pack_message(bob.encrypt(text("hello alice")).value())).value();
    EXPECT_EQ(decrypt_text(alice, reply), "hello alice");
}

TEST(double_ratchet, both_sides_name_the_session_by_the_initiators_ephemeral_key) {
    auto c = start_conversation();
    EXPECT_EQ(c.alice.base_key(), c.bob.base_key());
    auto first = c.alice.encrypt(text("hi")).value();
    ASSERT_TRUE(first.initial);
    EXPECT_EQ(first.initial->ephemeral_key, c.bob.base_key());
    EXPECT_EQ(ratchet_session::parse(c.bob.serialize()).value().base_key(), c.bob.base_key());
}

TEST(double_ratchet, sessions_refuse_bad_shared_keys) {
    const auto prekey = x25519_generate().value();
    x3dh_keys keys{secret_bytes(31, 1), bytes(64, 2), {}};
    EXPECT_EQ(ratchet_session::respond(keys, prekey).error(), crypto_errc::invalid_length);
    keys = x3dh_keys{secret_bytes(32, 1), bytes{}, {}};
    EXPECT_EQ(ratchet_session::initiate(keys, prekey.public_key, std::nullopt).error(),
              crypto_errc::invalid_length);
    keys = x3dh_keys{secret_bytes(32, 1), bytes(64, 2), {}};
    EXPECT_EQ(ratchet_session::initiate(keys, x25519_public_key{}, std::nullopt).error(),
              crypto_errc::invalid_peer_key);
}

}  // namespace
}  // namespace toward::crypto
