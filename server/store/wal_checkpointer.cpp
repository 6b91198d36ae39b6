#include "store/wal_checkpointer.hpp"

#include <sqlite3.h>

#include "sqlite/database.hpp"
#include "util/log.hpp"
#include "util/thread_name.hpp"

namespace toward::server {

wal_checkpointer::wal_checkpointer(sqlite::database& writer, const std::filesystem::path& path,
                                   bool synchronous_full)
    : writer_(writer), own_(std::make_unique<sqlite::database>(path)) {
    // The checkpoint syncs the WAL before copying and the file after, as the
    // writer's own would.
    own_->exec(synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    own_->exec("PRAGMA busy_timeout=0");
    sqlite3_wal_hook(writer_.handle(), &wal_checkpointer::after_commit,
                     this);  // replaces autocheckpoint
    thread_ = std::thread([this] { thread_main(); });
    name_thread(thread_, "toward-wal");
}

wal_checkpointer::~wal_checkpointer() {
    sqlite3_wal_hook(writer_.handle(), nullptr, nullptr);
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

int wal_checkpointer::after_commit(void* self, sqlite3* db, const char* schema, int wal_pages) {
    auto& checkpointer = *static_cast<wal_checkpointer*>(self);
    // A shorter WAL has started over: what was copied counted the old one.
    if (wal_pages < checkpointer.last_wal_pages_) checkpointer.copied_ = 0;
    checkpointer.last_wal_pages_ = wal_pages;
    if (wal_pages < start_pages) return SQLITE_OK;
    const int copied = checkpointer.copied_.load();
    const int left = copied <= wal_pages ? wal_pages - copied : wal_pages;
    if (wal_pages >= backstop_pages || (!checkpointer.running_.load() && left <= finish_pages)) {
        // On the writer, between transactions: the few pages the background
        // checkpoints left, so that the next write starts the WAL over.
        // SQLITE_BUSY (a background checkpoint began) is fine: the next
        // commit tries again.
        sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    } else {
        {
            std::lock_guard lock(checkpointer.mutex_);
            checkpointer.requested_ = true;
        }
        checkpointer.wake_.notify_one();
    }
    return SQLITE_OK;
}

void wal_checkpointer::thread_main() {
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || requested_; });
            if (stopping_) return;
            requested_ = false;
        }
        running_ = true;
        int wal_pages = 0;
        int copied = 0;
        const int rc = sqlite3_wal_checkpoint_v2(own_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                                 &wal_pages, &copied);
        if (rc != SQLITE_OK && rc != SQLITE_BUSY)
            log::warn("store: background checkpoint: ", sqlite3_errstr(rc));
        if (rc == SQLITE_OK) copied_ = copied;
        running_ = false;
    }
}

}  // namespace toward::server
