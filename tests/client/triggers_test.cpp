// Triggers through two real clients and a real server: shared end to end,
// replaced by newer lists, shown in chat, and never on the server's disk.
#include <gtest/gtest.h>

#include "client_harness.hpp"

namespace toward::testing {
namespace {

std::vector<std::string> trigger_texts(const nlohmann::json& triggers) {
    std::vector<std::string> texts;
    for (const auto& trigger : triggers) texts.push_back(trigger.value("text", ""));
    return texts;
}

TEST_F(paired_couple, triggers_reach_the_partner_end_to_end) {
    auto first = alice.run({"triggers", "add", "being-interrupted-4417", "--helps",
                            "let-me-finish-then-ask-8820", "--json"});
    ASSERT_TRUE(first.ok()) << first;
    EXPECT_TRUE(first.json()["shared"].get<bool>());
    const auto first_id = first.json()["id"].get<std::uint64_t>();
    auto second = alice.run({"triggers", "add", "slammed-doors-3391"});
    ASSERT_TRUE(second.ok()) << second;

    auto synced = bob.run({"sync", "--json"});
    ASSERT_TRUE(synced.ok()) << synced;
    EXPECT_TRUE(synced.json()["received"].empty()) << "not messages: " << synced;
    EXPECT_NE(synced.err.find("alice shared their triggers (2)"), std::string::npos) << synced;
    auto listed = bob.run({"triggers", "list", "--json"});
    ASSERT_TRUE(listed.ok()) << listed;
    EXPECT_TRUE(listed.json()["mine"].empty());
    EXPECT_EQ(listed.json()["partner"]["user"], "alice");
    EXPECT_EQ(trigger_texts(listed.json()["partner"]["triggers"]),
              (std::vector<std::string>{"being-interrupted-4417", "slammed-doors-3391"}));
    EXPECT_EQ(listed.json()["partner"]["triggers"][0]["helps"], "let-me-finish-then-ask-8820");

    auto removed = alice.run({"triggers", "remove", std::to_string(first_id)});
    ASSERT_TRUE(removed.ok()) << removed;
    ASSERT_TRUE(bob.run({"sync"}).ok());
    auto after = bob.run({"triggers", "list", "--json"});
    EXPECT_EQ(trigger_texts(after.json()["partner"]["triggers"]),
              std::vector<std::string>{"slammed-doors-3391"});
    auto own = alice.run({"triggers", "list", "--json"});
    EXPECT_EQ(trigger_texts(own.json()["mine"]), std::vector<std::string>{"slammed-doors-3391"});
    EXPECT_TRUE(own.json()["partner"].is_null());

    EXPECT_TRUE(bob.run({"history", "--json"}).json()["messages"].empty());
    expect_not_on_server_disk(
        srv, {"being-interrupted-4417", "let-me-finish-then-ask-8820", "slammed-doors-3391"});
}

TEST_F(paired_couple, triggers_list_fetches_the_partners_list_first) {
    ASSERT_TRUE(bob.run({"triggers", "add", "being-rushed-6620"}).ok());
    ASSERT_TRUE(bob.run({"send", "home in ten"}).ok());

    // No sync in between: the list fetches what came, and says a message did.
    auto listed = alice.run({"triggers", "list", "--json"});
    ASSERT_TRUE(listed.ok()) << listed;
    EXPECT_EQ(listed.json()["up_to_date"], true) << listed;
    EXPECT_EQ(listed.json()["partner"]["user"], "bob") << listed;
    EXPECT_EQ(trigger_texts(listed.json()["partner"]["triggers"]),
              std::vector<std::string>{"being-rushed-6620"});
    EXPECT_NE(listed.err.find("bob shared their triggers (1)"), std::string::npos) << listed;
    EXPECT_NE(listed.err.find("1 new message arrived meanwhile: `toward history` shows it"),
              std::string::npos)
        << listed;
    EXPECT_EQ(texts_of(alice.run({"history", "--json"}).json()["messages"]),
              std::vector<std::string>{"home in ten"});
}

TEST_F(paired_couple, triggers_list_says_when_it_shows_only_what_this_device_has) {
    ASSERT_TRUE(bob.run({"triggers", "add", "being-rushed-6620"}).ok());
    auto offline = alice.run({"--server", "wss://127.0.0.1:1/v1/ws", "triggers", "list"});
    ASSERT_TRUE(offline.ok()) << offline;
    EXPECT_NE(offline.err.find("offline (cannot connect to wss://127.0.0.1:1/v1/ws"),
              std::string::npos)
        << offline;
    EXPECT_NE(offline.err.find("this shows what this device has; `toward sync` brings it up to "
                               "date"),
              std::string::npos)
        << offline;
    EXPECT_NE(offline.out.find("Your partner has not shared any triggers yet."), std::string::npos)
        << offline;
    auto json = alice.run({"--server", "wss://127.0.0.1:1/v1/ws", "triggers", "list", "--json"});
    ASSERT_TRUE(json.ok()) << json;
    EXPECT_EQ(json.json()["up_to_date"], false) << json;
    EXPECT_TRUE(json.json()["partner"].is_null()) << json;
}

TEST_F(paired_couple, chat_shows_both_lists) {
    ASSERT_TRUE(alice.run({"triggers", "add", "raised voices", "--helps", "a pause"}).ok());
    ASSERT_TRUE(bob.run({"triggers", "add", "being ignored"}).ok());
    auto chat = bob.run_with_input({"chat"}, "/triggers\n/quit\n");
    ASSERT_TRUE(chat.ok()) << chat;
    EXPECT_NE(chat.out.find("alice shared their triggers (1)"), std::string::npos) << chat;
    EXPECT_NE(chat.out.find("Your triggers:\n  #1 being ignored"), std::string::npos) << chat;
    EXPECT_NE(chat.out.find("alice's triggers:\n  #1 raised voices\n      what helps: a pause"),
              std::string::npos)
        << chat;
}

TEST_F(paired_couple, wrong_triggers_are_refused_and_nothing_changes) {
    ASSERT_TRUE(alice.run({"triggers", "add", "kept"}).ok());
    const std::vector<std::vector<std::string>> refused{
        {"triggers", "add", "   "},
        {"triggers", "add", std::string(201, 'x')},
        {"triggers", "add", "fine", "--helps", std::string(501, 'y')},
        {"triggers", "add", std::string("with\0nul", 8)},
        {"triggers", "remove", "99"},
    };
    for (const auto& args : refused) {
        auto result = alice.run(args);
        EXPECT_FALSE(result.ok()) << result;
        EXPECT_NE(result.err.find("toward: "), std::string::npos) << result;
    }
    auto own = alice.run({"triggers", "list", "--json"});
    EXPECT_EQ(trigger_texts(own.json()["mine"]), std::vector<std::string>{"kept"});
    ASSERT_TRUE(bob.run({"sync"}).ok());
    auto theirs = bob.run({"triggers", "list", "--json"});
    EXPECT_EQ(trigger_texts(theirs.json()["partner"]["triggers"]),
              std::vector<std::string>{"kept"});
}

TEST(triggers, need_a_partner_to_share_with) {
    test_server srv;
    client_home alone(srv, "alone");
    alone.register_user();
    auto added = alone.run({"triggers", "add", "silence"});
    EXPECT_FALSE(added.ok());
    EXPECT_NE(added.err.find("not paired"), std::string::npos) << added;
    auto listed = alone.run({"triggers", "list", "--json"});
    EXPECT_TRUE(listed.json()["mine"].empty());
}

TEST_F(paired_couple, a_message_with_a_nul_byte_is_refused) {
    auto sent = alice.run({"send", std::string("hi\0there", 8)});
    EXPECT_FALSE(sent.ok());
    EXPECT_NE(sent.err.find("NUL"), std::string::npos) << sent;
    EXPECT_TRUE(alice.run({"history", "--json"}).json()["messages"].empty());
}

// Nobody should have to change their list to share it with a new partner:
// it goes out as soon as the new pairing is verified, on either side.
TEST(triggers, a_new_partner_gets_the_list_once_the_pairing_is_verified) {
    test_server srv;
    client_home alice{srv, "alice"};
    client_home bob{srv, "bob"};
    client_home carol{srv, "carol"};
    client_home dave{srv, "dave"};
    ASSERT_NO_FATAL_FAILURE(pair_clients(alice, bob));
    ASSERT_TRUE(alice.run({"triggers", "add", "cold-shoulder-5521"}).ok());
    const std::vector<std::string> expected{"cold-shoulder-5521"};

    // Alice joins carol's invite: her list goes out as she pairs.
    ASSERT_TRUE(alice.run({"unpair"}).ok());
    carol.register_user();
    auto joined = alice.run({"pair", carol.invite()});
    ASSERT_TRUE(joined.ok()) << joined;
    EXPECT_NE(joined.err.find("your triggers are shared with carol"), std::string::npos) << joined;
    ASSERT_TRUE(carol.run({"sync"}).ok());
    auto at_carol = carol.run({"triggers", "list", "--json"});
    EXPECT_EQ(trigger_texts(at_carol.json()["partner"]["triggers"]), expected) << at_carol;

    // Alice invites dave: her client shares the list when it learns of the pair.
    ASSERT_TRUE(alice.run({"unpair"}).ok());
    dave.register_user();
    const auto code = alice.invite();
    ASSERT_TRUE(dave.run({"pair", code}).ok());
    ASSERT_TRUE(alice.run({"sync"}).ok());
    ASSERT_TRUE(dave.run({"sync"}).ok());
    auto at_dave = dave.run({"triggers", "list", "--json"});
    EXPECT_EQ(trigger_texts(at_dave.json()["partner"]["triggers"]), expected) << at_dave;
}

}  // namespace
}  // namespace toward::testing
