// `toward-server backup` and `restore`: an online backup taken from another
// process while messages keep arriving holds everything acknowledged before
// it began, and restore refuses what it must not overwrite or cannot trust.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <atomic>
#include <condition_variable>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include "protocol.hpp"
#include "server_process.hpp"
#include "sqlite/database.hpp"
#include "store/backup.hpp"
#include "temp_dir.hpp"
#include "test_server.hpp"

namespace toward::testing {
namespace {

namespace fs = std::filesystem;

// Runs toward-server with `args` as a separate process; returns its exit code.
int run_tool(std::vector<std::string> args) {
    return testing::run_tool(TOWARD_SERVER_BINARY, std::move(args));
}

unsigned mode_of(const fs::path& path) {
    struct stat info {};
    ::stat(path.c_str(), &info);
    return info.st_mode & 0777;
}

void allow_fast_senders(server::server_config& config) {
    config.limits.messages_per_second = 100000;
    config.limits.message_burst = 100000;
}

// Sends messages from `conn` on its own thread until stopped, recording
// every acknowledgement.
class traffic {
  public:
    explicit traffic(client::connection& conn)
        : thread_([this, &conn] {
              for (int i = 0; !stopping_; ++i) {
                  const auto id = "m" + std::to_string(i);
                  auto reply = conn.request(send_frame(id, "ciphertext " + id));
                  if (!reply || reply->status() != v1::STATUS_OK) break;
                  std::lock_guard lock(mutex_);
                  acknowledged_[reply->send_ack().seq()] = "ciphertext " + id;
                  changed_.notify_all();
              }
              std::lock_guard lock(mutex_);
              finished_ = true;
              changed_.notify_all();
          }) {}

    ~traffic() { stop(); }

    // Waits until at least `count` messages are acknowledged; false when the
    // sender gave up first or it takes too long.
    bool wait_for_acks(std::size_t count) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, std::chrono::seconds(60), [&] {
            return finished_ || acknowledged_.size() >= count;
        }) && acknowledged_.size() >= count;
    }

    std::map<std::uint64_t, std::string> acknowledged() {
        std::lock_guard lock(mutex_);
        return acknowledged_;
    }

    void stop() {
        stopping_ = true;
        if (thread_.joinable()) thread_.join();
    }

  private:
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::condition_variable changed_;
    std::map<std::uint64_t, std::string> acknowledged_;
    bool finished_ = false;
    std::thread thread_;  // last: it starts once everything above exists
};

TEST(backup, a_backup_under_live_traffic_restores_every_message_acknowledged_before_it) {
    temp_dir dir;
    const auto backup_file = dir.path() / "toward.backup";
    std::map<std::uint64_t, std::string> before_backup;
    std::string bob_token;
    {
        test_server srv(allow_fast_senders);
        auto alice = srv.connect();
        auto bob = srv.connect();
        register_user(*alice, "alice");
        bob_token = register_user(*bob, "bob");
        pair_users(*alice, *bob);
        bob->close();  // nobody reads bob's pushes during the test

        traffic sender(*alice);
        ASSERT_TRUE(sender.wait_for_acks(200));
        before_backup = sender.acknowledged();
        const int exit_code = run_tool(
            {"backup", "--data", (srv.data_dir() / "data").string(), "--to", backup_file.string()});
        ASSERT_EQ(exit_code, 0);
        // Traffic went on around the backup.
        EXPECT_TRUE(sender.wait_for_acks(before_backup.size() + 100));
        sender.stop();
    }
    EXPECT_EQ(mode_of(backup_file), 0600u);
    EXPECT_FALSE(fs::exists(backup_file.string() + ".tmp"));

    const auto restored = dir.path() / "restored";
    ASSERT_EQ(run_tool({"restore", "--from", backup_file.string(), "--data", restored.string()}),
              0);
    EXPECT_EQ(mode_of(restored / "toward.db"), 0600u);
    EXPECT_EQ(mode_of(restored), 0700u);

    test_server srv(
        [&restored](server::server_config& config) { config.data_dir = restored.string(); });
    auto bob = srv.connect();
    auto resumed = bob->request(resume_frame(bob_token));
    ASSERT_TRUE(resumed);
    ASSERT_EQ(resumed->status(), v1::STATUS_OK) << resumed->error();
    const auto stored = fetch_all(*bob);
    for (const auto& [seq, ciphertext] : before_backup) {
        auto it = stored.find(seq);
        ASSERT_NE(it, stored.end()) << "seq " << seq << " acknowledged before the backup is lost";
        EXPECT_EQ(it->second, ciphertext);
    }
    // One snapshot: the seqs it holds are dense from 1.
    std::uint64_t expected = 1;
    for (const auto& entry : stored) EXPECT_EQ(entry.first, expected++);
}

