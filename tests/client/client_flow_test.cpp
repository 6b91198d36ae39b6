// Two real clients (two homes) against a real server: pairing, messages both
// ways, offline delivery, resends, and what the server's disk holds.
#include <gtest/gtest.h>

#include "client_harness.hpp"

namespace toward::testing {
namespace {

// Every flow starts from alice and bob, paired on a fresh server.
struct client_flow : paired_couple {};

TEST_F(client_flow, partners_pair_and_exchange_messages_both_ways) {
    auto sent = alice.run({"send", "hello", "bob"});
    ASSERT_TRUE(sent.ok()) << sent;
    EXPECT_EQ(sent.out.rfind("sent #", 0), 0u) << sent;

    auto received = bob.run({"sync"});
    ASSERT_TRUE(received.ok()) << received;
    EXPECT_NE(received.out.find("alice: hello bob"), std::string::npos) << received;

    auto answer = bob.run({"send", "hi alice"});
    ASSERT_TRUE(answer.ok()) << answer;
    auto back = alice.run({"sync", "--json"});
    ASSERT_TRUE(back.ok()) << back;
    EXPECT_EQ(texts_of(back.json()["received"]), std::vector<std::string>{"hi alice"});
    EXPECT_EQ(back.json()["received"][0]["sender"], "bob");
}

TEST_F(client_flow, offline_partner_receives_everything_in_order_on_sync) {
    std::vector<std::string> expected;
    for (int i = 1; i <= 6; ++i) {
        expected.push_back("message number " + std::to_string(i));
        auto sent = alice.run({"send", expected.back()});
        ASSERT_TRUE(sent.ok()) << sent;
    }

    auto synced = bob.run({"sync", "--json"});
    ASSERT_TRUE(synced.ok()) << synced;
    const auto received = synced.json()["received"];
    EXPECT_EQ(texts_of(received), expected);
    for (std::size_t i = 1; i < received.size(); ++i) {
        EXPECT_LT(received[i - 1]["seq"].get<std::uint64_t>(),
                  received[i]["seq"].get<std::uint64_t>());
    }

    auto again = bob.run({"sync", "--json"});
    ASSERT_TRUE(again.ok()) << again;
    EXPECT_TRUE(again.json()["received"].empty()) << again;
}

TEST_F(client_flow, both_partners_sending_first_at_once_still_understand_each_other) {
    // Neither has received anything: both start an X3DH session.
    ASSERT_TRUE(alice.run({"send", "from alice 1"}).ok());
    ASSERT_TRUE(bob.run({"send", "from bob 1"}).ok());
    ASSERT_TRUE(alice.run({"send", "from alice 2"}).ok());

    auto at_bob = bob.run({"sync", "--json"});
    auto at_alice = alice.run({"sync", "--json"});
    ASSERT_TRUE(at_bob.ok()) << at_bob;
    ASSERT_TRUE(at_alice.ok()) << at_alice;
    EXPECT_EQ(texts_of(at_bob.json()["received"]),
              (std::vector<std::string>{"from alice 1", "from alice 2"}));
    EXPECT_EQ(texts_of(at_alice.json()["received"]), std::vector<std::string>{"from bob 1"});

    // After settling, the conversation goes on in both directions.
    for (int round = 0; round < 3; ++round) {
        const auto a = "alice round " + std::to_string(round);
        const auto b = "bob round " + std::to_string(round);
        ASSERT_TRUE(alice.run({"send", a}).ok());
        ASSERT_TRUE(bob.run({"send", b}).ok());
        auto got_b = bob.run({"sync", "--json"});
        auto got_a = alice.run({"sync", "--json"});
        EXPECT_EQ(texts_of(got_b.json()["received"]), std::vector<std::string>{a}) << got_b;
        EXPECT_EQ(texts_of(got_a.json()["received"]), std::vector<std::string>{b}) << got_a;
    }
}

TEST_F(client_flow, the_server_never_stores_a_message_in_clear) {
    const std::vector<std::string> secrets{"alice-secret-pineapple-7731", "bob-secret-walrus-0923",
                                           "alice-second-secret-marmalade"};
    ASSERT_TRUE(alice.run({"send", secrets[0]}).ok());
    ASSERT_TRUE(bob.run({"sync"}).ok());
    ASSERT_TRUE(bob.run({"send", "--bid=affection", secrets[1]}).ok());
    ASSERT_TRUE(alice.run({"sync"}).ok());
    ASSERT_TRUE(alice.run({"send", secrets[2]}).ok());

    expect_not_on_server_disk(srv, secrets);

    // ...while each client's own history holds them.
    auto history = bob.run({"history", "--json"});
    EXPECT_EQ(texts_of(history.json()["messages"]),
              (std::vector<std::string>{secrets[0], secrets[1]}));
}

TEST_F(client_flow, history_json_shows_kinds_bids_and_responses) {
    enable_bid_tracking(srv, alice, bob);

    ASSERT_TRUE(alice.run({"send", "--bid=plan", "dinner on friday?"}).ok());
    auto synced = bob.run({"sync", "--json"});
    ASSERT_TRUE(synced.ok()) << synced;
    const auto bid_seq = synced.json()["received"][0]["seq"].get<std::uint64_t>();
    auto answer = bob.run(
        {"send", "--reply-to", std::to_string(bid_seq), "--turn", "toward", "yes, I'd love to"});
    ASSERT_TRUE(answer.ok()) << answer;
    ASSERT_TRUE(bob.run({"send", "--chat", "also: milk"}).ok());

    auto history = bob.run({"history", "--json"});
    ASSERT_TRUE(history.ok()) << history;
    const auto messages = history.json()["messages"];
    ASSERT_EQ(messages.size(), 3u) << history;
    for (const auto& message : messages) {
        for (const char* key :
             {"seq", "client_message_id", "pair_id", "sender", "direction", "kind", "bid_category",
              "reply_to", "turn", "text", "time_ms", "status"}) {
            EXPECT_TRUE(message.contains(key)) << key << " missing in " << message;
        }
    }
    EXPECT_EQ(messages[0]["kind"], "bid");
    EXPECT_EQ(messages[0]["bid_category"], "plan");
    EXPECT_EQ(messages[0]["direction"], "received");
    EXPECT_EQ(messages[0]["status"], "received");
    EXPECT_EQ(messages[1]["kind"], "response");
    EXPECT_EQ(messages[1]["reply_to"], bid_seq);
    EXPECT_EQ(messages[1]["turn"], "toward");
    EXPECT_EQ(messages[1]["direction"], "sent");
    EXPECT_TRUE(messages[1]["bid_category"].is_null());
    EXPECT_EQ(messages[2]["kind"], "chat");
    EXPECT_TRUE(messages[2]["reply_to"].is_null());

    auto limited = bob.run({"history", "--limit", "1", "--json"});
    EXPECT_EQ(texts_of(limited.json()["messages"]), std::vector<std::string>{"also: milk"});

    // Alice sees the response as an answer to her bid, with the same seq.
    auto at_alice = alice.run({"sync", "--json"});
    const auto received = at_alice.json()["received"];
    ASSERT_EQ(received.size(), 2u) << at_alice;
    EXPECT_EQ(received[0]["kind"], "response");
    EXPECT_EQ(received[0]["reply_to"], bid_seq);
}

TEST_F(client_flow, a_bid_goes_out_as_chat_while_bid_tracking_is_off) {
    auto sent = alice.run({"send", "--bid=plan", "dinner on friday?", "--json"});
    ASSERT_TRUE(sent.ok()) << sent;
    EXPECT_NE(sent.err.find("bid tracking is off"), std::string::npos) << sent;
    EXPECT_EQ(sent.json()["kind"], "chat");
    auto at_bob = bob.run({"sync", "--json"});
    EXPECT_EQ(at_bob.json()["received"][0]["kind"], "chat") << at_bob;
}

TEST_F(client_flow, a_message_sent_while_the_server_is_unreachable_goes_out_with_the_next_command) {
    auto offline = alice.run({"--server", "wss://127.0.0.1:1/v1/ws", "send", "written offline"});
    EXPECT_NE(offline.exit_code, 0);
    EXPECT_NE(offline.err.find("queued"), std::string::npos) << offline;
    auto pending = alice.run({"history", "--json"});
    EXPECT_EQ(pending.json()["messages"][0]["status"], "pending");

    auto flushed = alice.run({"sync", "--json"});
    ASSERT_TRUE(flushed.ok()) << flushed;
    EXPECT_EQ(texts_of(flushed.json()["sent"]), std::vector<std::string>{"written offline"});
    auto at_bob = bob.run({"sync", "--json"});
    EXPECT_EQ(texts_of(at_bob.json()["received"]), std::vector<std::string>{"written offline"});
}

TEST_F(client_flow, a_lost_acknowledgement_leads_to_a_resend_that_is_stored_once) {
    // The server stores the message but its ack "gets lost".
    alice.set_inbound_hook([](v1::ServerFrame& frame) {
        if (frame.has_send_ack()) {
            frame.clear_send_ack();
            frame.set_status(v1::STATUS_UNAVAILABLE);
        }
    });
    auto lost = alice.run({"send", "only once please"});
    EXPECT_NE(lost.exit_code, 0) << lost;
    alice.set_inbound_hook({});

    auto resent = alice.run({"sync", "--json"});
    ASSERT_TRUE(resent.ok()) << resent;
    EXPECT_EQ(texts_of(resent.json()["sent"]), std::vector<std::string>{"only once please"});
    ASSERT_TRUE(alice.run({"send", "and a second one"}).ok());

    auto at_bob = bob.run({"sync", "--json"});
    EXPECT_EQ(texts_of(at_bob.json()["received"]),
              (std::vector<std::string>{"only once please", "and a second one"}));
    auto history = alice.run({"history", "--json"});
    EXPECT_EQ(history.json()["messages"].size(), 2u) << history;
}

TEST_F(client_flow, pairing_again_after_unpairing_starts_a_new_conversation) {
    ASSERT_TRUE(alice.run({"send", "first pair, first message"}).ok());
    ASSERT_TRUE(bob.run({"sync"}).ok());

    auto unpaired = alice.run({"unpair"});
    ASSERT_TRUE(unpaired.ok()) << unpaired;
    auto told = bob.run({"sync"});
    EXPECT_NE(told.err.find("the pair with alice has ended"), std::string::npos) << told;
    EXPECT_NE(bob.run({"send", "anyone?"}).exit_code, 0);

    // A new pair numbers its messages from 1 again; nothing is mistaken for old.
    const auto code = bob.invite();
    ASSERT_TRUE(alice.run({"pair", code}).ok());
    ASSERT_TRUE(bob.run({"sync"}).ok());
    ASSERT_TRUE(alice.run({"send", "second pair, first message"}).ok());
    auto at_bob = bob.run({"sync", "--json"});
    ASSERT_TRUE(at_bob.ok()) << at_bob;
    const auto received = at_bob.json()["received"];
    ASSERT_EQ(texts_of(received), std::vector<std::string>{"second pair, first message"});
    EXPECT_EQ(received[0]["seq"], 1);
    auto history = bob.run({"history", "--json"});
    EXPECT_EQ(
        texts_of(history.json()["messages"]),
        (std::vector<std::string>{"first pair, first message", "second pair, first message"}));
}

}  // namespace
}  // namespace toward::testing
