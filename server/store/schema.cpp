// Schema migrations, one per PRAGMA user_version step. Append, never edit:
// a deployed file is at some version and must reach the newest.
#include <array>
#include <string>

#include "sqlite/database.hpp"
#include "store/sqlite_store.hpp"
#include "util/log.hpp"

namespace toward::server {
namespace {

constexpr std::array migrations = {
    // 1: accounts, sessions, invites, pairs and messages.
    R"sql(
    CREATE TABLE users (
        id            INTEGER PRIMARY KEY,
        name          TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        key_bundle    BLOB,
        pair_id       INTEGER,
        delivered_seq INTEGER NOT NULL DEFAULT 0,
        read_seq      INTEGER NOT NULL DEFAULT 0,
        created_ms    INTEGER NOT NULL
    );
    CREATE TABLE sessions (
        token_hash    BLOB PRIMARY KEY,
        user_id       INTEGER NOT NULL REFERENCES users(id),
        created_ms    INTEGER NOT NULL,
        last_used_ms  INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX sessions_by_user ON sessions(user_id);
    CREATE TABLE invites (
        id             TEXT PRIMARY KEY,
        inviter_id     INTEGER NOT NULL REFERENCES users(id),
        key_bundle     BLOB NOT NULL,
        key_bundle_mac BLOB NOT NULL,
        created_ms     INTEGER NOT NULL,
        expires_ms     INTEGER NOT NULL,
        redeemed_by    INTEGER
    ) WITHOUT ROWID;
    CREATE TABLE pairs (
        id          INTEGER PRIMARY KEY,
        user_a      INTEGER NOT NULL REFERENCES users(id),
        user_b      INTEGER NOT NULL REFERENCES users(id),
        a_bundle    BLOB NOT NULL,
        a_mac       BLOB NOT NULL,
        b_bundle    BLOB NOT NULL,
        b_mac       BLOB NOT NULL,
        last_seq    INTEGER NOT NULL DEFAULT 0,
        created_ms  INTEGER NOT NULL,
        ended_ms    INTEGER
    );
    CREATE TABLE messages (
        pair_id           INTEGER NOT NULL,
        seq               INTEGER NOT NULL,
        sender_id         INTEGER NOT NULL,
        client_message_id TEXT NOT NULL,
        kind              INTEGER NOT NULL,
        bid_category      INTEGER NOT NULL DEFAULT 0,
        response_bid_seq  INTEGER NOT NULL DEFAULT 0,
        turn              INTEGER NOT NULL DEFAULT 0,
        ratchet_header    BLOB NOT NULL,
        ciphertext        BLOB NOT NULL,
        server_ms         INTEGER NOT NULL,
        PRIMARY KEY (pair_id, seq)
    ) WITHOUT ROWID;
    CREATE UNIQUE INDEX messages_by_client_id ON messages(pair_id, sender_id, client_message_id);
    )sql",
    // 2: bid tracking: pair settings, consent, pauses; bids and responses by time.
    R"sql(
    ALTER TABLE pairs ADD COLUMN response_window_s INTEGER NOT NULL DEFAULT 14400;
    ALTER TABLE pairs ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
    ALTER TABLE users ADD COLUMN tracking INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE pauses (
        pair_id   INTEGER NOT NULL,
        user_id   INTEGER NOT NULL,
        start_ms  INTEGER NOT NULL,
        end_ms    INTEGER NOT NULL
    );
    CREATE INDEX pauses_by_pair ON pauses(pair_id, end_ms);
    -- Covers the summary's queries: bids and responses of a pair by time,
    -- read from the index alone.
    CREATE INDEX messages_by_kind_time
        ON messages(pair_id, kind, server_ms, sender_id, bid_category, response_bid_seq, turn);
    )sql",
    // 3: the pair's check-in schedule (every_weeks 0: none).
    R"sql(
    ALTER TABLE pairs ADD COLUMN checkin_every_weeks INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE pairs ADD COLUMN checkin_weekday INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE pairs ADD COLUMN checkin_minute INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE pairs ADD COLUMN checkin_anchor_ms INTEGER NOT NULL DEFAULT 0;
    )sql",
    // 4: the summary's index holds bids and responses only. Chat, most of the
    // traffic, no longer pays for a third B-tree on every append
    // (docs/BENCHMARKS.md §3.1). Queries must name the kind literally
    // (kind = 2, kind = 3) for SQLite to use a partial index.
    R"sql(
    DROP INDEX messages_by_kind_time;
    CREATE INDEX messages_by_kind_time
        ON messages(pair_id, kind, server_ms, sender_id, bid_category, response_bid_seq, turn)
        WHERE kind = 2 OR kind = 3;
    )sql",
    // 5: messages move to a rowid table, in the order they arrive, with
    // (pair_id, seq) as a unique index. Keyed by (pair_id, seq), every pair
    // had its own leaf in the middle of the table, and SQLite rebalances
    // three of those on each split: a commit of many pairs' messages wrote
    // 2.7 pages per message to the WAL, now 1.7 (docs/BENCHMARKS.md §3.1).
    // And pairs.last_seq becomes a floor that only a restore raises: appends
    // go one past the greater of it and the pair's newest message.
    R"sql(
    CREATE TABLE messages_by_arrival (
        id                INTEGER PRIMARY KEY,
        pair_id           INTEGER NOT NULL,
        seq               INTEGER NOT NULL,
        sender_id         INTEGER NOT NULL,
        client_message_id TEXT NOT NULL,
        kind              INTEGER NOT NULL,
        bid_category      INTEGER NOT NULL DEFAULT 0,
        response_bid_seq  INTEGER NOT NULL DEFAULT 0,
        turn              INTEGER NOT NULL DEFAULT 0,
        ratchet_header    BLOB NOT NULL,
        ciphertext        BLOB NOT NULL,
        server_ms         INTEGER NOT NULL
    );
    INSERT INTO messages_by_arrival(pair_id, seq, sender_id, client_message_id, kind,
                                    bid_category, response_bid_seq, turn, ratchet_header,
                                    ciphertext, server_ms)
        SELECT pair_id, seq, sender_id, client_message_id, kind, bid_category,
               response_bid_seq, turn, ratchet_header, ciphertext, server_ms
        FROM messages ORDER BY server_ms, pair_id, seq;
    DROP TABLE messages;
    ALTER TABLE messages_by_arrival RENAME TO messages;
    CREATE UNIQUE INDEX messages_by_seq ON messages(pair_id, seq);
    CREATE UNIQUE INDEX messages_by_client_id ON messages(pair_id, sender_id, client_message_id);
    -- seq was in every index while it was part of the key; the summary
    -- still reads this one alone.
    CREATE INDEX messages_by_kind_time
        ON messages(pair_id, kind, server_ms, seq, sender_id, bid_category, response_bid_seq,
                    turn)
        WHERE kind = 2 OR kind = 3;
    )sql",
    // 6: user and pair ids are never reused (AUTOINCREMENT). A plain rowid
    // hands the newest deleted id to the next row: a partner's client that
    // keeps the old pair's history drops the new pair's (pair_id, seq) = (7, 1)
    // as seen. The tables are rebuilt, SQLite's documented way to change a
    // column's definition; the counters start past every id still mentioned.
    R"sql(
    CREATE TABLE users_new (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        name          TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        key_bundle    BLOB,
        pair_id       INTEGER,
        delivered_seq INTEGER NOT NULL DEFAULT 0,
        read_seq      INTEGER NOT NULL DEFAULT 0,
        created_ms    INTEGER NOT NULL,
        tracking      INTEGER NOT NULL DEFAULT 0
    );
    INSERT INTO users_new SELECT id, name, password_hash, key_bundle, pair_id, delivered_seq,
                                 read_seq, created_ms, tracking FROM users;
    DROP TABLE users;
    ALTER TABLE users_new RENAME TO users;
    CREATE TABLE pairs_new (
        id                  INTEGER PRIMARY KEY AUTOINCREMENT,
        user_a              INTEGER NOT NULL REFERENCES users(id),
        user_b              INTEGER NOT NULL REFERENCES users(id),
        a_bundle            BLOB NOT NULL,
        a_mac               BLOB NOT NULL,
        b_bundle            BLOB NOT NULL,
        b_mac               BLOB NOT NULL,
        last_seq            INTEGER NOT NULL DEFAULT 0,
        created_ms          INTEGER NOT NULL,
        ended_ms            INTEGER,
        response_window_s   INTEGER NOT NULL DEFAULT 14400,
        time_zone           TEXT NOT NULL DEFAULT 'UTC',
        checkin_every_weeks INTEGER NOT NULL DEFAULT 0,
        checkin_weekday     INTEGER NOT NULL DEFAULT 1,
        checkin_minute      INTEGER NOT NULL DEFAULT 0,
        checkin_anchor_ms   INTEGER NOT NULL DEFAULT 0
    );
    INSERT INTO pairs_new SELECT id, user_a, user_b, a_bundle, a_mac, b_bundle, b_mac, last_seq,
                                 created_ms, ended_ms, response_window_s, time_zone,
                                 checkin_every_weeks, checkin_weekday, checkin_minute,
                                 checkin_anchor_ms FROM pairs;
    DROP TABLE pairs;
    ALTER TABLE pairs_new RENAME TO pairs;
    DELETE FROM sqlite_sequence WHERE name IN ('users', 'pairs');
    INSERT INTO sqlite_sequence(name, seq) VALUES
        ('users', max(coalesce((SELECT max(id) FROM users), 0),
                      coalesce((SELECT max(user_id) FROM sessions), 0))),
        ('pairs', max(coalesce((SELECT max(id) FROM pairs), 0),
                      coalesce((SELECT max(pair_id) FROM users), 0),
                      coalesce((SELECT max(pair_id) FROM messages), 0),
                      coalesce((SELECT max(pair_id) FROM pauses), 0)));
    )sql",
    // 7: retags reach a partner who was offline. Each retag takes the pair's
    // next retag number, kept on the message it changed, so a client asks
    // for the messages retagged after the last number it applied. The
    // partial index leaves out every message never retagged: appends do not
    // pay for it.
    R"sql(
    ALTER TABLE pairs ADD COLUMN last_retag_seq INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE messages ADD COLUMN retag_seq INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX messages_by_retag ON messages(pair_id, retag_seq) WHERE retag_seq > 0;
    )sql",
    // 8: registration codes (registration = "invite-only"); indexes for the
    // open-invite cap and the purge of expired invites.
    R"sql(
    CREATE TABLE registration_codes (
        code_hash  BLOB PRIMARY KEY,
        uses_left  INTEGER NOT NULL,
        expires_ms INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX invites_by_inviter ON invites(inviter_id, expires_ms);
    CREATE INDEX invites_by_expiry ON invites(expires_ms);
    )sql",
};

