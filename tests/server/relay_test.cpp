// Relaying between partners: live, offline and resumed, idempotent resends.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "protocol.hpp"
#include "test_server.hpp"

namespace toward::testing {
namespace {

struct paired_users {
    std::unique_ptr<client::connection> alice;
    std::unique_ptr<client::connection> bob;
    std::string alice_token;
    std::string bob_token;
};

paired_users make_pair(const test_server& srv) {
    paired_users p{srv.connect(), srv.connect(), {}, {}};
    p.alice_token = register_user(*p.alice, "alice");
    p.bob_token = register_user(*p.bob, "bob");
    pair_users(*p.alice, *p.bob);
    return p;
}

bool has_delivery_queued(client::connection& conn) {
    return conn
        .wait_for([](const v1::ServerFrame& f) { return f.has_deliver(); },
                  std::chrono::milliseconds(0))
        .has_value();
}

TEST(relay, the_servers_threads_carry_names_an_operator_can_read) {
    test_server srv;
    std::multiset<std::string> names;
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
        std::ifstream comm(task.path() / "comm");
        std::string name;
        std::getline(comm, name);
        names.insert(name);
    }
    EXPECT_EQ(names.count("toward-store"), 1u);
    EXPECT_EQ(names.count("toward-wal"), 1u);
    EXPECT_GE(names.count("toward-io"), 1u);
}

TEST(relay, messages_flow_live_both_ways_with_increasing_seqs) {
    test_server srv;
    auto p = make_pair(srv);
    const auto first = send_message(*p.alice, "a1", "hello bob");
    auto got = next_delivery(*p.bob);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->ciphertext(), "hello bob");
    EXPECT_EQ(got->sender(), "alice");
    EXPECT_EQ(got->seq(), first.seq());
    EXPECT_EQ(got->client_message_id(), "a1");

    const auto second = send_message(*p.bob, "b1", "hello alice");
    EXPECT_GT(second.seq(), first.seq());
    auto back = next_delivery(*p.alice);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->ciphertext(), "hello alice");
    EXPECT_EQ(back->seq(), second.seq());
}

TEST(relay, bid_metadata_travels_with_the_message) {
    test_server srv;
    auto p = make_pair(srv);
    enable_tracking(*p.alice, *p.bob);
    auto bid = send_frame("bid-1", "look at this sunset");
    bid.mutable_send()->set_kind(v1::KIND_BID);
    bid.mutable_send()->set_bid_category(v1::BID_ATTENTION);
    auto bid_ack = p.alice->request(bid);
    ASSERT_TRUE(bid_ack);
    ASSERT_EQ(bid_ack->status(), v1::STATUS_OK) << bid_ack->error();

    auto response = send_frame("resp-1", "wow, beautiful");
    response.mutable_send()->set_kind(v1::KIND_RESPONSE);
    response.mutable_send()->mutable_response()->set_bid_seq(bid_ack->send_ack().seq());
    response.mutable_send()->mutable_response()->set_turn(v1::TURN_TOWARD);
    ASSERT_EQ(p.bob->request(response)->status(), v1::STATUS_OK);

    auto delivered_bid = next_delivery(*p.bob);
    ASSERT_TRUE(delivered_bid);
    EXPECT_EQ(delivered_bid->kind(), v1::KIND_BID);
    EXPECT_EQ(delivered_bid->bid_category(), v1::BID_ATTENTION);
    auto delivered_response = next_delivery(*p.alice);
    ASSERT_TRUE(delivered_response);
    EXPECT_EQ(delivered_response->kind(), v1::KIND_RESPONSE);
    EXPECT_EQ(delivered_response->response().bid_seq(), bid_ack->send_ack().seq());
    EXPECT_EQ(delivered_response->response().turn(), v1::TURN_TOWARD);
}

