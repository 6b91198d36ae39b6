// Copies the WAL back into the database file on a thread and connection of
// its own, so that a commit never waits for a checkpoint's writes and fsync.
// Inside the store thread, SQLite's automatic checkpoints put stalls of up to
// 200 ms into the relay's p99 latency (docs/BENCHMARKS.md §3.2).
//
// The writer's commits wake it once the WAL holds `start_pages`. A passive
// checkpoint never blocks the writer, but the WAL only starts over when a
// write begins with every page copied, which under constant writing the
// background never achieves: once it is idle with at most `finish_pages`
// left, the writer copies those itself after its commit (a millisecond or
// so). Past `backstop_pages` it does so whatever is left.
#pragma once

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

struct sqlite3;

namespace toward::sqlite {
class database;
}

namespace toward::server {

class wal_checkpointer {
  public:
    static constexpr int start_pages = 1000;      // SQLite's own default
    static constexpr int finish_pages = 256;      // left for the writer to copy itself
    static constexpr int backstop_pages = 16000;  // 64 MiB of 4 KiB pages

    // Opens its own connection to `path` and hooks the commits of `writer`,
    // which must outlive it.
    wal_checkpointer(sqlite::database& writer, const std::filesystem::path& path,
                     bool synchronous_full);
    ~wal_checkpointer();
    wal_checkpointer(const wal_checkpointer&) = delete;
    wal_checkpointer& operator=(const wal_checkpointer&) = delete;

  private:
    static int after_commit(void* self, sqlite3* db, const char* schema, int wal_pages);
    void thread_main();

    sqlite::database& writer_;
    std::unique_ptr<sqlite::database> own_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool requested_ = false;
    std::atomic<bool> running_{false};  // a background checkpoint is under way
    std::atomic<int> copied_{0};        // WAL pages the last one had copied
    int last_wal_pages_ = 0;            // at the writer's last commit (its thread only)
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace toward::server