// A valid backup of a store holding one account.
fs::path make_backup(const fs::path& dir) {
    test_server srv;
    auto alice = srv.connect();
    register_user(*alice, "alice");
    const auto file = dir / "good.backup";
    const auto done = server::backup_database(srv.data_dir() / "data" / "toward.db", file);
    EXPECT_TRUE(done) << done.error;
    EXPECT_EQ(done.users, 1u);
    return file;
}

TEST(backup, restore_refuses_a_corrupt_or_foreign_file_and_changes_nothing) {
    temp_dir dir;
    const auto good = make_backup(dir.path());
    const auto target = dir.path() / "target";

    const auto garbage = dir.path() / "garbage.backup";
    std::ofstream(garbage) << "this is not a database\n";
    EXPECT_FALSE(server::restore_database(garbage, target, false));

    // Intact header, damaged pages.
    const auto damaged = dir.path() / "damaged.backup";
    fs::copy_file(good, damaged);
    const auto size = fs::file_size(damaged);
    ASSERT_GE(size, 3u * 4096u);
    {
        std::fstream file(damaged, std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(4096);
        const std::string noise(size - 4096, '\x5a');
        file.write(noise.data(), static_cast<std::streamsize>(noise.size()));
    }
    const auto refused = server::restore_database(damaged, target, true);
    EXPECT_FALSE(refused);
    EXPECT_FALSE(refused.error.empty());
    EXPECT_EQ(run_tool({"restore", "--from", damaged.string(), "--data", target.string()}), 1);

    const auto newer = dir.path() / "newer.backup";
    fs::copy_file(good, newer);
    sqlite::database(newer.string()).exec("PRAGMA user_version = 99");
    const auto too_new = server::restore_database(newer, target, true);
    EXPECT_FALSE(too_new);
    EXPECT_NE(too_new.error.find("newer"), std::string::npos) << too_new.error;

    EXPECT_FALSE(fs::exists(target / "toward.db"));
}

TEST(backup, restore_replaces_a_database_with_accounts_only_when_forced) {
    temp_dir dir;
    const auto good = make_backup(dir.path());
    const auto target = dir.path() / "target";
    ASSERT_TRUE(server::restore_database(good, target, false));

    // Make the target differ from the backup, with a stale WAL beside it.
    {
        sqlite::database db((target / "toward.db").string());
        db.exec("PRAGMA journal_mode=WAL");
        db.exec("INSERT INTO users(name, password_hash, created_ms) VALUES ('mallory', 'x', 1)");
        std::ofstream(target / "toward.db-wal") << "stale";
    }
    const auto refused = server::restore_database(good, target, false);
    EXPECT_FALSE(refused);
    EXPECT_NE(refused.error.find("--force"), std::string::npos) << refused.error;
    EXPECT_EQ(run_tool({"restore", "--from", good.string(), "--data", target.string()}), 1);

    ASSERT_EQ(run_tool({"restore", "--from", good.string(), "--data", target.string(), "--force"}),
              0);
    EXPECT_FALSE(fs::exists(target / "toward.db-wal"));
    sqlite::database db((target / "toward.db").string());
    auto& names = db.cached("SELECT group_concat(name) FROM users");
    ASSERT_TRUE(names.step());
    EXPECT_EQ(names.column_text(0), "alice");
}

TEST(backup, restore_refuses_the_database_of_a_running_server_even_when_forced) {
    temp_dir dir;
    const auto good = make_backup(dir.path());
    test_server srv;
    const auto refused = server::restore_database(good, srv.data_dir() / "data", true);
    EXPECT_FALSE(refused);
    EXPECT_NE(refused.error.find("in use"), std::string::npos) << refused.error;
    auto alice = srv.connect();
    register_user(*alice, "alice");  // the server's store is untouched
}

TEST(backup, backup_of_a_missing_database_fails_and_writes_nothing) {
    temp_dir dir;
    const auto target = dir.path() / "out.backup";
    EXPECT_EQ(
        run_tool({"backup", "--data", (dir.path() / "nothing").string(), "--to", target.string()}),
        1);
    EXPECT_FALSE(fs::exists(target));
    EXPECT_FALSE(fs::exists(dir.path() / "nothing"));
}

}  // namespace
}  // namespace toward::testing