TEST(relay, a_response_must_answer_a_bid_of_the_partner) {
    test_server srv;
    auto p = make_pair(srv);
    enable_tracking(*p.alice, *p.bob);
    const auto chat = send_message(*p.alice, "c1", "just chat");
    auto own_bid = send_frame("b1", "a bid");
    own_bid.mutable_send()->set_kind(v1::KIND_BID);
    own_bid.mutable_send()->set_bid_category(v1::BID_PLAY);
    const auto bid_seq = p.bob->request(own_bid)->send_ack().seq();

    auto respond_to = [&](client::connection& conn, std::uint64_t seq, const std::string& id) {
        auto frame = send_frame(id, "reply");
        frame.mutable_send()->set_kind(v1::KIND_RESPONSE);
        frame.mutable_send()->mutable_response()->set_bid_seq(seq);
        frame.mutable_send()->mutable_response()->set_turn(v1::TURN_AWAY);
        return conn.request(frame)->status();
    };
    EXPECT_EQ(respond_to(*p.bob, chat.seq(), "r1"), v1::STATUS_NOT_FOUND);  // not a bid
    EXPECT_EQ(respond_to(*p.bob, bid_seq, "r2"), v1::STATUS_NOT_FOUND);     // own bid
    EXPECT_EQ(respond_to(*p.bob, 999, "r3"), v1::STATUS_NOT_FOUND);         // no such seq
    EXPECT_EQ(respond_to(*p.alice, bid_seq, "r4"), v1::STATUS_OK);

    auto missing_category = send_frame("b2", "bid without category");
    missing_category.mutable_send()->set_kind(v1::KIND_BID);
    EXPECT_EQ(p.alice->request(missing_category)->status(), v1::STATUS_INVALID_ARGUMENT);
}

TEST(relay, an_offline_partner_gets_everything_in_order_on_reconnect) {
    test_server srv;
    auto p = make_pair(srv);
    p.bob->close();
    std::vector<std::uint64_t> seqs;
    for (int i = 0; i < 5; ++i) {
        seqs.push_back(
            send_message(*p.alice, "m" + std::to_string(i), "text " + std::to_string(i)).seq());
    }
    auto bob = srv.connect();
    auto resumed = bob->request(resume_frame(p.bob_token));
    ASSERT_TRUE(resumed);
    ASSERT_EQ(resumed->status(), v1::STATUS_OK);
    for (int i = 0; i < 5; ++i) {
        auto got = next_delivery(*bob);
        ASSERT_TRUE(got) << "message " << i;
        EXPECT_EQ(got->seq(), seqs[static_cast<std::size_t>(i)]);
        EXPECT_EQ(got->ciphertext(), "text " + std::to_string(i));
    }
    // Acknowledged as delivered: alice hears of it, and bob is not sent them again.
    ASSERT_EQ(bob->request(receipt_frame(v1::RECEIPT_DELIVERED, seqs.back()))->status(),
              v1::STATUS_OK);
    auto receipt =
        p.alice->wait_for([](const v1::ServerFrame& f) { return f.has_receipt_update(); });
    ASSERT_TRUE(receipt);
    EXPECT_EQ(receipt->receipt_update().user_name(), "bob");
    EXPECT_EQ(receipt->receipt_update().kind(), v1::RECEIPT_DELIVERED);
    EXPECT_EQ(receipt->receipt_update().up_to_seq(), seqs.back());

    bob->close();
    auto again = srv.connect();
    auto second = again->request(resume_frame(p.bob_token));
    ASSERT_TRUE(second);
    EXPECT_EQ(second->auth().delivered_seq(), seqs.back());
    // Catch-up runs before any later request is answered, so after this
    // reply every re-delivery would already be queued.
    ASSERT_EQ(again->request(fetch_frame(seqs.back()))->status(), v1::STATUS_OK);
    EXPECT_FALSE(has_delivery_queued(*again));
}

TEST(relay, messages_sent_after_a_partial_receipt_resume_from_it) {
    test_server srv;
    auto p = make_pair(srv);
    std::vector<std::uint64_t> seqs;
    for (int i = 0; i < 4; ++i) {
        seqs.push_back(
            send_message(*p.alice, "m" + std::to_string(i), "t" + std::to_string(i)).seq());
    }
    for (int i = 0; i < 4; ++i) ASSERT_TRUE(next_delivery(*p.bob));
    ASSERT_EQ(p.bob->request(receipt_frame(v1::RECEIPT_DELIVERED, seqs[1]))->status(),
              v1::STATUS_OK);
    p.bob->close();
    auto bob = srv.connect();
    ASSERT_EQ(bob->request(resume_frame(p.bob_token))->status(), v1::STATUS_OK);
    auto third = next_delivery(*bob);
    auto fourth = next_delivery(*bob);
    ASSERT_TRUE(third && fourth);
    EXPECT_EQ(third->seq(), seqs[2]);
    EXPECT_EQ(fourth->seq(), seqs[3]);
}

