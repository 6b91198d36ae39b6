// Message encryption between two local stores, without a server: sessions
// started by both partners at once, tampered metadata, replays.
#include <gtest/gtest.h>

#include "e2e.hpp"
#include "key_bundle_codec.hpp"
#include "local_store.hpp"
#include "temp_dir.hpp"

namespace toward::testing {
namespace {

// One partner: a store in a temporary home and its keys.
struct party {
    temp_dir dir;
    std::unique_ptr<app::local_store> store;
    app::own_keys keys;
    crypto::public_bundle bundle;

    party() {
        store = std::move(*app::local_store::open(dir.path()));
        auto identity = crypto::generate_identity_keys();
        auto prekey = crypto::generate_signed_prekey(*identity);
        keys = app::own_keys{std::move(*identity), std::move(*prekey)};
        bundle = crypto::make_public_bundle(keys.identity, keys.prekey);
    }
};

std::uint64_t next_seq = 1;

// What the server would relay for a message from `from` to `to`.
v1::Envelope seal(party& from, const party& to, const std::string& text,
                  v1::MessageKind kind = v1::KIND_CHAT) {
    app::message_meta meta;
    meta.client_message_id = "id-" + std::to_string(next_seq);
    meta.kind = kind;
    if (kind == v1::KIND_BID) meta.bid_category = v1::BID_HUMOR;
    auto sealed = app::seal_message(*from.store, from.keys, to.bundle, meta, text);
    EXPECT_TRUE(sealed) << sealed.error().message;
    v1::Envelope envelope;
    envelope.set_seq(next_seq++);
    envelope.set_client_message_id(meta.client_message_id);
    envelope.set_kind(kind);
    envelope.set_bid_category(meta.bid_category);
    envelope.set_ratchet_header(sealed->ratchet_header);
    envelope.set_ciphertext(sealed->ciphertext);
    return envelope;
}

std::string open(party& at, const party& from, const v1::Envelope& envelope) {
    auto text = app::open_message(*at.store, at.keys, from.bundle, envelope);
    return text ? *text : "<" + text.error().message + ">";
}

TEST(e2e, a_conversation_decrypts_in_both_directions) {
    party alice, bob;
    EXPECT_EQ(open(bob, alice, seal(alice, bob, "one")), "one");
    EXPECT_EQ(open(alice, bob, seal(bob, alice, "two")), "two");
    auto three = seal(alice, bob, "three");
    auto four = seal(alice, bob, "four");
    EXPECT_EQ(open(bob, alice, four), "four");  // out of order
    EXPECT_EQ(open(bob, alice, three), "three");
}

TEST(e2e, sessions_started_by_both_at_once_settle_on_one) {
    party alice, bob;
    auto from_alice = seal(alice, bob, "alice first");
    auto from_bob = seal(bob, alice, "bob first");
    EXPECT_EQ(open(bob, alice, from_alice), "alice first");
    EXPECT_EQ(open(alice, bob, from_bob), "bob first");
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(open(bob, alice, seal(alice, bob, "a" + std::to_string(i))),
                  "a" + std::to_string(i));
        EXPECT_EQ(open(alice, bob, seal(bob, alice, "b" + std::to_string(i))),
                  "b" + std::to_string(i));
    }
    EXPECT_LE(alice.store->sessions()->size(), 2u);
}

TEST(e2e, a_swapped_message_id_or_a_replay_does_not_decrypt_but_a_retag_does) {
    party alice, bob;
    auto bid = seal(alice, bob, "fancy a walk?", v1::KIND_BID);
    auto renamed = bid;
    renamed.set_client_message_id("another id");
    EXPECT_EQ(open(bob, alice, renamed).front(), '<');
    auto untagged = bid;  // the server drops tags while tracking is off
    untagged.set_kind(v1::KIND_CHAT);
    untagged.set_bid_category(v1::BID_UNSPECIFIED);
    EXPECT_EQ(open(bob, alice, untagged), "fancy a walk?");
    EXPECT_EQ(open(bob, alice, bid).front(), '<');  // the same message again

    party mallory;
    auto forged = seal(mallory, bob, "it's me, alice");
    EXPECT_EQ(open(bob, alice, forged).front(), '<');
}

TEST(local_store, history_keeps_the_pairs_order_with_pending_messages_last) {
    temp_dir dir;
    auto store = std::move(*app::local_store::open(dir.path()));
    auto add = [&](std::optional<std::uint64_t> seq, const std::string& text) {
        app::history_entry entry;
        entry.seq = seq;
        entry.text = text;
        entry.status = seq ? app::message_status::received : app::message_status::pending;
        return *store->add_message(entry);
    };
    add(std::nullopt, "pending");
    add(5, "five");
    const auto two = add(2, "two");
    auto texts = [&](std::size_t limit) {
        std::vector<std::string> out;
        for (const auto& entry : *store->history(limit)) out.push_back(entry.text);
        return out;
    };
    EXPECT_EQ(texts(0), (std::vector<std::string>{"two", "five", "pending"}));
    EXPECT_EQ(texts(2), (std::vector<std::string>{"five", "pending"}));
    EXPECT_TRUE(*store->has_message(0, 2, ""));
    EXPECT_FALSE(*store->has_message(1, 2, ""));
    EXPECT_FALSE(*store->has_message(0, 3, ""));
    // Another message under a stored seq is an error, never "already seen".
    EXPECT_FALSE(store->has_message(0, 2, "another message"));
    ASSERT_TRUE(store->set_status(two, app::message_status::undecryptable));
    EXPECT_EQ(store->history(0)->front().status, app::message_status::undecryptable);
}

// A server that handed a pair id out again (before schema 6) must not make
// the new pair's messages collide with the old pair's history.
TEST(local_store, a_new_pairing_under_a_known_pair_id_keeps_the_old_history_apart) {
    temp_dir dir;
    auto store = std::move(*app::local_store::open(dir.path()));
    app::partner_record partner;
    partner.user_name = "alice";
    partner.pair_id = 7;
    ASSERT_TRUE(store->save_partner(partner));
    app::history_entry old;
    old.pair_id = 7;
    old.seq = 1;
    old.text = "from the earlier pair";
    old.client_message_id = "old-1";
    old.status = app::message_status::received;
    ASSERT_TRUE(store->add_message(old));
    ASSERT_TRUE(store->save_partner(partner));  // the same pairing: nothing moves
    EXPECT_TRUE(*store->has_message(7, 1, "old-1"));

    ASSERT_TRUE(store->forget_partner());
    ASSERT_TRUE(store->save_partner(partner));  // a new pairing, the same id
    EXPECT_FALSE(*store->has_message(7, 1, "new-1"));
    auto fresh = old;
    fresh.text = "from the new pair";
    fresh.client_message_id = "new-1";
    ASSERT_TRUE(store->add_message(fresh));
    std::vector<std::string> texts;
    for (const auto& entry : *store->history(0)) texts.push_back(entry.text);
    EXPECT_EQ(texts, (std::vector<std::string>{"from the earlier pair", "from the new pair"}));
}

}  // namespace
}  // namespace toward::testing
