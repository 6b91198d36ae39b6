// Invites, pairs and unpairing.
#include "store/sqlite_store_impl.hpp"

namespace toward::server {

pair_id pair_of(sqlite::database& db, user_id user) {
    auto& query = db.cached("SELECT pair_id FROM users WHERE id = ?");
    if (!query.bind(1, user).step() || query.column_is_null(0)) return 0;
    return query.column_int(0);
}

std::optional<partner_view> load_partner_of(sqlite::database& db, user_id user) {
    auto& query = db.cached(
        "SELECT p.id, p.user_a, p.user_b, p.a_bundle, p.a_mac, p.b_bundle, p.b_mac, "
        "       ua.name, ub.name, ua.tracking AND ub.tracking "
        "FROM users u JOIN pairs p ON p.id = u.pair_id "
        "JOIN users ua ON ua.id = p.user_a JOIN users ub ON ub.id = p.user_b "
        "WHERE u.id = ?");
    if (!query.bind(1, user).step()) return std::nullopt;
    const bool user_is_a = query.column_int(1) == user;
    partner_view view;
    view.pair = query.column_int(0);
    view.partner = query.column_int(user_is_a ? 2 : 1);
    view.partner_key_bundle = query.column_blob(user_is_a ? 5 : 3);
    view.partner_key_bundle_mac = query.column_blob(user_is_a ? 6 : 4);
    view.partner_name = query.column_text(user_is_a ? 8 : 7);
    view.tracking = query.column_int(9) != 0;
    return view;
}

void sqlite_store::create_invite(user_id inviter, std::string invite_id, std::string key_bundle,
                                 std::string key_bundle_mac, std::int64_t expires_at_ms,
                                 std::int64_t now_ms, store_handler<void> done) {
    submit<void>(
        true,
        [=, max_open_invites = options_.max_open_invites_per_user, invite_id = std::move(invite_id),
         key_bundle = std::move(key_bundle),
         key_bundle_mac = std::move(key_bundle_mac)](sqlite::database& db) -> result<void> {
            if (pair_of(db, inviter) != 0) return fail(errc::already_paired);
            // Expired invites are of no use to anyone; forget them as we go.
            db.cached("DELETE FROM invites WHERE expires_ms < ?").bind(1, now_ms).run();
            auto& open = db.cached(
                "SELECT count(*) FROM invites WHERE inviter_id = ? AND redeemed_by IS NULL");
            const auto held = open.bind(1, inviter).step() ? open.column_int(0) : 0;
            open.finish();
            if (held >= max_open_invites) return fail(errc::too_many_invites);
            db.cached(
                  "INSERT INTO invites(id, inviter_id, key_bundle, key_bundle_mac, "
                  "created_ms, expires_ms) VALUES (?, ?, ?, ?, ?, ?)")
                .bind_text(1, invite_id)
                .bind(2, inviter)
                .bind_blob(3, key_bundle)
                .bind_blob(4, key_bundle_mac)
                .bind(5, now_ms)
                .bind(6, expires_at_ms)
                .run();
            return ok();
        },
        std::move(done));
}

void sqlite_store::lookup_invite(std::string invite_id, std::int64_t now_ms,
                                 store_handler<invite_view> done) {
    submit<invite_view>(
        false,
        [invite_id = std::move(invite_id), now_ms](sqlite::database& db) -> result<invite_view> {
            auto& invite = db.cached(
                "SELECT u.name, i.key_bundle, i.key_bundle_mac, i.expires_ms, i.redeemed_by, "
                "       u.pair_id FROM invites i JOIN users u ON u.id = i.inviter_id WHERE i.id = "
                "?");
            if (!invite.bind_text(1, invite_id).step()) return fail(errc::invite_invalid);
            if (!invite.column_is_null(4) || !invite.column_is_null(5))
                return fail(errc::invite_invalid);
            if (invite.column_int(3) < now_ms) return fail(errc::invite_expired);
            return invite_view{invite.column_text(0), invite.column_blob(1), invite.column_blob(2),
                               invite.column_int(3)};
        },
        std::move(done));
}

void sqlite_store::redeem_invite(user_id joiner, std::string invite_id, std::string key_bundle,
                                 std::string key_bundle_mac, std::int64_t now_ms,
                                 store_handler<pairing_outcome> done) {
    submit<pairing_outcome>(
        true,
        [=, invite_id = std::move(invite_id), key_bundle = std::move(key_bundle),
         key_bundle_mac =
             std::move(key_bundle_mac)](sqlite::database& db) -> result<pairing_outcome> {
            auto& invite = db.cached(
                "SELECT inviter_id, key_bundle, key_bundle_mac, expires_ms, redeemed_by "
                "FROM invites WHERE id = ?");
            if (!invite.bind_text(1, invite_id).step()) return fail(errc::invite_invalid);
            const user_id inviter = invite.column_int(0);
            const std::string inviter_bundle = invite.column_blob(1);
            const std::string inviter_mac = invite.column_blob(2);
            const std::int64_t expires_ms = invite.column_int(3);
            const bool redeemed = !invite.column_is_null(4);
            if (redeemed || inviter == joiner) return fail(errc::invite_invalid);
            if (expires_ms < now_ms) return fail(errc::invite_expired);
            if (pair_of(db, joiner) != 0) return fail(errc::already_paired);
            if (pair_of(db, inviter) != 0) return fail(errc::invite_invalid);

            db.cached("UPDATE invites SET redeemed_by = ? WHERE id = ?")
                .bind(1, joiner)
                .bind_text(2, invite_id)
                .run();
            db.cached(
                  "INSERT INTO pairs(user_a, user_b, a_bundle, a_mac, b_bundle, b_mac, "
                  "created_ms) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .bind(1, inviter)
                .bind(2, joiner)
                .bind_blob(3, inviter_bundle)
                .bind_blob(4, inviter_mac)
                .bind_blob(5, key_bundle)
                .bind_blob(6, key_bundle_mac)
                .bind(7, now_ms)
                .run();
            const pair_id pair = db.last_insert_rowid();
            db.cached(
                  // A new pair counts from its first message and asks anew for consent.
                  "UPDATE users SET pair_id = ?, delivered_seq = 0, read_seq = 0, tracking = 0 "
                  "WHERE id IN (?, ?)")
                .bind(1, pair)
                .bind(2, inviter)
                .bind(3, joiner)
                .run();

            pairing_outcome outcome;
            outcome.pair = pair;
            outcome.inviter = inviter;
            outcome.for_joiner = *load_partner_of(db, joiner);
            outcome.for_inviter = *load_partner_of(db, inviter);
            return outcome;
        },
        std::move(done));
}

void sqlite_store::unpair(user_id user, std::int64_t now_ms,
                          store_handler<unpairing_outcome> done) {
    submit<unpairing_outcome>(
        true,
        [user, now_ms](sqlite::database& db) -> result<unpairing_outcome> {
            auto partner = load_partner_of(db, user);
            if (!partner) return fail(errc::not_paired);
            db.cached("UPDATE pairs SET ended_ms = ? WHERE id = ?")
                .bind(1, now_ms)
                .bind(2, partner->pair)
                .run();
            db.cached("UPDATE users SET pair_id = NULL WHERE pair_id = ?")
                .bind(1, partner->pair)
                .run();
            auto& name = db.cached("SELECT name FROM users WHERE id = ?");
            name.bind(1, user).step();
            return unpairing_outcome{partner->pair, partner->partner, partner->partner_name,
                                     name.column_text(0)};
        },
        std::move(done));
}

void sqlite_store::load_partner(user_id user, store_handler<partner_view> done) {
    submit<partner_view>(
        false,
        [user](sqlite::database& db) -> result<partner_view> {
            auto partner = load_partner_of(db, user);
            if (!partner) return fail(errc::not_paired);
            return std::move(*partner);
        },
        std::move(done));
}

}  // namespace toward::server