// Not cached: a statement left open would lock the schema against the
// DROPs of a migration.
std::int64_t query_int(sqlite::database& db, const char* sql) {
    auto query = db.prepare(sql);
    return query.step() ? query.column_int(0) : 0;
}

int read_user_version(sqlite::database& db) {
    return static_cast<int>(query_int(db, "PRAGMA user_version"));
}

}  // namespace

int sqlite_store::schema_version() {
    return static_cast<int>(migrations.size());
}

void migrate_schema(sqlite::database& db, int target) {
    if (target == 0) target = sqlite_store::schema_version();
    int version = read_user_version(db);
    if (version > sqlite_store::schema_version()) {
        throw sqlite::error(0, "the database was written by a newer toward-server (schema " +
                                   std::to_string(version) + ")");
    }
    // A migration may rebuild a table that others reference; SQLite checks
    // foreign keys again at the end (the pragma is a no-op in a transaction).
    const bool foreign_keys = query_int(db, "PRAGMA foreign_keys") != 0;
    if (foreign_keys) db.exec("PRAGMA foreign_keys=OFF");
    for (; version < target; ++version) {
        db.exec("BEGIN IMMEDIATE");
        try {
            db.exec(migrations[static_cast<std::size_t>(version)]);
            if (db.prepare("PRAGMA foreign_key_check").step())
                throw sqlite::error(
                    0, "migration " + std::to_string(version + 1) + " leaves a dangling reference");
            db.exec("PRAGMA user_version = " + std::to_string(version + 1));
            db.exec("COMMIT");
        } catch (...) {
            db.exec("ROLLBACK");
            throw;
        }
        log::info("store: migrated schema to version ", version + 1);
    }
    if (foreign_keys) db.exec("PRAGMA foreign_keys=ON");
}

}  // namespace toward::server
