#include "store/sqlite_store.hpp"

#include <sqlite3.h>

#include <chrono>

#include "store/gathering_vfs.hpp"
#include "store/sqlite_store_impl.hpp"
#include "store/wal_checkpointer.hpp"
#include "util/thread_name.hpp"

namespace toward::server {

sqlite_store::sqlite_store(sqlite_store_options options)
    : options_(std::move(options)), append_cache_(std::make_unique<append_cache>()) {
    // FULL syncs the WAL at every commit, which the gathering VFS needs to
    // pass a commit's frames on before readers may see them.
    db_ = std::make_unique<sqlite::database>(
        options_.path.string(), options_.synchronous_full ? gathering_vfs_name() : nullptr);
    db_->exec("PRAGMA journal_mode=WAL");
    db_->exec(options_.synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    db_->exec("PRAGMA foreign_keys=ON");
    // Each job's SAVEPOINT keeps a statement journal for the whole group
    // commit; on disk (the default past 64 KiB) it cost a file write per
    // page, most of the store thread's time (BENCHMARKS.md §3.1).
    db_->exec("PRAGMA temp_store=MEMORY");
    db_->exec("PRAGMA cache_size=-32768");  // KiB: index pages of busy pairs stay in memory
    migrate_schema(*db_);
    checkpointer_ =
        std::make_unique<wal_checkpointer>(*db_, options_.path, options_.synchronous_full);
    thread_ = std::thread([this] { thread_main(); });
    name_thread(thread_, "toward-store");
}

sqlite_store::~sqlite_store() {
    stop();
}

void sqlite_store::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopped_) return;
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
    std::lock_guard lock(mutex_);
    stopped_ = true;
}

void sqlite_store::enqueue(job j) {
    {
        std::lock_guard lock(mutex_);
        if (!stopping_) {
            queue_.push_back(std::move(j));
            wake_.notify_one();
            return;
        }
    }
    j.finish(false);
}

void sqlite_store::thread_main() {
    std::deque<job> batch;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) break;  // stopping, and everything queued is done
            batch.swap(queue_);
        }
        // FIFO, with each run of consecutive writes committed as one transaction
        // (group commit: one fsync for many messages).
        while (!batch.empty()) {
            if (batch.front().write) {
                run_write_group(batch);
            } else {
                std::deque<job> read;
                read.push_back(std::move(batch.front()));
                batch.pop_front();
                read.front().run(*db_);
                complete(std::move(read), true);
            }
        }
    }
}

void sqlite_store::run_write_group(std::deque<job>& batch) {
    std::deque<job> group;
    while (!batch.empty() && batch.front().write && group.size() < options_.max_group_size) {
        group.push_back(std::move(batch.front()));
        batch.pop_front();
    }
    const auto started = std::chrono::steady_clock::now();
    bool committed = false;
    try {
        // Prepared once and reused: parsing these for every message showed
        // in profiles of the store thread.
        db_->cached("BEGIN IMMEDIATE").run();
        for (auto& j : group) {
            bool succeeded = false;
            if (j.traits.atomic) {
                succeeded = j.run(*db_);
            } else {
                db_->cached("SAVEPOINT job").run();
                succeeded = j.run(*db_);
                if (!succeeded) db_->cached("ROLLBACK TO job").run();
                db_->cached("RELEASE job").run();
            }
            if (!succeeded) {
                append_cache_->clear_all();
            } else if (!j.traits.keeps_append_cache) {
                append_cache_->clear();
            }
            // An I/O error can make SQLite roll the whole transaction back;
            // the jobs after it must not run (and commit) one by one.
            if (!db_->in_transaction())
                throw sqlite::error(SQLITE_ABORT, "transaction rolled back");
        }
        db_->cached("COMMIT").run();
        committed = true;
    } catch (const std::exception& e) {
        log::error("store: commit failed: ", e.what());
        append_cache_->clear_all();  // it holds what was rolled back
        try {
            db_->exec("ROLLBACK");
        } catch (const std::exception&) {
            // Nothing more to undo: the transaction is already gone.
        }
    }
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    if (options_.on_commit) options_.on_commit(took.count(), group.size(), committed);
    complete(std::move(group), committed);
}

void sqlite_store::complete(std::deque<job> jobs, bool durable) {
    if (!options_.complete_on) {
        for (auto& j : jobs) j.finish(durable);
        return;
    }
    // std::function needs a copyable target; the jobs move in once.
    auto finished = std::make_shared<std::deque<job>>(std::move(jobs));
    options_.complete_on([finished, durable] {
        for (auto& j : *finished) j.finish(durable);
    });
}

void sqlite_store::check_writable(store_handler<void> done) {
    submit<void>(
        true,
        [](sqlite::database& db) -> result<void> {
            db.exec("PRAGMA user_version");
            return ok();
        },
        std::move(done));
}

}  // namespace toward::server
