// Bid tracking: pair settings and consent, pauses, retagging, and the
// activity a weekly summary is computed from.
#include "store/sqlite_store_impl.hpp"

namespace toward::server {
namespace {

constexpr int kind_response = 3;

result<pair_settings_view> read_settings(sqlite::database& db, user_id user) {
    auto partner = load_partner_of(db, user);
    if (!partner) return fail(errc::not_paired);
    auto& query = db.cached(
        "SELECT p.response_window_s, p.time_zone, me.tracking, them.tracking, "
        "       p.checkin_every_weeks, p.checkin_weekday, p.checkin_minute, p.checkin_anchor_ms "
        "FROM pairs p JOIN users me ON me.id = ? JOIN users them ON them.id = ? "
        "WHERE p.id = ?");
    query.bind(1, user).bind(2, partner->partner).bind(3, partner->pair).step();
    pair_settings_view view;
    view.partner = partner->partner;
    view.response_window_s = query.column_int(0);
    view.time_zone = query.column_text(1);
    view.my_tracking = query.column_int(2) != 0;
    view.partner_tracking = query.column_int(3) != 0;
    view.checkin.every_weeks = static_cast<unsigned>(query.column_int(4));
    view.checkin.weekday = static_cast<unsigned>(query.column_int(5));
    view.checkin.minute_of_day = static_cast<unsigned>(query.column_int(6));
    view.checkin.anchor_ms = query.column_int(7);
    return view;
}

}  // namespace

// Both walk the partial index messages_by_kind_time, which SQLite only picks
// when the kind is written literally: 2 is KIND_BID, 3 KIND_RESPONSE.
const char* const bids_since_sql =
    "SELECT seq, sender_id, bid_category, server_ms FROM messages "
    "WHERE pair_id = ? AND kind = 2 AND server_ms >= ?";
const char* const responses_since_sql =
    "SELECT seq, response_bid_seq, sender_id, turn, server_ms FROM messages "
    "WHERE pair_id = ? AND kind = 3 AND server_ms >= ?";

void sqlite_store::load_settings(user_id user, store_handler<pair_settings_view> done) {
    submit<pair_settings_view>(
        false, [user](sqlite::database& db) { return read_settings(db, user); }, std::move(done));
}

void sqlite_store::update_settings(user_id user, setting_change change,
                                   store_handler<pair_settings_view> done) {
    submit<pair_settings_view>(
        true,
        [user, change = std::move(change)](sqlite::database& db) -> result<pair_settings_view> {
            const pair_id pair = pair_of(db, user);
            if (pair == 0) return fail(errc::not_paired);
            switch (change.which) {
                case setting_change::key::response_window:
                    db.cached("UPDATE pairs SET response_window_s = ? WHERE id = ?")
                        .bind(1, change.response_window_s)
                        .bind(2, pair)
                        .run();
                    break;
                case setting_change::key::time_zone:
                    db.cached("UPDATE pairs SET time_zone = ? WHERE id = ?")
                        .bind_text(1, change.time_zone)
                        .bind(2, pair)
                        .run();
                    break;
                case setting_change::key::tracking:
                    db.cached("UPDATE users SET tracking = ? WHERE id = ?")
                        .bind(1, std::int64_t{change.tracking ? 1 : 0})
                        .bind(2, user)
                        .run();
                    break;
                case setting_change::key::checkin:
                    db.cached(
                          "UPDATE pairs SET checkin_every_weeks = ?, checkin_weekday = ?, "
                          "checkin_minute = ?, checkin_anchor_ms = ? WHERE id = ?")
                        .bind(1, std::int64_t{change.checkin.every_weeks})
                        .bind(2, std::int64_t{change.checkin.weekday})
                        .bind(3, std::int64_t{change.checkin.minute_of_day})
                        .bind(4, change.checkin.anchor_ms)
                        .bind(5, pair)
                        .run();
                    break;
            }
            return read_settings(db, user);
        },
        std::move(done));
}

void sqlite_store::start_pause(user_id user, std::int64_t start_ms, std::int64_t end_ms,
                               store_handler<pause_outcome> done) {
    submit<pause_outcome>(
        true,
        [=](sqlite::database& db) -> result<pause_outcome> {
            auto partner = load_partner_of(db, user);
            if (!partner) return fail(errc::not_paired);
            // A new pause replaces the one still running.
            db.cached(
                  "UPDATE pauses SET end_ms = ? WHERE pair_id = ? AND user_id = ? AND end_ms > ?")
                .bind(1, start_ms)
                .bind(2, partner->pair)
                .bind(3, user)
                .bind(4, start_ms)
                .run();
            if (end_ms > start_ms) {
                db.cached(
                      "INSERT INTO pauses(pair_id, user_id, start_ms, end_ms) VALUES (?, ?, ?, ?)")
                    .bind(1, partner->pair)
                    .bind(2, user)
                    .bind(3, start_ms)
                    .bind(4, end_ms)
                    .run();
            }
            return pause_outcome{partner->partner, start_ms, std::max(start_ms, end_ms)};
        },
        std::move(done));
}

void sqlite_store::load_pause_end(user_id user, std::int64_t start_ms,
                                  store_handler<std::int64_t> done) {
    submit<std::int64_t>(
        false,
        [=](sqlite::database& db) -> result<std::int64_t> {
            // A replacement begun in the same millisecond ends later.
            auto& pause = db.cached(
                "SELECT MAX(end_ms) FROM pauses WHERE user_id = ? AND start_ms = ? "
                "HAVING COUNT(*) > 0");
            if (!pause.bind(1, user).bind(2, start_ms).step()) return fail(errc::not_found);
            return pause.column_int(0);
        },
        std::move(done));
}

void sqlite_store::retag_message(user_id user, retag_draft draft,
                                 store_handler<retag_outcome> done) {
    submit<retag_outcome>(
        true,
        [user, draft](sqlite::database& db) -> result<retag_outcome> {
            auto partner = load_partner_of(db, user);
            if (!partner) return fail(errc::not_paired);
            if (!partner->tracking) return fail(errc::invalid_argument);
            auto& own = db.cached("SELECT sender_id FROM messages WHERE pair_id = ? AND seq = ?");
            if (!own.bind(1, partner->pair).bind_unsigned(2, draft.seq).step() ||
                own.column_int(0) != user)
                return fail(errc::not_found);
            if (draft.kind == kind_response &&
                (draft.response_bid_seq >= draft.seq ||
                 !answers_partner_bid(db, partner->pair, user, draft.response_bid_seq)))
                return fail(errc::not_found);
            auto& number = db.cached(
                "UPDATE pairs SET last_retag_seq = last_retag_seq + 1 WHERE id = ? "
                "RETURNING last_retag_seq");
            number.bind(1, partner->pair).step();
            const auto retag_seq = static_cast<std::uint64_t>(number.column_int(0));
            number.reset();
            db.cached(
                  "UPDATE messages SET kind = ?, bid_category = ?, response_bid_seq = ?, "
                  "turn = ?, retag_seq = ? WHERE pair_id = ? AND seq = ?")
                .bind(1, std::int64_t{draft.kind})
                .bind(2, std::int64_t{draft.bid_category})
                .bind_unsigned(3, draft.response_bid_seq)
                .bind(4, std::int64_t{draft.turn})
                .bind_unsigned(5, retag_seq)
                .bind(6, partner->pair)
                .bind_unsigned(7, draft.seq)
                .run();
            return retag_outcome{partner->partner, retag_seq};
        },
        std::move(done));
}

// Walks the partial index messages_by_retag, which SQLite only picks with
// the index's own condition (retag_seq > 0) written literally.
const char* const retags_after_sql =
    "SELECT seq, kind, bid_category, response_bid_seq, turn, retag_seq FROM messages "
    "WHERE pair_id = ? AND retag_seq > 0 AND retag_seq > ? ORDER BY retag_seq LIMIT ?";

void sqlite_store::fetch_retags(user_id user, std::uint64_t after_retag_seq, std::uint32_t limit,
                                store_handler<std::vector<stored_retag>> done) {
    submit<std::vector<stored_retag>>(
        false,
        [=](sqlite::database& db) -> result<std::vector<stored_retag>> {
            const pair_id pair = pair_of(db, user);
            if (pair == 0) return fail(errc::not_paired);
            auto& query = db.cached(retags_after_sql);
            query.bind(1, pair).bind_unsigned(2, after_retag_seq).bind_unsigned(3, limit);
            std::vector<stored_retag> retags;
            while (query.step()) {
                retags.push_back({static_cast<std::uint64_t>(query.column_int(0)),
                                  static_cast<int>(query.column_int(1)),
                                  static_cast<int>(query.column_int(2)),
                                  static_cast<std::uint64_t>(query.column_int(3)),
                                  static_cast<int>(query.column_int(4)),
                                  static_cast<std::uint64_t>(query.column_int(5))});
            }
            return retags;
        },
        std::move(done));
}

void sqlite_store::load_activity(user_id user, std::int64_t since_ms,
                                 store_handler<activity_view> done) {
    submit<activity_view>(
        false,
        [user, since_ms](sqlite::database& db) -> result<activity_view> {
            const pair_id pair = pair_of(db, user);
            if (pair == 0) return fail(errc::not_paired);
            auto& settings = db.cached(
                "SELECT p.user_a, ua.name, ub.name, p.response_window_s, p.time_zone, "
                "       ua.tracking AND ub.tracking "
                "FROM pairs p JOIN users ua ON ua.id = p.user_a JOIN users ub ON ub.id = p.user_b "
                "WHERE p.id = ?");
            settings.bind(1, pair).step();
            const user_id first = settings.column_int(0);
            activity_view view;
            view.settings.partners = {settings.column_text(1), settings.column_text(2)};
            view.settings.response_window_ms = settings.column_int(3) * 1000;
            view.settings.time_zone = settings.column_text(4);
            view.tracking = settings.column_int(5) != 0;
            auto index_of = [first](user_id sender) { return sender == first ? 0 : 1; };

            auto& bids = db.cached(bids_since_sql);
            bids.bind(1, pair).bind(2, since_ms);
            while (bids.step()) {
                view.activity.bids.push_back(
                    {static_cast<std::uint64_t>(bids.column_int(0)), index_of(bids.column_int(1)),
                     static_cast<int>(bids.column_int(2)), bids.column_int(3)});
            }
            auto& responses = db.cached(responses_since_sql);
            responses.bind(1, pair).bind(2, since_ms);
            while (responses.step()) {
                view.activity.responses.push_back(
                    {static_cast<std::uint64_t>(responses.column_int(0)),
                     static_cast<std::uint64_t>(responses.column_int(1)),
                     index_of(responses.column_int(2)), static_cast<int>(responses.column_int(3)),
                     responses.column_int(4)});
            }
            auto& pauses =
                db.cached("SELECT start_ms, end_ms FROM pauses WHERE pair_id = ? AND end_ms >= ?");
            pauses.bind(1, pair).bind(2, since_ms);
            while (pauses.step()) {
                view.activity.pauses.push_back({pauses.column_int(0), pauses.column_int(1)});
            }
            return view;
        },
        std::move(done));
}

}  // namespace toward::server
