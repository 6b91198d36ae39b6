// The interactive chat, driven through a pipe instead of a terminal.
#include <gtest/gtest.h>
#include <unistd.h>

#include <thread>

#include "client_harness.hpp"

namespace toward::testing {
namespace {

TEST(chat, lines_typed_in_chat_reach_the_partner_and_commands_work) {
    test_server srv;
    client_home alice(srv, "alice");
    client_home bob(srv, "bob");
    pair_clients(alice, bob);
    enable_bid_tracking(srv, alice, bob);
    ASSERT_TRUE(bob.run({"send", "--bid=play", "game tonight?"}).ok());

    auto chat = alice.run_with_input(
        {"chat"}, "hello from chat\n/reply 1 --turn toward yes!\n/history 5\n/nonsense\n/quit\n");
    ASSERT_TRUE(chat.ok()) << chat;
    EXPECT_NE(chat.out.find("bob: game tonight? [bid: play]"), std::string::npos) << chat;
    // A plain line while bob's bid is open answers it, tagged by the classifier.
    EXPECT_NE(chat.out.find("(response to #1: toward — rule toward.engaged)"), std::string::npos)
        << chat;
    EXPECT_NE(chat.out.find("alice: hello from chat [reply to #1: toward] (sent)"),
              std::string::npos)
        << chat;
    EXPECT_NE(chat.out.find("unknown command /nonsense"), std::string::npos) << chat;

    auto at_bob = bob.run({"sync", "--json"});
    ASSERT_TRUE(at_bob.ok()) << at_bob;
    EXPECT_EQ(texts_of(at_bob.json()["received"]),
              (std::vector<std::string>{"hello from chat", "yes!"}));
    EXPECT_EQ(at_bob.json()["received"][1]["kind"], "response");
}

TEST(chat, logging_out_ends_an_open_chat_of_that_session) {
    test_server srv;
    client_home alice(srv, "alice");
    client_home bob(srv, "bob");
    pair_clients(alice, bob);

    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    bob.options().input_fd = fds[0];
    watched_output out;
    command_result chat;
    std::thread chatting([&] { chat = bob.run_watched({"chat"}, out); });
    EXPECT_TRUE(out.wait_for("connected to")) << out.text();
    auto logout = bob.run({"logout"});
    EXPECT_TRUE(logout.ok()) << logout;
    const bool closed = out.wait_for("this session was logged out from another connection");
    EXPECT_TRUE(closed) << out.text();
    ASSERT_TRUE(alice.run({"send", "are you still there?"}).ok());
    // The chat cannot resume a revoked session: it ends by itself.
    if (!closed) {
        ASSERT_EQ(::write(fds[1], "/quit\n", 6), 6);
    }
    chatting.join();
    ::close(fds[1]);
    ::close(fds[0]);
    EXPECT_FALSE(chat.ok()) << chat;
    EXPECT_NE(chat.err.find("not logged in"), std::string::npos) << chat;
    EXPECT_EQ(out.text().find("are you still there?"), std::string::npos) << out.text();
}

}  // namespace
}  // namespace toward::testing
