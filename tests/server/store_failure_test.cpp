// The store when the disk fails a commit: the writer's transaction is rolled
// back, the senders hear `unavailable`, and what the store keeps in memory
// (its append cache) must not remember what was never written.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <future>
#include <map>

#include "store/sqlite_store.hpp"
#include "temp_dir.hpp"

namespace toward::server {
namespace {

// SQLite's default VFS, made to fail every write while `failing` is set:
// the disk of a machine whose storage has just gone bad. It stands in as
// the default for the fixture's life, so every connection the store opens
// (writer and checkpointer) goes through it.
class failing_disk {
  public:
    failing_disk() : real_(sqlite3_vfs_find(nullptr)), vfs_(*real_) {
        instance_ = this;
        vfs_.zName = "toward-failing-disk";
        vfs_.xOpen = &failing_disk::open;
        sqlite3_vfs_register(&vfs_, 1);
    }
    ~failing_disk() {
        sqlite3_vfs_register(real_, 1);
        sqlite3_vfs_unregister(&vfs_);
        instance_ = nullptr;
    }
    failing_disk(const failing_disk&) = delete;
    failing_disk& operator=(const failing_disk&) = delete;

    void fail(bool on) { failing_ = on; }

  private:
    static int open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags,
                    int* out_flags) {
        auto& self = *instance_;
        const int rc = self.real_->xOpen(self.real_, name, file, flags, out_flags);
        if (rc != SQLITE_OK || !file->pMethods) return rc;
        // The file keeps the real methods but for xWrite; one copy of each
        // method table the real VFS uses.
        auto [entry, added] = self.methods_.try_emplace(file->pMethods, *file->pMethods);
        if (added) entry->second.xWrite = &failing_disk::write;
        self.originals_[&entry->second] = file->pMethods;
        file->pMethods = &entry->second;
        return rc;
    }

    static int write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
        auto& self = *instance_;
        if (self.failing_) return SQLITE_IOERR_WRITE;
        return self.originals_.at(file->pMethods)->xWrite(file, data, amount, offset);
    }

    static inline failing_disk* instance_ = nullptr;
    sqlite3_vfs* real_;
    sqlite3_vfs vfs_;
    std::atomic<bool> failing_{false};
    std::map<const sqlite3_io_methods*, sqlite3_io_methods> methods_;
    std::map<const sqlite3_io_methods*, const sqlite3_io_methods*> originals_;
};

template <class T, class Call>
result<T> await(Call call) {
    std::promise<result<T>> promise;
    call([&promise](result<T> r) { promise.set_value(std::move(r)); });
    return promise.get_future().get();
}

message_draft chat(const std::string& id) {
    message_draft draft;
    draft.client_message_id = id;
    draft.kind = 1;
    draft.ciphertext = "c:" + id;
    return draft;
}

TEST(store_failure, a_failed_commit_loses_no_seq_and_the_store_goes_on_afterwards) {
    testing::temp_dir dir;
    failing_disk disk;
    sqlite_store_options options(dir.path() / "t.db");
    options.synchronous_full = false;  // SQLite's own VFS, through the failing one
    sqlite_store st(options);
    auto a = await<user_id>([&](auto done) { st.create_user("a", "h", "ta", 1, done); });
    auto b = await<user_id>([&](auto done) { st.create_user("b", "h", "tb", 1, done); });
    ASSERT_TRUE(a && b);
    ASSERT_TRUE(await<void>(
        [&](auto done) { st.create_invite(*a, "inv", "bundle a", "mac a", 10'000, 1, done); }));
    ASSERT_TRUE(await<pairing_outcome>(
        [&](auto done) { st.redeem_invite(*b, "inv", "bundle b", "mac b", 2, done); }));
    auto send = [&](const std::string& id) {
        return await<append_outcome>([&](auto done) { st.append_message(*a, chat(id), 3, done); });
    };
    ASSERT_EQ(send("1")->message.seq, 1u);

    disk.fail(true);
    auto lost = send("2");
    disk.fail(false);
    ASSERT_FALSE(lost);
    EXPECT_EQ(to_errc(lost.error()), errc::unavailable);

    // The seq the failed commit took is free again, and its message was
    // never stored: sent again, it is new, not a duplicate.
    auto again = send("2");
    ASSERT_TRUE(again);
    EXPECT_FALSE(again->duplicate);
    EXPECT_EQ(again->message.seq, 2u);
    auto stored = await<std::vector<stored_message>>(
        [&](auto done) { st.fetch_messages(*b, 0, 10, false, done); });
    ASSERT_TRUE(stored);
    ASSERT_EQ(stored->size(), 2u);
    EXPECT_EQ((*stored)[1].content.client_message_id, "2");
    st.stop();
}

}  // namespace
}  // namespace toward::server
