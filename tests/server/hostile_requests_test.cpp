// What a paired account can send that must change nothing: tags outside the
// enums, seqs past INT64_MAX, its own invite; and a fetch of large messages
// that must fit its own connection (issue 13, items 3 and 14-16).
#include <gtest/gtest.h>

#include "protocol.hpp"
#include "test_server.hpp"

namespace toward::testing {
namespace {

v1::ClientFrame tagged_send(const std::string& id, int kind, int category, int turn) {
    auto frame = send_frame(id, "ciphertext");
    frame.mutable_send()->set_kind(static_cast<v1::MessageKind>(kind));
    frame.mutable_send()->set_bid_category(static_cast<v1::BidCategory>(category));
    if (turn != 0) {
        frame.mutable_send()->mutable_response()->set_bid_seq(1);
        frame.mutable_send()->mutable_response()->set_turn(static_cast<v1::Turn>(turn));
    }
    return frame;
}

TEST(hostile_requests, tags_outside_the_enums_are_refused_and_nothing_is_stored) {
    test_server srv;
    auto c = make_couple(srv);
    enable_tracking(*c.alice, *c.bob);
    send_message(*c.bob, "b1", "a bid to answer");
    struct tags {
        int kind, category, turn;
    };
    for (const auto [kind, category, turn] : {tags{99, 0, 0}, tags{-3, 0, 0}, tags{2, 77, 0},
                                              tags{2, -1, 0}, tags{3, 0, 42}, tags{3, 0, -2}}) {
        auto reply = c.alice->request(tagged_send("bad", kind, category, turn));
        ASSERT_TRUE(reply);
        EXPECT_EQ(reply->status(), v1::STATUS_INVALID_ARGUMENT)
            << "kind " << kind << " category " << category << " turn " << turn;
        EXPECT_FALSE(reply->error().empty());
    }
    auto stored = c.alice->request(fetch_frame(0));
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->fetch_result().messages_size(), 1);  // only bob's

    const auto mine = send_message(*c.alice, "a1", "plain chat").seq();
    for (const auto [kind, category, turn] : {tags{99, 0, 0}, tags{2, 77, 0}, tags{3, 0, 42}}) {
        v1::ClientFrame retag;
        retag.mutable_retag()->set_seq(mine);
        retag.mutable_retag()->set_kind(static_cast<v1::MessageKind>(kind));
        retag.mutable_retag()->set_bid_category(static_cast<v1::BidCategory>(category));
        if (turn != 0) {
            retag.mutable_retag()->mutable_response()->set_bid_seq(1);
            retag.mutable_retag()->mutable_response()->set_turn(static_cast<v1::Turn>(turn));
        }
        auto reply = c.alice->request(retag);
        ASSERT_TRUE(reply);
        EXPECT_EQ(reply->status(), v1::STATUS_INVALID_ARGUMENT) << "retag kind " << kind;
    }
    auto after = c.bob->request(fetch_frame(0));
    ASSERT_TRUE(after);
    ASSERT_EQ(after->fetch_result().messages_size(), 2);
    EXPECT_EQ(after->fetch_result().messages(1).kind(), v1::KIND_CHAT);
}

TEST(hostile_requests, seqs_past_int64_max_match_nothing) {
    test_server srv;
    auto c = make_couple(srv);
    send_message(*c.alice, "a1", "one");
    send_message(*c.alice, "a2", "two");
    for (const std::uint64_t after : {~std::uint64_t{0}, std::uint64_t{1} << 63}) {
        auto page = c.bob->request(fetch_frame(after));
        ASSERT_TRUE(page);
        ASSERT_EQ(page->status(), v1::STATUS_OK) << page->error();
        EXPECT_EQ(page->fetch_result().messages_size(), 0) << "after_seq " << after;
        EXPECT_FALSE(page->fetch_result().more());
    }
    auto receipt = c.bob->request(receipt_frame(v1::RECEIPT_READ, ~std::uint64_t{0}));
    ASSERT_TRUE(receipt);
    EXPECT_EQ(receipt->status(), v1::STATUS_INVALID_ARGUMENT);
    v1::ClientFrame retag;
    retag.mutable_retag()->set_seq(~std::uint64_t{0});
    retag.mutable_retag()->set_kind(v1::KIND_CHAT);
    auto retagged = c.alice->request(retag);
    ASSERT_TRUE(retagged);
    EXPECT_NE(retagged->status(), v1::STATUS_OK);
}

TEST(hostile_requests, looking_up_ones_own_invite_is_refused) {
    test_server srv;
    auto alice = srv.connect_as("alice");
    auto invite = alice->request(create_invite_frame("alice bundle"));
    ASSERT_TRUE(invite);
    v1::ClientFrame lookup;
    lookup.mutable_lookup_invite()->set_invite_id(invite->invite_created().invite_id());
    auto own = alice->request(lookup);
    ASSERT_TRUE(own);
    EXPECT_EQ(own->status(), v1::STATUS_INVITE_INVALID);
    auto bob = srv.connect_as("bob");
    auto theirs = bob->request(lookup);
    ASSERT_TRUE(theirs);
    EXPECT_EQ(theirs->status(), v1::STATUS_OK) << theirs->error();
    EXPECT_EQ(theirs->invite_info().inviter_user_name(), "alice");
}

TEST(hostile_requests, a_fetch_of_large_messages_pages_by_bytes_within_the_write_queue) {
    test_server srv([](server::server_config& config) {
        config.limits.write_queue_bytes = 256 * 1024;
        config.limits.messages_per_second = 100000;
        config.limits.message_burst = 100000;
    });
    auto c = make_couple(srv);
    constexpr int count = 20;  // 1.2 MB: far more than the 256 KiB queue
    const std::string payload(60000, 'x');
    for (int i = 0; i < count; ++i) send_message(*c.alice, "m" + std::to_string(i), payload);
    std::uint64_t after = 0;
    int fetched = 0;
    int pages = 0;
    for (bool more = true; more; ++pages) {
        auto page = c.bob->request(fetch_frame(after, 500));
        ASSERT_TRUE(page) << "no reply after " << fetched << " messages: " << c.bob->close_reason();
        ASSERT_EQ(page->status(), v1::STATUS_OK) << page->error();
        ASSERT_GT(page->fetch_result().messages_size(), 0);
        EXPECT_LE(page->ByteSizeLong(), 128u * 1024u);
        for (const auto& message : page->fetch_result().messages()) {
            EXPECT_EQ(message.seq(), after + 1);
            after = message.seq();
            ++fetched;
        }
        more = page->fetch_result().more();
    }
    EXPECT_EQ(fetched, count);
    EXPECT_GT(pages, 1);
}

}  // namespace
}  // namespace toward::testing