TEST(relay, a_resent_client_message_id_is_stored_and_delivered_once) {
    test_server srv;
    auto p = make_pair(srv);
    const auto first = send_message(*p.alice, "same-id", "only once");
    const auto resent = send_message(*p.alice, "same-id", "only once");
    EXPECT_EQ(resent.seq(), first.seq());
    EXPECT_FALSE(first.duplicate());
    EXPECT_TRUE(resent.duplicate());
    const auto next = send_message(*p.alice, "next-id", "the next one");
    EXPECT_EQ(next.seq(), first.seq() + 1);

    auto one = next_delivery(*p.bob);
    auto two = next_delivery(*p.bob);
    ASSERT_TRUE(one && two);
    EXPECT_EQ(one->client_message_id(), "same-id");
    EXPECT_EQ(two->client_message_id(), "next-id");
    auto history = p.bob->request(fetch_frame(0));
    ASSERT_TRUE(history);
    EXPECT_EQ(history->fetch_result().messages_size(), 2);
}

TEST(relay, fetch_pages_through_the_history_oldest_first) {
    test_server srv;
    auto p = make_pair(srv);
    for (int i = 0; i < 7; ++i) send_message(*p.alice, "m" + std::to_string(i), "t");
    auto page = p.bob->request(fetch_frame(0, 3));
    ASSERT_TRUE(page);
    ASSERT_EQ(page->fetch_result().messages_size(), 3);
    EXPECT_TRUE(page->fetch_result().more());
    EXPECT_EQ(page->fetch_result().messages(0).seq(), 1u);
    auto rest = p.bob->request(fetch_frame(3, 10));
    ASSERT_TRUE(rest);
    EXPECT_EQ(rest->fetch_result().messages_size(), 4);
    EXPECT_FALSE(rest->fetch_result().more());
    EXPECT_EQ(rest->fetch_result().messages(3).seq(), 7u);
}

TEST(relay, receipts_never_go_backwards_and_cannot_run_ahead) {
    test_server srv;
    auto p = make_pair(srv);
    for (int i = 0; i < 3; ++i) send_message(*p.alice, "m" + std::to_string(i), "t");
    EXPECT_EQ(p.bob->request(receipt_frame(v1::RECEIPT_READ, 3))->status(), v1::STATUS_OK);
    EXPECT_EQ(p.bob->request(receipt_frame(v1::RECEIPT_READ, 2))->status(), v1::STATUS_OK);
    EXPECT_EQ(p.bob->request(receipt_frame(v1::RECEIPT_READ, 9))->status(),
              v1::STATUS_INVALID_ARGUMENT);
    auto update =
        p.alice->wait_for([](const v1::ServerFrame& f) { return f.has_receipt_update(); });
    ASSERT_TRUE(update);
    EXPECT_EQ(update->receipt_update().up_to_seq(), 3u);
    EXPECT_EQ(update->receipt_update().kind(), v1::RECEIPT_READ);
}

TEST(relay, presence_and_typing_reach_the_partner) {
    test_server srv;
    auto p = make_pair(srv);
    p.bob->close();
    auto offline = p.alice->wait_for([](const v1::ServerFrame& f) {
        return f.has_presence_update() && !f.presence_update().online();
    });
    ASSERT_TRUE(offline);
    auto bob = srv.connect();
    ASSERT_EQ(bob->request(resume_frame(p.bob_token))->status(), v1::STATUS_OK);
    auto online = p.alice->wait_for([](const v1::ServerFrame& f) {
        return f.has_presence_update() && f.presence_update().online();
    });
    ASSERT_TRUE(online);
    EXPECT_EQ(online->presence_update().user_name(), "bob");

    v1::ClientFrame typing;
    typing.mutable_typing()->set_typing(true);
    ASSERT_EQ(bob->request(typing)->status(), v1::STATUS_OK);
    auto shown = p.alice->wait_for([](const v1::ServerFrame& f) { return f.has_typing_update(); });
    ASSERT_TRUE(shown);
    EXPECT_EQ(shown->typing_update().user_name(), "bob");
    EXPECT_TRUE(shown->typing_update().typing());
}

