// The background checkpointer: with SQLite's automatic checkpoint replaced,
// the WAL still reaches the database file, and the writer never waits.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "sqlite/database.hpp"
#include "store/wal_checkpointer.hpp"
#include "temp_dir.hpp"

namespace toward::server {
namespace {

TEST(wal_checkpointer, copies_the_wal_into_the_database_file_once_it_is_long) {
    testing::temp_dir dir;
    const auto path = dir.path() / "c.db";
    sqlite::database writer(path);
    writer.exec("PRAGMA journal_mode=WAL");
    writer.exec("PRAGMA synchronous=FULL");
    writer.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, body BLOB)");
    wal_checkpointer checkpointer(writer, path, true);
    const auto empty_size = std::filesystem::file_size(path);

    // Well past start_pages (4 KiB pages), well short of backstop_pages: only
    // the background thread checkpoints.
    for (int batch = 0; batch < 30; ++batch) {
        writer.exec("BEGIN IMMEDIATE");
        for (int i = 0; i < 50; ++i) {
            writer.prepare("INSERT INTO t(body) VALUES (?)")
                .bind_blob(1, std::string(3000, 'x'))
                .run();
        }
        writer.exec("COMMIT");
    }
    const auto written = static_cast<std::uintmax_t>(30 * 50 * 3000);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::filesystem::file_size(path) < empty_size + written / 2 &&
           std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));  // polls the file it waits on
    }
    EXPECT_GE(std::filesystem::file_size(path), empty_size + written / 2);
}

}  // namespace
}  // namespace toward::server
