// Delivered and read receipts as the sender sees them: in history, and in
// chat, through real clients and a real server.
#include <gtest/gtest.h>
#include <unistd.h>

#include <thread>

#include "client_harness.hpp"

namespace toward::testing {
namespace {

using receipts = paired_couple;

std::string status_of_last(client_home& home) {
    auto history = home.run({"history", "--json"});
    EXPECT_TRUE(history.ok()) << history;
    const auto messages = history.json()["messages"];
    if (messages.empty()) return "none";
    return messages.back().value("status", "");
}

TEST_F(receipts, history_shows_sent_then_delivered_then_read) {
    ASSERT_TRUE(alice.run({"send", "are you home soon?"}).ok());
    EXPECT_EQ(status_of_last(alice), "sent");

    // Bob's sync stores it and says so; alice, offline then, learns it on
    // her next connection.
    ASSERT_TRUE(bob.run({"sync"}).ok());
    ASSERT_TRUE(alice.run({"sync"}).ok());
    EXPECT_EQ(status_of_last(alice), "delivered");

    // Reading it in chat tells alice it was read.
    ASSERT_TRUE(alice.run({"send", "I made soup"}).ok());
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    ASSERT_EQ(::write(fds[1], "/quit\n", 6), 6);
    ::close(fds[1]);
    bob.options().input_fd = fds[0];
    auto chat = bob.run({"chat"});
    ::close(fds[0]);
    ASSERT_TRUE(chat.ok()) << chat;
    ASSERT_TRUE(alice.run({"sync"}).ok());
    auto history = alice.run({"history", "--json"});
    ASSERT_TRUE(history.ok()) << history;
    const auto listed = history.json();  // the loop must not range over a temporary
    for (const auto& message : listed["messages"]) {
        if (message["direction"] == "sent") {
            EXPECT_EQ(message["status"], "read") << message;
        }
    }
    auto lines = alice.run({"history"});
    const auto soup = lines.out.find("alice: I made soup");
    ASSERT_NE(soup, std::string::npos) << lines;
    const auto line = lines.out.substr(soup, lines.out.find('\n', soup) - soup);
    EXPECT_NE(line.find("(read)"), std::string::npos) << lines;
}

TEST_F(receipts, chat_shows_when_the_partner_has_read) {
    ASSERT_TRUE(alice.run({"send", "dinner at eight?"}).ok());

    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    alice.options().input_fd = fds[0];
    watched_output out;
    command_result chat;
    std::thread chatting([&] { chat = alice.run_watched({"chat"}, out); });
    EXPECT_TRUE(out.wait_for("connected to"));

    int bob_fds[2];
    ASSERT_EQ(::pipe(bob_fds), 0);
    ASSERT_EQ(::write(bob_fds[1], "/quit\n", 6), 6);
    ::close(bob_fds[1]);
    bob.options().input_fd = bob_fds[0];
    auto bobs_chat = bob.run({"chat"});
    ::close(bob_fds[0]);
    EXPECT_TRUE(bobs_chat.ok()) << bobs_chat;

    EXPECT_TRUE(out.wait_for("(bob has read up to #1)")) << out.text();
    ASSERT_EQ(::write(fds[1], "/quit\n", 6), 6);
    ::close(fds[1]);
    chatting.join();
    ::close(fds[0]);
    EXPECT_TRUE(chat.ok()) << chat;
}

}  // namespace
}  // namespace toward::testing
