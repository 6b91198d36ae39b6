// What the server's own history does to a client: messages its retention
// emptied before this device fetched them, and the restore of an older backup.
#include <gtest/gtest.h>

#include <chrono>

#include "client_harness.hpp"
#include "message_format.hpp"
#include "protocol.hpp"
#include "store/backup.hpp"
#include "util/clock.hpp"

namespace toward::testing {
namespace {

constexpr std::int64_t day_ms = 24 * 3600 * 1000;

std::int64_t wall_clock_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

TEST(expired_messages, a_message_purged_before_this_device_fetched_it_shows_as_expired) {
    manual_clock time(wall_clock_ms());
    test_server srv([](server::server_config& config) { config.retention_days = 1; }, time);
    client_home alice(srv, "alice");
    client_home bob(srv, "bob");
    pair_clients(alice, bob);
    ASSERT_TRUE(alice.run({"send", "first, read in time"}).ok());
    ASSERT_TRUE(bob.run({"sync"}).ok());
    ASSERT_TRUE(alice.run({"send", "second, gone before bob looked"}).ok());

    // Another device of bob's acknowledged it; then retention emptied it.
    auto other_device = srv.connect();
    ASSERT_EQ(other_device->request(login_frame("bob"))->status(), v1::STATUS_OK);
    ASSERT_EQ(other_device->request(receipt_frame(v1::RECEIPT_DELIVERED, 2))->status(),
              v1::STATUS_OK);
    time.advance_ms(2 * day_ms);
    ASSERT_EQ(*srv.instance().purge_expired_messages(), 2u);

    auto synced = bob.run({"sync", "--json"});
    ASSERT_TRUE(synced.ok()) << synced;
    const auto received = synced.json()["received"];
    ASSERT_EQ(received.size(), 1u) << synced;
    EXPECT_EQ(received[0]["seq"], 2);
    EXPECT_EQ(received[0]["status"], "expired");
    EXPECT_EQ(received[0]["text"], app::expired_message_text);
    EXPECT_EQ(received[0]["sender"], "alice");
    auto history = bob.run({"history"});
    EXPECT_NE(
        history.out.find("alice: (message expired on the server before this device fetched it)"),
        std::string::npos)
        << history;
    EXPECT_EQ(history.out.find("could not decrypt"), std::string::npos) << history;

    // The conversation goes on: the ratchet skipped the expired message.
    ASSERT_TRUE(alice.run({"send", "third, after the gap"}).ok());
    auto later = bob.run({"sync", "--json"});
    ASSERT_TRUE(later.ok()) << later;
    EXPECT_EQ(texts_of(later.json()["received"]), std::vector<std::string>{"third, after the gap"});
    EXPECT_EQ(later.json()["received"][0]["status"], "received");
}

TEST(restore, after_an_older_backup_is_restored_new_messages_reach_a_client_that_saw_later_ones) {
    temp_dir dir;
    const auto backup_file = dir.path() / "toward.backup";
    std::optional<test_server> lost(std::in_place);
    client_home alice(*lost, "alice");
    client_home bob(*lost, "bob");
    pair_clients(alice, bob);
    ASSERT_TRUE(alice.run({"send", "before the backup"}).ok());
    ASSERT_TRUE(bob.run({"sync"}).ok());
    const auto taken =
        server::backup_database(lost->data_dir() / "data" / "toward.db", backup_file);
    ASSERT_TRUE(taken) << taken.error;
    ASSERT_TRUE(alice.run({"send", "after the backup, one"}).ok());
    ASSERT_TRUE(alice.run({"send", "after the backup, two"}).ok());
    ASSERT_TRUE(bob.run({"sync"}).ok());  // bob has seen seq 3
    lost.reset();                         // the machine is gone

    const auto restored = dir.path() / "restored";
    const auto put_back = server::restore_database(backup_file, restored, false);
    ASSERT_TRUE(put_back) << put_back.error;
    test_server srv(
        [&restored](server::server_config& config) { config.data_dir = restored.string(); });
    alice.use_server(srv);
    bob.use_server(srv);

    auto sent = alice.run_with_server({"send", "--json", "after the restore"});
    ASSERT_TRUE(sent.ok()) << sent;
    // The backup's newest seq was 1: the next comes restore_seq_jump later.
    EXPECT_EQ(sent.json()["seq"].get<std::uint64_t>(), 1 + server::restore_seq_jump + 1);
    auto synced = bob.run_with_server({"sync", "--json"});
    ASSERT_TRUE(synced.ok()) << synced;
    EXPECT_EQ(texts_of(synced.json()["received"]), std::vector<std::string>{"after the restore"});

    ASSERT_TRUE(bob.run_with_server({"send", "and back to you"}).ok());
    auto answered = alice.run_with_server({"sync", "--json"});
    ASSERT_TRUE(answered.ok()) << answered;
    EXPECT_EQ(texts_of(answered.json()["received"]), std::vector<std::string>{"and back to you"});
    auto history = bob.run({"history", "--json"});
    EXPECT_EQ(texts_of(history.json()["messages"]),
              (std::vector<std::string>{"before the backup", "after the backup, one",
                                        "after the backup, two", "after the restore",
                                        "and back to you"}));
}

TEST(restore, after_an_older_backup_is_restored_new_retags_reach_a_client_that_saw_later_ones) {
    temp_dir dir;
    const auto backup_file = dir.path() / "toward.backup";
    std::optional<test_server> lost(std::in_place);
    client_home alice(*lost, "alice");
    client_home bob(*lost, "bob");
    pair_clients(alice, bob);
    for (auto* home : {&alice, &bob}) {
        ASSERT_TRUE(home->run({"settings", "set", "tracking", "on"}).ok());
    }
    ASSERT_TRUE(alice.run({"send", "--chat", "one"}).ok());
    ASSERT_TRUE(alice.run({"send", "--chat", "two"}).ok());
    ASSERT_TRUE(alice.run({"retag", "1", "--bid=humor"}).ok());
    ASSERT_TRUE(bob.run({"sync"}).ok());
    const auto taken =
        server::backup_database(lost->data_dir() / "data" / "toward.db", backup_file);
    ASSERT_TRUE(taken) << taken.error;
    ASSERT_TRUE(alice.run({"retag", "1", "--bid=play"}).ok());
    ASSERT_TRUE(bob.run({"sync"}).ok());  // bob has applied retag number 2
    lost.reset();

    const auto restored = dir.path() / "restored";
    const auto put_back = server::restore_database(backup_file, restored, false);
    ASSERT_TRUE(put_back) << put_back.error;
    test_server srv(
        [&restored](server::server_config& config) { config.data_dir = restored.string(); });
    alice.use_server(srv);
    bob.use_server(srv);

    // The restored server numbers this retag past every number bob saw.
    ASSERT_TRUE(alice.run_with_server({"retag", "2", "--bid=affection"}).ok());
    auto synced = bob.run_with_server({"sync"});
    ASSERT_TRUE(synced.ok()) << synced;
    EXPECT_NE(synced.err.find("alice retagged #2 as bid: affection"), std::string::npos) << synced;
    auto history = bob.run({"history", "--json"});
    EXPECT_EQ(history.json()["messages"][1]["bid_category"], "affection") << history;
}

}  // namespace
}  // namespace toward::testing
