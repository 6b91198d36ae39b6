// Internal to the SQLite store: how a typed operation becomes a queued job.
#pragma once

#include <exception>
#include <memory>
#include <optional>
#include <unordered_map>

#include "sqlite/database.hpp"
#include "store/sqlite_store.hpp"
#include "util/log.hpp"

namespace toward::server {

// Queues `work(sqlite::database&) -> result<T>`; `done` gets its result once the
// work is durable, or errc::unavailable when the commit failed or the store
// has stopped. Work that returns an error, or throws, is rolled back alone;
// `atomic` work promises to change nothing unless it succeeds (its writes
// are single-row OR FAIL statements, made after every check), so it needs
// no SAVEPOINT.
template <class T, class Work>
void sqlite_store::submit(bool write, Work work, store_handler<T> done, job_traits traits) {
    auto outcome = std::make_shared<std::optional<result<T>>>();
    job j;
    j.write = write;
    j.traits = traits;
    j.run = [outcome, work = std::move(work)](sqlite::database& db) mutable {
        try {
            *outcome = work(db);
            db.reset_all();
        } catch (const std::exception& e) {
            log::error("store: ", e.what());
            *outcome = result<T>(make_error_code(errc::internal));
            db.reset_all();
        }
        return !(*outcome)->has_error();
    };
    j.finish = [outcome, done = std::move(done)](bool durable) {
        if (!durable || !outcome->has_value()) {
            done(result<T>(make_error_code(errc::unavailable)));
        } else {
            done(std::move(**outcome));
        }
    };
    enqueue(std::move(j));
}

// What appending a message needs to know about its sender: lighter than
// partner_view, which also holds both key bundles.
struct sender_view {
    pair_id pair = 0;
    user_id partner = 0;
    std::string name;
    bool tracking = false;
};

// What appends keep in memory on the store thread, so that a message costs
// one statement (its insert) instead of five: each sender's view and each pair's last
// seq, read from the file once and then kept in step by the appends. Every
// write job that could change them clears it (job_traits), and so does any
// failed job or commit. The server is the file's only writer: restore
// refuses to run beside it.
struct append_cache {
    std::unordered_map<user_id, sender_view> senders;
    std::unordered_map<pair_id, std::int64_t> last_seq;
    // Header + ciphertext bytes per pair: a scan of the pair's rows to learn,
    // so kept across other jobs. Only appends add bytes (and keep it in step),
    // only the retention purge removes any, and pair ids are never reused.
    std::unordered_map<pair_id, std::int64_t> stored_bytes;

    // After a write job that may change pairs or seqs.
    void clear() {
        senders.clear();
        last_seq.clear();
    }
    // After a rollback, or a job that emptied messages.
    void clear_all() {
        clear();
        stored_bytes.clear();
    }
};

inline result<void> ok() {
    return {};
}

// The user's current partner, or nothing when the user is not paired.
std::optional<partner_view> load_partner_of(sqlite::database& db, user_id user);

// The newest seq the pair has used: its newest message's, or the floor in
// pairs.last_seq, which appends leave alone (an UPDATE per message dirtied
// one more page per commit) and a restore raises past every seq a client
// may have seen. A pair's messages are only ever deleted with the pair.
std::int64_t read_last_seq(sqlite::database& db, pair_id pair);
// The same, as an SQL expression over a row of `pairs`.
extern const char* const newest_seq_sql;

// True when `bid_seq` is a bid of the partner of `sender` in `pair`.
bool answers_partner_bid(sqlite::database& db, pair_id pair, user_id sender, std::uint64_t bid_seq);

// The pair the user belongs to now, or 0.
pair_id pair_of(sqlite::database& db, user_id user);

// The weekly summary's queries: a pair's bids, and its responses, since a
// time (bound: pair id, since ms).
extern const char* const bids_since_sql;
extern const char* const responses_since_sql;
// A pair's retags after a retag number (bound: pair id, after, limit).
extern const char* const retags_after_sql;

inline boost::system::error_code fail(errc code) {
    return make_error_code(code);
}

}  // namespace toward::server
