// The check-in through two real clients and a real server: the schedule,
// the offer when it comes due (by an injected clock), answers hidden until
// both partners answered, the history, and what the server's disk holds.
#include <gtest/gtest.h>

#include "client_harness.hpp"
#include "util/clock.hpp"

namespace toward::testing {
namespace {

constexpr std::int64_t minute_ms = 60'000;
constexpr std::int64_t wednesday_w47_noon_utc = 1795003200000;  // 2026-11-18 12:00 UTC
constexpr std::int64_t sunday_w47_1900_utc = 1795374000000;     // 2026-11-22 19:00 UTC

// Alice and Bob paired, with their own clocks, on a server whose clock says
// Wednesday; the check-in is Sunday at 19:00 UTC.
struct couple_with_checkin : ::testing::Test {
    manual_clock server_time{wednesday_w47_noon_utc};
    manual_clock alice_time{sunday_w47_1900_utc + 30 * minute_ms};
    manual_clock bob_time{sunday_w47_1900_utc + 45 * minute_ms};
    test_server srv{{}, server_time};
    client_home alice{srv, "alice"};
    client_home bob{srv, "bob"};

    void SetUp() override {
        alice.options().clock = &alice_time;
        bob.options().clock = &bob_time;
        ASSERT_NO_FATAL_FAILURE(pair_clients(alice, bob));
        auto set = alice.run({"settings", "set", "check-in", "sun 19:00", "--json"});
        ASSERT_TRUE(set.ok()) << set;
        EXPECT_EQ(set.json()["check_in"], "sun 19:00");
    }
};

const std::vector<std::string> alice_secrets{"soup-on-a-cold-day-7781", "a-long-walk-5532",
                                             "home-after-work-1187"};
const std::vector<std::string> bob_secrets{"laughing-at-breakfast-2290", "quiet-evening-6614"};

command_result alice_answers(client_home& alice) {
    return alice.run({"checkin", "--json", "--mood", "4", "--appreciation", alice_secrets[0],
                      "--need", alice_secrets[1], "--reflection", "escape=" + alice_secrets[2]});
}

// Bob answers the questions as typed: skips all but the third, tries a mood
// out of range first.
const std::string bob_typed =
    "\n\nI said what I felt\n\n\n\n7\n5\n" + bob_secrets[0] + "\n" + bob_secrets[1] + "\n";

TEST_F(couple_with_checkin, answers_stay_hidden_until_both_partners_answered) {
    auto answered = alice_answers(alice);
    ASSERT_TRUE(answered.ok()) << answered;
    EXPECT_EQ(answered.json()["occurrence"], "2026-11-22");
    EXPECT_EQ(answered.json()["partner_status"], "waiting");
    EXPECT_EQ(answered.json()["mine"]["mood"], 4);
    EXPECT_TRUE(answered.json()["shared"].get<bool>());

    // Bob is told that Alice answered, but not what.
    auto synced = bob.run({"sync", "--json"});
    ASSERT_TRUE(synced.ok()) << synced;
    EXPECT_TRUE(synced.json()["received"].empty()) << synced;
    EXPECT_NE(synced.err.find("alice has answered the check-in of 2026-11-22"), std::string::npos)
        << synced;
    EXPECT_EQ(synced.out.find(alice_secrets[0]), std::string::npos) << synced;
    auto hidden = bob.run({"checkin", "--history", "--json"});
    ASSERT_TRUE(hidden.ok()) << hidden;
    ASSERT_EQ(hidden.json()["check_ins"].size(), 1u) << hidden;
    EXPECT_EQ(hidden.json()["check_ins"][0]["partner_status"], "hidden");
    EXPECT_TRUE(hidden.json()["check_ins"][0]["partner"].is_null());
    EXPECT_TRUE(hidden.json()["check_ins"][0]["mine"].is_null());
    EXPECT_EQ(hidden.out.find(alice_secrets[0]), std::string::npos);
    auto hidden_text = bob.run({"checkin", "--history"});
    EXPECT_NE(hidden_text.out.find("alice has answered: answer yours"), std::string::npos)
        << hidden_text;

    // Bob answers by typing: then he sees Alice's answers.
    auto typed = bob.run_with_input({"checkin"}, bob_typed);
    ASSERT_TRUE(typed.ok()) << typed;
    EXPECT_NE(typed.out.find("Check-in of 2026-11-22 with alice"), std::string::npos) << typed;
    EXPECT_NE(typed.out.find("2026-W47"), std::string::npos) << "the week's summary: " << typed;
    EXPECT_NE(typed.out.find("A number from 1 to 5, please."), std::string::npos) << typed;
    EXPECT_NE(typed.out.find("alice's answers:"), std::string::npos) << typed;
    EXPECT_NE(typed.out.find(alice_secrets[0]), std::string::npos) << typed;
    auto bobs = bob.run({"checkin", "--history", "--json"});
    ASSERT_TRUE(bobs.ok()) << bobs;
    const auto entry = bobs.json()["check_ins"][0];
    ASSERT_TRUE(entry.is_object()) << bobs;
    EXPECT_EQ(entry["partner_status"], "shown");
    EXPECT_EQ(entry["partner"]["appreciation"], alice_secrets[0]);
    EXPECT_EQ(entry["partner"]["reflections"][0]["id"], "escape");
    EXPECT_EQ(entry["mine"]["mood"], 5);
    ASSERT_EQ(entry["mine"]["reflections"].size(), 1u);
    EXPECT_EQ(entry["mine"]["reflections"][0]["id"], "turning-toward");
    EXPECT_EQ(entry["mine"]["reflections"][0]["answer"], "I said what I felt");

    // Alice receives Bob's answers and sees both.
    auto alice_synced = alice.run({"sync"});
    ASSERT_TRUE(alice_synced.ok()) << alice_synced;
    EXPECT_NE(alice_synced.err.find("bob has answered the check-in of 2026-11-22 too"),
              std::string::npos)
        << alice_synced;
    auto alices = alice.run({"checkin", "--history"});
    EXPECT_NE(alices.out.find(bob_secrets[0]), std::string::npos) << alices;
    EXPECT_NE(alices.out.find(alice_secrets[1]), std::string::npos) << alices;

    // Neither history nor the server holds the answers as messages or in clear.
    for (auto* home : {&alice, &bob}) {
        auto history = home->run({"history", "--json"});
        EXPECT_TRUE(history.json()["messages"].empty()) << history;
    }
    std::vector<std::string> secrets = alice_secrets;
    secrets.insert(secrets.end(), bob_secrets.begin(), bob_secrets.end());
    expect_not_on_server_disk(srv, secrets);
}

TEST_F(couple_with_checkin, history_fetches_the_partners_answers_first) {
    ASSERT_TRUE(alice_answers(alice).ok());
    auto bobs = bob.run({"checkin", "--mood", "5", "--appreciation", bob_secrets[0]});
    ASSERT_TRUE(bobs.ok()) << bobs;

    // No sync in between: the history fetches what came.
    auto history = alice.run({"checkin", "--history", "--json"});
    ASSERT_TRUE(history.ok()) << history;
    EXPECT_EQ(history.json()["up_to_date"], true) << history;
    EXPECT_EQ(history.json()["check_ins"][0]["partner_status"], "shown") << history;
    EXPECT_EQ(history.json()["check_ins"][0]["partner"]["appreciation"], bob_secrets[0]);
    EXPECT_NE(history.err.find("bob has answered the check-in of 2026-11-22 too"),
              std::string::npos)
        << history;
    EXPECT_EQ(history.err.find("check-in time"), std::string::npos) << history;
}

TEST_F(couple_with_checkin, history_says_when_it_shows_only_what_this_device_has) {
    ASSERT_TRUE(alice_answers(alice).ok());
    ASSERT_TRUE(bob.run({"checkin", "--mood", "5"}).ok());

    const std::vector<std::string> unreachable{"--server", "wss://127.0.0.1:1/v1/ws"};
    auto args = unreachable;
    args.insert(args.end(), {"checkin", "--history"});
    auto offline = alice.run(args);
    ASSERT_TRUE(offline.ok()) << offline;
    EXPECT_NE(offline.err.find("offline (cannot connect to wss://127.0.0.1:1/v1/ws"),
              std::string::npos)
        << offline;
    EXPECT_NE(offline.err.find("this shows what this device has; `toward sync` brings it up to "
                               "date"),
              std::string::npos)
        << offline;
    EXPECT_NE(offline.out.find("Waiting for bob's answers."), std::string::npos) << offline;
    args.push_back("--json");
    auto offline_json = alice.run(args);
    ASSERT_TRUE(offline_json.ok()) << offline_json;
    EXPECT_EQ(offline_json.json()["up_to_date"], false) << offline_json;
    EXPECT_EQ(offline_json.json()["check_ins"][0]["partner_status"], "waiting") << offline_json;
}

TEST_F(couple_with_checkin, a_check_in_is_answered_once) {
    ASSERT_TRUE(alice_answers(alice).ok());
    auto again = alice.run({"checkin", "--mood", "2"});
    EXPECT_FALSE(again.ok());
    EXPECT_NE(again.err.find("already answered the check-in of 2026-11-22"), std::string::npos)
        << again;
    auto history = alice.run({"checkin", "--history", "--json"});
    EXPECT_EQ(history.json()["check_ins"][0]["mine"]["mood"], 4);
}

TEST_F(couple_with_checkin, is_offered_by_every_command_once_due_until_answered) {
    alice_time.set_ms(sunday_w47_1900_utc - minute_ms);
    auto early = alice.run({"sync"});
    ASSERT_TRUE(early.ok()) << early;
    EXPECT_EQ(early.err.find("check-in time"), std::string::npos) << early;

    alice_time.set_ms(sunday_w47_1900_utc);
    auto due = alice.run({"sync"});
    ASSERT_TRUE(due.ok()) << due;
    EXPECT_NE(due.err.find("It's check-in time (2026-11-22)"), std::string::npos) << due;
    auto summary = alice.run({"summary"});
    EXPECT_NE(summary.err.find("It's check-in time"), std::string::npos) << summary;

    ASSERT_TRUE(alice_answers(alice).ok());
    auto answered = alice.run({"sync"});
    EXPECT_EQ(answered.err.find("check-in time"), std::string::npos) << answered;

    // A week later the next one comes round.
    alice_time.set_ms(sunday_w47_1900_utc + 7 * 24 * 60 * minute_ms);
    auto next_week = alice.run({"sync"});
    EXPECT_NE(next_week.err.find("It's check-in time (2026-11-29)"), std::string::npos)
        << next_week;
}

TEST_F(couple_with_checkin, chat_offers_it_and_the_partner_sees_the_schedule_change) {
    auto chat = bob.run_with_input({"chat"}, "/checkins\n/quit\n");
    ASSERT_TRUE(chat.ok()) << chat;
    EXPECT_NE(chat.out.find("It's check-in time (2026-11-22)"), std::string::npos) << chat;
    EXPECT_NE(chat.out.find("No check-ins yet"), std::string::npos) << chat;

    auto changed = alice.run({"settings", "set", "check-in", "mon 08:00 biweekly"});
    ASSERT_TRUE(changed.ok()) << changed;
    EXPECT_NE(changed.out.find("Monday at 08:00, every other week"), std::string::npos) << changed;
}

TEST_F(couple_with_checkin, wrong_answers_are_refused_and_nothing_is_kept) {
    const std::vector<std::vector<std::string>> refused{
        {"checkin", "--mood", "0"},
        {"checkin", "--mood", "6"},
        {"checkin", "--need", "time together"},
        {"checkin", "--mood", "3", "--reflection", "nonsense=hello"},
        {"checkin", "--mood", "3", "--reflection", "escape"},
        {"checkin", "--mood", "3", "--reflection", "escape=a", "--reflection", "escape=b"},
        {"checkin", "--mood", "3", "--appreciation", std::string(2001, 'x')},
        {"checkin", "--mood", "3", "--appreciation", "bad \xff utf-8"},
        {"checkin", "--mood", "3", "--occurrence", "22.11.2026"},
        {"checkin", "--mood", "3", "--occurrence", "2026-12-25"},
    };
    for (const auto& args : refused) {
        auto result = alice.run(args);
        EXPECT_FALSE(result.ok()) << args.back() << ": " << result;
        EXPECT_NE(result.err.find("toward: "), std::string::npos) << result;
    }
    // Input that ends halfway stores nothing either.
    auto halfway = alice.run_with_input({"checkin"}, "\n\n");
    EXPECT_FALSE(halfway.ok()) << halfway;
    EXPECT_NE(halfway.err.find("nothing was saved or sent"), std::string::npos) << halfway;

    auto history = alice.run({"checkin", "--history", "--json"});
    EXPECT_TRUE(history.json()["check_ins"].empty()) << history;
    auto synced = bob.run({"sync"});
    EXPECT_EQ(synced.err.find("has answered"), std::string::npos) << synced;
}

TEST(checkin, without_a_schedule_answers_today_in_the_pairs_zone) {
    manual_clock server_time(wednesday_w47_noon_utc);
    test_server srv({}, server_time);
    client_home alice(srv, "alice");
    client_home bob(srv, "bob");
    // 23:30 UTC on Wednesday is already Thursday in Berlin.
    manual_clock alice_time(wednesday_w47_noon_utc + 11 * 60 * minute_ms + 30 * minute_ms);
    alice.options().clock = &alice_time;
    pair_clients(alice, bob);
    ASSERT_TRUE(alice.run({"settings", "set", "time-zone", "Europe/Berlin"}).ok());
    auto answered = alice.run({"checkin", "--json", "--mood", "3"});
    ASSERT_TRUE(answered.ok()) << answered;
    EXPECT_EQ(answered.json()["occurrence"], "2026-11-19");
}

}  // namespace
}  // namespace toward::testing
