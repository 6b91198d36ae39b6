// The embedded default store: one SQLite file in WAL mode, one thread that
// owns the connection and commits queued writes in groups.
#pragma once

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "store/store.hpp"

namespace toward::sqlite {
class database;
}

namespace toward::server {

class wal_checkpointer;
struct append_cache;

struct sqlite_store_options {
    explicit sqlite_store_options(std::filesystem::path file = {}) : path(std::move(file)) {}

    std::filesystem::path path;
    bool synchronous_full = true;      // false: synchronous=NORMAL (see docs)
    std::size_t max_group_size = 512;  // write jobs per transaction at most
    // Open (unredeemed, unexpired) invites one user may hold.
    std::int64_t max_open_invites_per_user = 5;
    // Bytes of ratchet header and ciphertext the store keeps for one pair.
    std::int64_t max_pair_bytes = std::int64_t{1} << 30;
    // Called on the store thread after every commit attempt with its duration.
    std::function<void(double seconds, std::size_t jobs, bool ok)> on_commit;
    // Runs `completions` (the handlers of one transaction, or of one read)
    // elsewhere, in the order given. Unset, they run on the store thread. The
    // server hands them to its I/O threads: telling hundreds of sessions about
    // a commit is work the store thread, the relay's bottleneck, need not do.
    std::function<void(std::function<void()> completions)> complete_on;
};

// What a write job of sqlite_store promises about itself. Outside the class:
// clang refuses `job_traits traits = {}` as a default argument inside it,
// because the member initializers are not parsed yet (CWG 1397).
struct sqlite_store_job_traits {
    // Its work changes nothing unless it succeeds as a whole, so it
    // needs no SAVEPOINT of its own: each one copies every page the job
    // touches into a statement journal (a tenth of a message's cost).
    bool atomic = false;
    // It changes nothing the append cache holds (or keeps it in step).
    bool keeps_append_cache = false;
};

class sqlite_store final : public store {
  public:
    // Opens or creates the database, runs pending schema migrations and starts
    // the store thread. Throws sqlite::error when the file cannot be used.
    explicit sqlite_store(sqlite_store_options options);
    ~sqlite_store() override;

    using store::create_user;
    void create_user(std::string name, std::string password_hash, std::string token_hash,
                     std::int64_t now_ms, std::string registration_code_hash,
                     store_handler<user_id> done) override;
    void add_registration_code(std::string code_hash, std::int64_t uses, std::int64_t expires_ms,
                               std::int64_t now_ms, bool only_without_accounts,
                               store_handler<code_stored> done) override;
    void find_user(std::string name, store_handler<user_record> done) override;
    void create_session(user_id user, std::string token_hash, std::int64_t now_ms,
                        store_handler<void> done) override;
    void resume_session(std::string token_hash, std::int64_t now_ms,
                        store_handler<user_record> done) override;
    void revoke_session(std::string token_hash, store_handler<void> done) override;
    void load_account(user_id user, store_handler<account_view> done) override;
    void publish_keys(user_id user, std::string key_bundle, store_handler<void> done) override;
    void delete_account(user_id user, store_handler<account_deletion> done) override;
    void create_invite(user_id inviter, std::string invite_id, std::string key_bundle,
                       std::string key_bundle_mac, std::int64_t expires_at_ms, std::int64_t now_ms,
                       store_handler<void> done) override;
    void lookup_invite(std::string invite_id, std::int64_t now_ms,
                       store_handler<invite_view> done) override;
    void redeem_invite(user_id joiner, std::string invite_id, std::string key_bundle,
                       std::string key_bundle_mac, std::int64_t now_ms,
                       store_handler<pairing_outcome> done) override;
    void unpair(user_id user, std::int64_t now_ms, store_handler<unpairing_outcome> done) override;
    void load_partner(user_id user, store_handler<partner_view> done) override;
    void append_message(user_id sender, message_draft draft, std::int64_t now_ms,
                        store_handler<append_outcome> done) override;
    void fetch_messages(user_id user, std::uint64_t after_seq, std::uint32_t limit,
                        bool from_partner_only,
                        store_handler<std::vector<stored_message>> done) override;
    void record_receipt(user_id user, receipt_kind kind, std::uint64_t up_to_seq,
                        store_handler<receipt_outcome> done) override;
    void purge_delivered_ciphertext(std::int64_t older_than_ms, std::uint32_t limit,
                                    store_handler<std::uint64_t> done) override;
    void load_settings(user_id user, store_handler<pair_settings_view> done) override;
    void update_settings(user_id user, setting_change change,
                         store_handler<pair_settings_view> done) override;
    void start_pause(user_id user, std::int64_t start_ms, std::int64_t end_ms,
                     store_handler<pause_outcome> done) override;
    void load_pause_end(user_id user, std::int64_t start_ms,
                        store_handler<std::int64_t> done) override;
    void retag_message(user_id user, retag_draft draft, store_handler<retag_outcome> done) override;
    void fetch_retags(user_id user, std::uint64_t after_retag_seq, std::uint32_t limit,
                      store_handler<std::vector<stored_retag>> done) override;
    void load_activity(user_id user, std::int64_t since_ms,
                       store_handler<activity_view> done) override;
    void check_writable(store_handler<void> done) override;
    void stop() override;

    // The schema version this build migrates to (PRAGMA user_version).
    static int schema_version();

  private:
    using job_traits = sqlite_store_job_traits;
    struct job {
        bool write = false;
        job_traits traits;
        std::function<bool(sqlite::database&)> run;  // true when the work succeeded
        std::function<void(bool durable)> finish;    // reports the result
    };

    template <class T, class Work>
    void submit(bool write, Work work, store_handler<T> done, job_traits traits = {});
    void enqueue(job j);
    void thread_main();
    void run_write_group(std::deque<job>& batch);
    // Reports the outcome of `jobs`, through options_.complete_on if set.
    void complete(std::deque<job> jobs, bool durable);

    sqlite_store_options options_;
    std::unique_ptr<sqlite::database> db_;
    std::unique_ptr<wal_checkpointer> checkpointer_;  // goes before db_ does
    std::unique_ptr<append_cache> append_cache_;      // the store thread's alone
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<job> queue_;
    bool stopping_ = false;
    bool stopped_ = false;
    std::thread thread_;
};

// Applies every migration newer than the file's user_version, up to
// `target` (tests stop early to build an older file); 0 means the newest.
void migrate_schema(sqlite::database& db, int target = 0);

}  // namespace toward::server
