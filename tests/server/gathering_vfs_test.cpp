// The gathering VFS under the store: a commit's WAL frames leave in a few
// writes, and what it committed is whole for any reader and after reopening.
#include <gtest/gtest.h>

#include <string>

#include "sqlite/database.hpp"
#include "store/gathering_vfs.hpp"
#include "temp_dir.hpp"

namespace toward::server {
namespace {

class gathering_vfs_test : public ::testing::Test {
  protected:
    std::unique_ptr<sqlite::database> open_writer() {
        auto db = std::make_unique<sqlite::database>(path_, gathering_vfs_name());
        db->exec("PRAGMA journal_mode=WAL");
        db->exec("PRAGMA synchronous=FULL");
        return db;
    }

    // One transaction of `rows` rows, each `bytes` long.
    static void insert(sqlite::database& db, int rows, std::size_t bytes) {
        db.exec("BEGIN IMMEDIATE");
        for (int i = 0; i < rows; ++i) {
            db.prepare("INSERT INTO t(body) VALUES (?)")
                .bind_blob(1, std::string(bytes, static_cast<char>('a' + i % 26)))
                .run();
        }
        db.exec("COMMIT");
    }

    static std::int64_t count_and_check(sqlite::database& db) {
        auto check = db.prepare("PRAGMA integrity_check");
        EXPECT_TRUE(check.step());
        EXPECT_EQ(check.column_text(0), "ok");
        auto count = db.prepare("SELECT count(*), sum(length(body)) FROM t");
        EXPECT_TRUE(count.step());
        return count.column_int(0);
    }

    testing::temp_dir dir_;
    std::filesystem::path path_ = dir_.path() / "g.db";
};

TEST_F(gathering_vfs_test, a_commit_of_many_pages_leaves_in_a_few_writes) {
    auto db = open_writer();
    db->exec("CREATE TABLE t(id INTEGER PRIMARY KEY, body BLOB)");
    const auto before = gathering_vfs_counts();
    insert(*db, 400, 1000);  // ~100 pages: ~200 writes from SQLite
    const auto after = gathering_vfs_counts();
    const auto received = after.received - before.received;
    const auto passed_on = after.passed_on - before.passed_on;
    EXPECT_GE(received, 100u);
    EXPECT_LE(passed_on * 10, received) << passed_on << " of " << received;
}

TEST_F(gathering_vfs_test, what_it_commits_is_whole_for_other_readers_and_after_reopening) {
    auto db = open_writer();
    db->exec("CREATE TABLE t(id INTEGER PRIMARY KEY, body BLOB)");
    insert(*db, 300, 900);
    insert(*db, 3, 300'000);  // rows larger than one gathered write
    // A second connection through SQLite's default VFS sees every row while
    // the writer still holds the WAL open.
    {
        sqlite::database reader(path_);
        EXPECT_EQ(count_and_check(reader), 303);
    }
    db.reset();
    sqlite::database reopened(path_);
    EXPECT_EQ(count_and_check(reopened), 303);
}

}  // namespace
}  // namespace toward::server
