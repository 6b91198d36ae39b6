// Messages: append with per-pair sequence numbers, fetch, receipts.
#include "store/sqlite_store_impl.hpp"

namespace toward::server {
namespace {

constexpr const char* message_columns =
    "SELECT m.pair_id, m.seq, m.sender_id, u.name, m.server_ms, m.client_message_id, m.kind, "
    "m.bid_category, m.response_bid_seq, m.turn, m.ratchet_header, m.ciphertext "
    "FROM messages m JOIN users u ON u.id = m.sender_id ";

stored_message read_message(const sqlite::statement& row) {
    stored_message message;
    message.pair = row.column_int(0);
    message.seq = static_cast<std::uint64_t>(row.column_int(1));
    message.sender = row.column_int(2);
    message.sender_name = row.column_text(3);
    message.server_time_ms = row.column_int(4);
    message.content.client_message_id = row.column_text(5);
    message.content.kind = static_cast<int>(row.column_int(6));
    message.content.bid_category = static_cast<int>(row.column_int(7));
    message.content.response_bid_seq = static_cast<std::uint64_t>(row.column_int(8));
    message.content.turn = static_cast<int>(row.column_int(9));
    message.content.ratchet_header = row.column_blob(10);
    message.content.ciphertext = row.column_blob(11);
    return message;
}

std::optional<sender_view> load_sender(sqlite::database& db, user_id sender) {
    auto& query = db.cached(
        "SELECT p.id, p.user_a, p.user_b, u.name, ua.tracking AND ub.tracking "
        "FROM users u JOIN pairs p ON p.id = u.pair_id "
        "JOIN users ua ON ua.id = p.user_a JOIN users ub ON ub.id = p.user_b "
        "WHERE u.id = ?");
    if (!query.bind(1, sender).step()) return std::nullopt;
    sender_view view;
    view.pair = query.column_int(0);
    view.partner = query.column_int(query.column_int(1) == sender ? 2 : 1);
    view.name = query.column_text(3);
    view.tracking = query.column_int(4) != 0;
    return view;
}

// The sender's view from the cache, or read into it; null when not paired.
const sender_view* find_sender(append_cache& cache, sqlite::database& db, user_id sender) {
    if (auto known = cache.senders.find(sender); known != cache.senders.end()) {
        return &known->second;
    }
    auto view = load_sender(db, sender);
    if (!view) return nullptr;
    return &cache.senders.emplace(sender, std::move(*view)).first->second;
}

// Bytes of ratchet header and ciphertext the pair's messages hold now.
// length() of a blob reads the record header only, not the blob.
std::int64_t& stored_bytes_of(append_cache& cache, sqlite::database& db, pair_id pair) {
    auto [known, added] = cache.stored_bytes.try_emplace(pair, 0);
    if (added) {
        auto& sum = db.cached(
            "SELECT coalesce(sum(length(ratchet_header) + length(ciphertext)), 0) "
            "FROM messages WHERE pair_id = ?");
        known->second = sum.bind(1, pair).step() ? sum.column_int(0) : 0;
        sum.finish();
    }
    return known->second;
}

std::int64_t& last_seq_of(append_cache& cache, sqlite::database& db, pair_id pair) {
    auto [known, added] = cache.last_seq.try_emplace(pair, 0);
    if (added) known->second = read_last_seq(db, pair);
    return known->second;
}

// The message the sender already sent under this client id, as a
// duplicate's outcome, if there is one.
std::optional<append_outcome> earlier_send(sqlite::database& db, const sender_view& from,
                                           user_id sender, const std::string& client_message_id) {
    auto& earlier = db.cached(std::string(message_columns) +
                              "WHERE m.pair_id = ? AND m.sender_id = ? "
                              "AND m.client_message_id = ?");
    if (!earlier.bind(1, from.pair).bind(2, sender).bind_text(3, client_message_id).step()) {
        return std::nullopt;
    }
    append_outcome outcome;
    outcome.message = read_message(earlier);
    outcome.recipient = from.partner;
    outcome.duplicate = true;
    return outcome;
}

// Throws sqlite::error: SQLITE_CONSTRAINT_UNIQUE when the client id is taken
// (or the seq, which the append cache rules out).
void insert_message(sqlite::database& db, pair_id pair, std::int64_t seq, user_id sender,
                    const message_draft& draft, std::int64_t now_ms) {
    db.cached(
          "INSERT OR FAIL INTO messages(pair_id, seq, sender_id, client_message_id, kind, "
          "bid_category, response_bid_seq, turn, ratchet_header, ciphertext, server_ms) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, pair)
        .bind(2, seq)
        .bind(3, sender)
        .bind_text(4, draft.client_message_id)
        .bind(5, draft.kind)
        .bind(6, draft.bid_category)
        .bind_unsigned(7, draft.response_bid_seq)
        .bind(8, draft.turn)
        .bind_blob(9, draft.ratchet_header)
        .bind_blob(10, draft.ciphertext)
        .bind(11, now_ms)
        .run();
}

}  // namespace

// The index messages_by_seq finds the newest message in one seek.
const char* const newest_seq_sql =
    "MAX(pairs.last_seq, IFNULL((SELECT MAX(m.seq) FROM messages m "
    "WHERE m.pair_id = pairs.id), 0))";

std::int64_t read_last_seq(sqlite::database& db, pair_id pair) {
    auto& last =
        db.cached(std::string("SELECT ") + newest_seq_sql + " FROM pairs WHERE pairs.id = ?");
    if (!last.bind(1, pair).step()) return 0;
    const std::int64_t seq = last.column_int(0);
    last.finish();
    return seq;
}

bool answers_partner_bid(sqlite::database& db, pair_id pair, user_id sender,
                         std::uint64_t bid_seq) {
    auto& bid = db.cached("SELECT sender_id, kind FROM messages WHERE pair_id = ? AND seq = ?");
    if (!bid.bind(1, pair).bind_unsigned(2, bid_seq).step()) return false;
    constexpr int kind_bid = 2;
    return bid.column_int(0) != sender && bid.column_int(1) == kind_bid;
}

void sqlite_store::append_message(user_id sender, message_draft draft, std::int64_t now_ms,
                                  store_handler<append_outcome> done) {
    submit<append_outcome>(
        true,
        [this, sender, draft = std::move(draft), now_ms, max_pair_bytes = options_.max_pair_bytes](
            sqlite::database& db) mutable -> result<append_outcome> {
            auto& cache = *append_cache_;
            const sender_view* from = find_sender(cache, db, sender);
            if (!from) return fail(errc::not_paired);
            const pair_id pair = from->pair;
            // Without both partners' consent, nothing is tagged.
            if (!from->tracking) {
                draft.kind = 1;
                draft.bid_category = 0;
                draft.response_bid_seq = 0;
                draft.turn = 0;
            }
            constexpr int kind_response = 3;
            if (draft.kind == kind_response &&
                !answers_partner_bid(db, pair, sender, draft.response_bid_seq)) {
                // A resent response is still its duplicate, should its bid
                // have been retagged since.
                if (auto earlier = earlier_send(db, *from, sender, draft.client_message_id)) {
                    return std::move(*earlier);
                }
                return fail(errc::not_found);
            }

            // Atomic (no SAVEPOINT, sqlite_store_impl.hpp): every check is
            // done, and the one write is a single row with OR FAIL, which
            // needs no statement journal. If the INSERT fails it has changed
            // nothing; an I/O error rolls the whole transaction back. A
            // resent message fails the client-id index's check, which is
            // cheaper than looking for it before every insert.
            // The store's disk is shared: one pair cannot fill it. A resend
            // of a message already stored still gets its acknowledgement.
            std::int64_t& stored = stored_bytes_of(cache, db, pair);
            const auto size =
                static_cast<std::int64_t>(draft.ratchet_header.size() + draft.ciphertext.size());
            if (stored + size > max_pair_bytes) {
                if (auto earlier = earlier_send(db, *from, sender, draft.client_message_id)) {
                    return std::move(*earlier);
                }
                return fail(errc::quota_exceeded);
            }
            std::int64_t& last_seq = last_seq_of(cache, db, pair);
            const std::int64_t seq = last_seq + 1;
            try {
                insert_message(db, pair, seq, sender, draft, now_ms);
            } catch (const sqlite::error& e) {
                if (e.code() != SQLITE_CONSTRAINT_UNIQUE) throw;
                if (auto earlier = earlier_send(db, *from, sender, draft.client_message_id)) {
                    return std::move(*earlier);
                }
                throw;
            }
            last_seq = seq;
            stored += size;
            append_outcome outcome;
            outcome.recipient = from->partner;
            outcome.message.pair = pair;
            outcome.message.seq = static_cast<std::uint64_t>(seq);
            outcome.message.sender = sender;
            outcome.message.sender_name = from->name;
            outcome.message.server_time_ms = now_ms;
            outcome.message.content = std::move(draft);
            return outcome;
        },
        std::move(done), {.atomic = true, .keeps_append_cache = true});
}

void sqlite_store::fetch_messages(user_id user, std::uint64_t after_seq, std::uint32_t limit,
                                  bool from_partner_only,
                                  store_handler<std::vector<stored_message>> done) {
    submit<std::vector<stored_message>>(
        false,
        [=](sqlite::database& db) -> result<std::vector<stored_message>> {
            const pair_id pair = pair_of(db, user);
            if (pair == 0) return fail(errc::not_paired);
            auto& query = db.cached(std::string(message_columns) +
                                    "WHERE m.pair_id = ? AND m.seq > ? AND m.sender_id != ? "
                                    "ORDER BY m.seq LIMIT ?");
            // sender_id != 0 matches everyone: ids start at 1.
            query.bind(1, pair)
                .bind_unsigned(2, after_seq)
                .bind(3, from_partner_only ? user : 0)
                .bind_unsigned(4, limit);
            std::vector<stored_message> messages;
            while (query.step()) messages.push_back(read_message(query));
            return messages;
        },
        std::move(done));
}

void sqlite_store::record_receipt(user_id user, receipt_kind kind, std::uint64_t up_to_seq,
                                  store_handler<receipt_outcome> done) {
    submit<receipt_outcome>(
        true,
        [=](sqlite::database& db) -> result<receipt_outcome> {
            auto partner = load_partner_of(db, user);
            if (!partner) return fail(errc::not_paired);
            const auto last_seq = static_cast<std::uint64_t>(read_last_seq(db, partner->pair));
            if (up_to_seq > last_seq) return fail(errc::invalid_argument);

            const std::string column =
                kind == receipt_kind::delivered ? "delivered_seq" : "read_seq";
            auto& current = db.cached("SELECT " + column + " FROM users WHERE id = ?");
            current.bind(1, user).step();
            const auto before = static_cast<std::uint64_t>(current.column_int(0));
            receipt_outcome outcome{std::max(before, up_to_seq), partner->partner,
                                    up_to_seq > before};
            if (outcome.changed) {
                db.cached("UPDATE users SET " + column + " = ? WHERE id = ?")
                    .bind_unsigned(1, up_to_seq)
                    .bind(2, user)
                    .run();
            }
            return outcome;
        },
        std::move(done), {.keeps_append_cache = true});  // only users' receipt columns
}

}  // namespace toward::server
