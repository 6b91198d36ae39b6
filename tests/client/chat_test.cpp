// The interactive chat, driven through a pipe instead of a terminal.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace toward::testing
