// Accounts and sessions: creating, finding, resuming, deleting.
#include "store/sqlite_store_impl.hpp"

namespace toward::server {
namespace {

result<user_record> user_by(sqlite::statement& query) {
    if (!query.step()) return fail(errc::not_found);
    return user_record{query.column_int(0), query.column_text(1), query.column_text(2)};
}

}  // namespace

void sqlite_store::create_user(std::string name, std::string password_hash, std::string token_hash,
                               std::int64_t now_ms, std::string registration_code_hash,
                               store_handler<user_id> done) {
    submit<user_id>(
        true,
        [name = std::move(name), password_hash = std::move(password_hash),
         token_hash = std::move(token_hash), code = std::move(registration_code_hash),
         now_ms](sqlite::database& db) -> result<user_id> {
            auto& exists = db.cached("SELECT 1 FROM users WHERE name = ?");
            if (exists.bind_text(1, name).step()) return fail(errc::user_exists);
            exists.finish();
            if (!code.empty()) {
                db.cached(
                      "UPDATE registration_codes SET uses_left = uses_left - 1 "
                      "WHERE code_hash = ? AND uses_left > 0 AND expires_ms >= ?")
                    .bind_blob(1, code)
                    .bind(2, now_ms)
                    .run();
                if (db.changes() == 0) return fail(errc::registration_code_invalid);
            }
            db.cached("INSERT INTO users(name, password_hash, created_ms) VALUES (?, ?, ?)")
                .bind_text(1, name)
                .bind_text(2, password_hash)
                .bind(3, now_ms)
                .run();
            const user_id id = db.last_insert_rowid();
            db.cached(
                  "INSERT INTO sessions(token_hash, user_id, created_ms, last_used_ms) "
                  "VALUES (?, ?, ?, ?)")
                .bind_blob(1, token_hash)
                .bind(2, id)
                .bind(3, now_ms)
                .bind(4, now_ms)
                .run();
            return id;
        },
        std::move(done));
}

void sqlite_store::add_registration_code(std::string code_hash, std::int64_t uses,
                                         std::int64_t expires_ms, std::int64_t now_ms,
                                         bool only_without_accounts,
                                         store_handler<code_stored> done) {
    submit<code_stored>(
        true,
        [code_hash = std::move(code_hash), uses, expires_ms, now_ms,
         only_without_accounts](sqlite::database& db) -> result<code_stored> {
            if (only_without_accounts) {
                auto& any = db.cached("SELECT 1 FROM users LIMIT 1");
                const bool has_accounts = any.step();
                any.finish();
                if (has_accounts) return code_stored::accounts_exist;
            }
            db.cached("DELETE FROM registration_codes WHERE uses_left <= 0 OR expires_ms < ?")
                .bind(1, now_ms)
                .run();
            db.cached(
                  "INSERT OR REPLACE INTO registration_codes(code_hash, uses_left, expires_ms) "
                  "VALUES (?, ?, ?)")
                .bind_blob(1, code_hash)
                .bind(2, uses)
                .bind(3, expires_ms)
                .run();
            return code_stored::stored;
        },
        std::move(done));
}

void sqlite_store::find_user(std::string name, store_handler<user_record> done) {
    submit<user_record>(
        false,
        [name = std::move(name)](sqlite::database& db) {
            return user_by(db.cached("SELECT id, name, password_hash FROM users WHERE name = ?")
                               .bind_text(1, name));
        },
        std::move(done));
}

void sqlite_store::create_session(user_id user, std::string token_hash, std::int64_t now_ms,
                                  store_handler<void> done) {
    submit<void>(
        true,
        [user, token_hash = std::move(token_hash), now_ms](sqlite::database& db) -> result<void> {
            db.cached(
                  "INSERT INTO sessions(token_hash, user_id, created_ms, last_used_ms) "
                  "VALUES (?, ?, ?, ?)")
                .bind_blob(1, token_hash)
                .bind(2, user)
                .bind(3, now_ms)
                .bind(4, now_ms)
                .run();
            return ok();
        },
        std::move(done));
}

void sqlite_store::resume_session(std::string token_hash, std::int64_t now_ms,
                                  store_handler<user_record> done) {
    submit<user_record>(
        true,
        [token_hash = std::move(token_hash), now_ms](sqlite::database& db) -> result<user_record> {
            auto found = user_by(db.cached("SELECT u.id, u.name, u.password_hash FROM sessions s "
                                           "JOIN users u ON u.id = s.user_id "
                                           "WHERE s.token_hash = ?")
                                     .bind_blob(1, token_hash));
            if (!found) return fail(errc::bad_token);
            db.cached("UPDATE sessions SET last_used_ms = ? WHERE token_hash = ?")
                .bind(1, now_ms)
                .bind_blob(2, token_hash)
                .run();
            return found;
        },
        std::move(done));
}

void sqlite_store::revoke_session(std::string token_hash, store_handler<void> done) {
    submit<void>(
        true,
        [token_hash = std::move(token_hash)](sqlite::database& db) -> result<void> {
            db.cached("DELETE FROM sessions WHERE token_hash = ?").bind_blob(1, token_hash).run();
            if (db.changes() == 0) return fail(errc::bad_token);
            return ok();
        },
        std::move(done));
}

void sqlite_store::load_account(user_id user, store_handler<account_view> done) {
    submit<account_view>(
        false,
        [user](sqlite::database& db) -> result<account_view> {
            auto& query =
                db.cached("SELECT id, name, password_hash, delivered_seq FROM users WHERE id = ?");
            if (!query.bind(1, user).step()) return fail(errc::not_found);
            account_view view;
            view.user = {query.column_int(0), query.column_text(1), query.column_text(2)};
            view.delivered_seq = static_cast<std::uint64_t>(query.column_int(3));
            if (auto partner = load_partner_of(db, user)) view.partner = std::move(*partner);
            if (view.partner) {
                auto& receipts =
                    db.cached("SELECT delivered_seq, read_seq FROM users WHERE id = ?");
                if (receipts.bind(1, view.partner->partner).step()) {
                    view.partner_delivered_seq = static_cast<std::uint64_t>(receipts.column_int(0));
                    view.partner_read_seq = static_cast<std::uint64_t>(receipts.column_int(1));
                }
                auto& retags = db.cached("SELECT last_retag_seq FROM pairs WHERE id = ?");
                if (retags.bind(1, view.partner->pair).step()) {
                    view.retag_seq = static_cast<std::uint64_t>(retags.column_int(0));
                }
            }
            return view;
        },
        std::move(done));
}

void sqlite_store::publish_keys(user_id user, std::string key_bundle, store_handler<void> done) {
    submit<void>(
        true,
        [user, key_bundle = std::move(key_bundle)](sqlite::database& db) -> result<void> {
            db.cached("UPDATE users SET key_bundle = ? WHERE id = ?")
                .bind_blob(1, key_bundle)
                .bind(2, user)
                .run();
            return ok();
        },
        std::move(done));
}

void sqlite_store::delete_account(user_id user, store_handler<account_deletion> done) {
    submit<account_deletion>(
        true,
        [user](sqlite::database& db) -> result<account_deletion> {
            auto& name = db.cached("SELECT name FROM users WHERE id = ?");
            if (!name.bind(1, user).step()) return fail(errc::not_found);
            account_deletion deleted;
            deleted.user_name = name.column_text(0);
            if (auto partner = load_partner_of(db, user)) {
                deleted.partner = partner->partner;
                deleted.partner_name = partner->partner_name;
            }
            // Freed pages are zeroed, so the rows do not linger in the file.
            db.exec("PRAGMA secure_delete = ON");
            // Every pair the user was ever in: the partner keeps their copy of
            // its history on their own device; the server keeps nothing of it.
            constexpr const char* pairs_of_user =
                "(SELECT id FROM pairs WHERE user_a = ?1 OR user_b = ?1)";
            for (const char* table : {"messages", "pauses"}) {
                db.cached(std::string("DELETE FROM ") + table + " WHERE pair_id IN " +
                          pairs_of_user)
                    .bind(1, user)
                    .run();
            }
            db.cached(std::string("UPDATE users SET pair_id = NULL WHERE pair_id IN ") +
                      pairs_of_user)
                .bind(1, user)
                .run();
            // Children before the user row: the foreign keys are enforced.
            for (const char* sql :
                 {"DELETE FROM pairs WHERE user_a = ?1 OR user_b = ?1",
                  "DELETE FROM invites WHERE inviter_id = ?1 OR redeemed_by = ?1",
                  "DELETE FROM sessions WHERE user_id = ?1", "DELETE FROM users WHERE id = ?1"}) {
                db.cached(sql).bind(1, user).run();
            }
            db.exec("PRAGMA secure_delete = OFF");  // the default: the hot paths skip the cost
            return deleted;
        },
        std::move(done));
}

}  // namespace toward::server
