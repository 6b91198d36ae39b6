// Schema, settings, keys, partner, invites and ratchet sessions of the local
// store; the history and outbox are in local_store_messages.cpp.
#include "local_store.hpp"

#include <algorithm>
#include <iterator>

#include "local_store_guard.hpp"
#include "sqlite/database.hpp"

namespace toward::app {
namespace {

// A BLOB column of key material, into memory that is wiped when freed.
crypto::secret_bytes secret_column(const sqlite::statement& row, int index) {
    const auto bytes = row.column_bytes(index);
    return crypto::secret_bytes(bytes.begin(), bytes.end());
}

using detail::guarded;

// Non-current sessions kept for late messages of a session the pair moved away from.
constexpr int kept_old_sessions = 4;

constexpr const char* schema = R"sql(
PRAGMA foreign_keys = ON;
PRAGMA secure_delete = ON;
CREATE TABLE IF NOT EXISTS settings(
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS own_keys(
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    identity BLOB NOT NULL,
    prekey   BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS partner(
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    user_name         TEXT NOT NULL,
    pair_id           INTEGER NOT NULL,
    bundle            BLOB NOT NULL,
    accepted_identity BLOB NOT NULL,
    pending_bundle    BLOB NOT NULL,
    trust             INTEGER NOT NULL,
    problem           TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pending_invites(
    invite_id      TEXT PRIMARY KEY,
    secret         BLOB NOT NULL,
    inviter_bundle BLOB NOT NULL,
    expires_at_ms  INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS ratchet_sessions(
    base_key BLOB PRIMARY KEY,
    state    BLOB NOT NULL,
    current  INTEGER NOT NULL,
    touched  INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS messages(
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    pair_id           INTEGER NOT NULL,
    seq               INTEGER,
    sender            TEXT NOT NULL,
    outgoing          INTEGER NOT NULL,
    kind              INTEGER NOT NULL,
    bid_category      INTEGER NOT NULL,
    reply_to          INTEGER NOT NULL,
    turn              INTEGER NOT NULL,
    text              TEXT NOT NULL,
    time_ms           INTEGER NOT NULL,
    client_message_id TEXT NOT NULL,
    status            INTEGER NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS messages_by_seq ON messages(pair_id, seq);
CREATE INDEX IF NOT EXISTS messages_by_client_id ON messages(client_message_id);
CREATE TABLE IF NOT EXISTS outbox(
    message_id     INTEGER PRIMARY KEY REFERENCES messages(id),
    ratchet_header BLOB NOT NULL,
    ciphertext     BLOB NOT NULL);
)sql";

// Changes to a home made by an older client, one per user_version step
// after the first. Append, never edit.
constexpr const char* migrations[] = {
    // 2: sealed content (check-ins, triggers) and the cached pair settings.
    R"sql(
ALTER TABLE messages ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;
CREATE TABLE checkin_answers(
    pair_id        INTEGER NOT NULL,
    occurrence     TEXT NOT NULL,
    outgoing       INTEGER NOT NULL,
    author         TEXT NOT NULL,
    answers        BLOB NOT NULL,
    answered_at_ms INTEGER NOT NULL,
    PRIMARY KEY (pair_id, occurrence, outgoing));
CREATE TABLE own_triggers(
    id    INTEGER PRIMARY KEY AUTOINCREMENT,
    text  TEXT NOT NULL,
    helps TEXT NOT NULL);
CREATE TABLE partner_triggers(
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    author        TEXT NOT NULL,
    list          BLOB NOT NULL,
    updated_at_ms INTEGER NOT NULL);
)sql",
};

void migrate(sqlite::database& db) {
    auto version_query = db.prepare("PRAGMA user_version");
    int version = version_query.step() ? static_cast<int>(version_query.column_int(0)) : 0;
    version = std::max(version, 1);  // the base schema above is version 1
    const int newest = 1 + static_cast<int>(std::size(migrations));
    if (version > newest) {
        throw sqlite::error(0, "this home was written by a newer toward (local schema " +
                                   std::to_string(version) + ")");
    }
    for (; version < newest; ++version) {
        db.exec("BEGIN IMMEDIATE");
        try {
            db.exec(migrations[version - 1]);
            db.exec("PRAGMA user_version = " + std::to_string(version + 1));
            db.exec("COMMIT");
        } catch (...) {
            db.exec("ROLLBACK");
            throw;
        }
    }
}

}  // namespace

local_store::local_store(std::unique_ptr<sqlite::database> db) : db_(std::move(db)) {}

local_store::~local_store() = default;

app_result<std::unique_ptr<local_store>> local_store::open(const std::filesystem::path& home) {
    return guarded([&] {
        auto db = std::make_unique<sqlite::database>(home / "toward.db");
        db->exec(schema);
        migrate(*db);
        return std::unique_ptr<local_store>(new local_store(std::move(db)));
    });
}

app_status local_store::transaction(const std::function<app_status()>& body) {
    if (auto begun = guarded([&] { db_->exec("BEGIN IMMEDIATE"); }); !begun) return begun;
    auto outcome = body();
    auto ended = guarded([&] { db_->exec(outcome ? "COMMIT" : "ROLLBACK"); });
    if (!outcome) return outcome;
    return ended;
}

app_result<std::optional<std::string>> local_store::setting(const std::string& key) {
    return guarded([&]() -> std::optional<std::string> {
        auto query = db_->prepare("SELECT value FROM settings WHERE key = ?");
        query.bind_text(1, key);
        if (!query.step()) return std::nullopt;
        return query.column_blob(0);
    });
}

app_status local_store::set_setting(const std::string& key, const std::string& value) {
    return guarded([&] {
        db_->prepare("INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)")
            .bind_text(1, key)
            .bind_blob(2, value)
            .run();
    });
}

app_status local_store::erase_setting(const std::string& key) {
    return guarded(
        [&] { db_->prepare("DELETE FROM settings WHERE key = ?").bind_text(1, key).run(); });
}

app_result<std::optional<own_keys>> local_store::keys() {
    auto loaded =
        guarded([&]() -> std::optional<std::pair<crypto::secret_bytes, crypto::secret_bytes>> {
            auto query = db_->prepare("SELECT identity, prekey FROM own_keys WHERE id = 1");
            if (!query.step()) return std::nullopt;
            return std::pair{secret_column(query, 0), secret_column(query, 1)};
        });
    if (!loaded) return loaded.error();
    if (!*loaded) return std::optional<own_keys>{};
    auto identity = crypto::parse_identity_keys((*loaded)->first);
    if (!identity)
        return fail("the identity keys in this home are damaged: " + identity.error().message());
    auto prekey = crypto::parse_signed_prekey((*loaded)->second, *identity);
    if (!prekey)
        return fail("the signed prekey in this home is damaged: " + prekey.error().message());
    return std::optional<own_keys>(own_keys{std::move(*identity), std::move(*prekey)});
}

app_status local_store::save_keys(const own_keys& keys) {
    const auto identity = crypto::serialize_identity_keys(keys.identity);
    const auto prekey = crypto::serialize_signed_prekey(keys.prekey);
    return guarded([&] {
        db_->prepare("INSERT OR REPLACE INTO own_keys(id, identity, prekey) VALUES (1, ?, ?)")
            .bind_blob(1, identity)
            .bind_blob(2, prekey)
            .run();
    });
}

app_result<std::optional<partner_record>> local_store::partner() {
    return guarded([&]() -> std::optional<partner_record> {
        auto query = db_->prepare(
            "SELECT user_name, pair_id, bundle, accepted_identity, pending_bundle, trust, problem "
            "FROM partner WHERE id = 1");
        if (!query.step()) return std::nullopt;
        partner_record partner;
        partner.user_name = query.column_text(0);
        partner.pair_id = static_cast<std::uint64_t>(query.column_int(1));
        partner.bundle = query.column_blob(2);
        partner.accepted_identity = query.column_blob(3);
        partner.pending_bundle = query.column_blob(4);
        partner.trust =
            query.column_int(5) == 0 ? partner_trust::verified : partner_trust::rejected;
        partner.problem = query.column_text(6);
        return partner;
    });
}

app_status local_store::save_partner(const partner_record& partner) {
    return guarded([&] {
        // A new pairing's history starts apart from anything this home kept
        // under the same pair id (a server that handed an id out again).
        auto current = db_->prepare("SELECT pair_id FROM partner WHERE id = 1");
        if (!current.step() ||
            current.column_int(0) != static_cast<std::int64_t>(partner.pair_id)) {
            archive_pair_history(partner.pair_id);
        }
        db_->prepare(
               "INSERT OR REPLACE INTO partner(id, user_name, pair_id, bundle, accepted_identity, "
               "pending_bundle, trust, problem) VALUES (1, ?, ?, ?, ?, ?, ?, ?)")
            .bind_text(1, partner.user_name)
            .bind(2, static_cast<std::int64_t>(partner.pair_id))
            .bind_blob(3, partner.bundle)
            .bind_blob(4, partner.accepted_identity)
            .bind_blob(5, partner.pending_bundle)
            .bind(6, partner.trust == partner_trust::verified ? 0 : 1)
            .bind_text(7, partner.problem)
            .run();
    });
}

void local_store::archive_pair_history(std::uint64_t pair_id) {
    // Archived histories take negative ids, which no server hands out.
    auto lowest = db_->prepare(
        "SELECT min(0, IFNULL((SELECT min(pair_id) FROM messages), 0), "
        "IFNULL((SELECT min(pair_id) FROM checkin_answers), 0)) - 1");
    lowest.step();
    const std::int64_t archive = lowest.column_int(0);
    for (const char* table : {"messages", "checkin_answers"}) {
        db_->prepare(std::string("UPDATE ") + table + " SET pair_id = ? WHERE pair_id = ?")
            .bind(1, archive)
            .bind(2, static_cast<std::int64_t>(pair_id))
            .run();
    }
}

app_status local_store::forget_partner() {
    return guarded([&] {
        db_->prepare("DELETE FROM settings WHERE key = ?")
            .bind_text(1, setting::delivered_seq)
            .run();
        db_->prepare("DELETE FROM settings WHERE key = ?")
            .bind_text(1, setting::pair_settings)
            .run();
        db_->prepare("DELETE FROM settings WHERE key = ?").bind_text(1, setting::retag_seq).run();
        db_->exec(
            "DELETE FROM partner; DELETE FROM ratchet_sessions; DELETE FROM partner_triggers;");
    });
}

app_result<std::vector<pending_invite>> local_store::pending_invites() {
    return guarded([&] {
        std::vector<pending_invite> invites;
        auto query = db_->prepare(
            "SELECT invite_id, secret, inviter_bundle, expires_at_ms FROM pending_invites "
            "ORDER BY rowid");
        while (query.step()) {
            invites.push_back({query.column_text(0), secret_column(query, 1), query.column_blob(2),
                               query.column_int(3)});
        }
        return invites;
    });
}

app_status local_store::add_pending_invite(const pending_invite& invite) {
    return guarded([&] {
        db_->prepare(
               "INSERT OR REPLACE INTO pending_invites(invite_id, secret, inviter_bundle, "
               "expires_at_ms) VALUES (?, ?, ?, ?)")
            .bind_text(1, invite.invite_id)
            .bind_blob(2, invite.secret)
            .bind_blob(3, invite.inviter_bundle)
            .bind(4, invite.expires_at_ms)
            .run();
    });
}

app_status local_store::clear_pending_invites() {
    return guarded([&] { db_->exec("DELETE FROM pending_invites"); });
}

app_result<std::vector<stored_session>> local_store::sessions() {
    return guarded([&] {
        std::vector<stored_session> found;
        auto query = db_->prepare(
            "SELECT base_key, state, current FROM ratchet_sessions "
            "ORDER BY current DESC, touched DESC");
        while (query.step()) {
            found.push_back(
                {query.column_blob(0), secret_column(query, 1), query.column_int(2) != 0});
        }
        return found;
    });
}

app_status local_store::save_session(const stored_session& session) {
    return guarded([&] {
        if (session.current) db_->exec("UPDATE ratchet_sessions SET current = 0");
        db_->prepare(
               "INSERT INTO ratchet_sessions(base_key, state, current, touched) VALUES "
               "(?1, ?2, ?3, (SELECT COALESCE(MAX(touched), 0) + 1 FROM ratchet_sessions)) "
               "ON CONFLICT(base_key) DO UPDATE SET state = ?2, "
               "current = MAX(current, ?3), touched = excluded.touched")
            .bind_blob(1, session.base_key)
            .bind_blob(2, session.state)
            .bind(3, session.current ? 1 : 0)
            .run();
        db_->prepare(
               "DELETE FROM ratchet_sessions WHERE current = 0 AND base_key NOT IN "
               "(SELECT base_key FROM ratchet_sessions WHERE current = 0 "
               "ORDER BY touched DESC LIMIT ?)")
            .bind(1, kept_old_sessions)
            .run();
    });
}

app_status local_store::clear_sessions() {
    return guarded([&] { db_->exec("DELETE FROM ratchet_sessions"); });
}

app_status local_store::erase_everything() {
    auto erased = transaction([&] {
        return guarded([&] {
            // Every table, so a table added later cannot be forgotten here.
            std::vector<std::string> tables;
            // (sqlite_sequence included: ids start again from 1.)
            auto list = db_->prepare("SELECT name FROM sqlite_master WHERE type = 'table'");
            while (list.step()) tables.push_back(list.column_text(0));
            for (const auto& table : tables) db_->exec("DELETE FROM \"" + table + "\"");
        });
    });
    if (!erased) return erased;
    // secure_delete zeroed the rows' pages; VACUUM also drops the free pages.
    return guarded([&] { db_->exec("VACUUM"); });
}

}  // namespace toward::app