TEST(relay, a_reader_too_slow_for_its_queue_is_dropped_and_its_messages_stay_stored) {
    test_server srv([](server::server_config& config) {
        config.limits.write_queue_bytes = 256 * 1024;
        config.limits.messages_per_second = 100000;
        config.limits.message_burst = 100000;
    });
    auto p = make_pair(srv);
    // Bob stops reading. Far more than the kernel's socket buffers is sent to
    // him, so the server's queue for him fills up.
    constexpr int count = 400;
    const std::string payload(60000, 'c');
    for (int i = 0; i < count; ++i) {
        auto frame = send_frame("m" + std::to_string(i), payload);
        frame.set_request_id(static_cast<std::uint64_t>(100 + i));
        ASSERT_TRUE(p.alice->send(frame));
    }
    for (int i = 0; i < count; ++i) {
        auto ack = p.alice->wait_for([](const v1::ServerFrame& f) { return f.has_send_ack(); });
        ASSERT_TRUE(ack) << "ack " << i;
    }
    EXPECT_TRUE(p.bob->wait_closed(std::chrono::seconds(30)));
    EXPECT_NE(p.bob->close_reason().find("slow consumer"), std::string::npos)
        << p.bob->close_reason();

    // Alice is served as before, and bob, back again, gets everything in
    // order, paced by his queue.
    send_message(*p.alice, "after", "one more");
    auto bob = srv.connect();
    ASSERT_EQ(bob->request(resume_frame(p.bob_token))->status(), v1::STATUS_OK);
    for (std::uint64_t seq = 1; seq <= count + 1; ++seq) {
        auto got = next_delivery(*bob);
        ASSERT_TRUE(got) << "seq " << seq;
        ASSERT_EQ(got->seq(), seq);
    }
}

TEST(relay, a_quiet_connection_lives_on_the_servers_pings) {
    // The server pings a silent peer and drops it if nothing comes back. Its
    // pings leave through the TLS stream's own output buffer
    // (net/tls_stream.hpp): one left there unsent would drop this client.
    test_server srv([](server::server_config& config) { config.limits.idle_timeout_s = 1; });
    auto p = make_pair(srv);
    // Bob reads (and so answers pings) while he waits; alice does not.
    EXPECT_FALSE(p.bob->wait_closed(std::chrono::milliseconds(3500))) << p.bob->close_reason();
    v1::ClientFrame fetch;
    fetch.mutable_fetch();
    auto reply = p.bob->request(fetch);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status(), v1::STATUS_OK) << reply->error();
    EXPECT_TRUE(p.alice->wait_closed(std::chrono::seconds(5)));  // the timeout is real
}

TEST(relay, a_sender_who_was_offline_learns_the_partners_receipts_on_login) {
    test_server srv;
    auto p = make_pair(srv);
    const auto first = send_message(*p.alice, "a1", "one").seq();
    const auto second = send_message(*p.alice, "a2", "two").seq();
    p.alice->close();
    ASSERT_EQ(p.bob->request(receipt_frame(v1::RECEIPT_DELIVERED, second))->status(),
              v1::STATUS_OK);
    ASSERT_EQ(p.bob->request(receipt_frame(v1::RECEIPT_READ, first))->status(), v1::STATUS_OK);

    auto alice = srv.connect();
    ASSERT_EQ(alice->request(resume_frame(p.alice_token))->status(), v1::STATUS_OK);
    auto delivered = alice->wait_for([](const v1::ServerFrame& f) {
        return f.has_receipt_update() && f.receipt_update().kind() == v1::RECEIPT_DELIVERED;
    });
    ASSERT_TRUE(delivered);
    EXPECT_EQ(delivered->receipt_update().user_name(), "bob");
    EXPECT_EQ(delivered->receipt_update().up_to_seq(), second);
    auto read = alice->wait_for([](const v1::ServerFrame& f) {
        return f.has_receipt_update() && f.receipt_update().kind() == v1::RECEIPT_READ;
    });
    ASSERT_TRUE(read);
    EXPECT_EQ(read->receipt_update().up_to_seq(), first);
}

}  // namespace
}  // namespace toward::testing
