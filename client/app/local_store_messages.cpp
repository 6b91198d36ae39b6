// The decrypted history and the outbox of the local store.
#include "local_store.hpp"
#include "local_store_guard.hpp"
#include "sqlite/database.hpp"

namespace toward::app {
namespace {

using detail::guarded;

constexpr const char* message_columns =
    "id, pair_id, seq, sender, outgoing, kind, bid_category, reply_to, turn, text, time_ms, "
    "client_message_id, status, sealed";

history_entry read_message(const sqlite::statement& row) {
    history_entry entry;
    entry.id = row.column_int(0);
    entry.pair_id = static_cast<std::uint64_t>(row.column_int(1));
    if (!row.column_is_null(2)) entry.seq = static_cast<std::uint64_t>(row.column_int(2));
    entry.sender = row.column_text(3);
    entry.outgoing = row.column_int(4) != 0;
    entry.kind = static_cast<v1::MessageKind>(row.column_int(5));
    entry.bid_category = static_cast<v1::BidCategory>(row.column_int(6));
    entry.reply_to = static_cast<std::uint64_t>(row.column_int(7));
    entry.turn = static_cast<v1::Turn>(row.column_int(8));
    entry.text = row.column_text(9);
    entry.time_ms = row.column_int(10);
    entry.client_message_id = row.column_text(11);
    entry.status = static_cast<message_status>(row.column_int(12));
    entry.sealed = row.column_int(13) != 0;
    return entry;
}

}  // namespace

const char* status_name(message_status status) {
    switch (status) {
        case message_status::pending:
            return "pending";
        case message_status::sent:
            return "sent";
        case message_status::delivered:
            return "delivered";
        case message_status::read:
            return "read";
        case message_status::received:
            return "received";
        case message_status::undecryptable:
            return "undecryptable";
        case message_status::rejected:
            return "rejected";
        case message_status::expired:
            return "expired";
    }
    return "unknown";
}

app_result<std::int64_t> local_store::add_message(const history_entry& entry) {
    return guarded([&] {
        auto insert = db_->prepare(
            "INSERT INTO messages(seq, sender, outgoing, kind, bid_category, reply_to, turn, text, "
            "time_ms, client_message_id, status, pair_id, sealed) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        if (entry.seq) {
            insert.bind(1, static_cast<std::int64_t>(*entry.seq));
        } else {
            insert.bind_null(1);
        }
        insert.bind_text(2, entry.sender)
            .bind(3, entry.outgoing ? 1 : 0)
            .bind(4, entry.kind)
            .bind(5, entry.bid_category)
            .bind(6, static_cast<std::int64_t>(entry.reply_to))
            .bind(7, entry.turn)
            .bind_text(8, entry.text)
            .bind(9, entry.time_ms)
            .bind_text(10, entry.client_message_id)
            .bind(11, static_cast<std::int64_t>(entry.status))
            .bind(12, static_cast<std::int64_t>(entry.pair_id))
            .bind(13, entry.sealed ? 1 : 0)
            .run();
        return db_->last_insert_rowid();
    });
}

app_result<bool> local_store::has_message(std::uint64_t pair_id, std::uint64_t seq,
                                          const std::string& client_message_id) {
    auto stored = guarded([&]() -> std::optional<std::string> {
        auto query =
            db_->prepare("SELECT client_message_id FROM messages WHERE pair_id = ? AND seq = ?");
        query.bind(1, static_cast<std::int64_t>(pair_id)).bind(2, static_cast<std::int64_t>(seq));
        if (!query.step()) return std::nullopt;
        return query.column_text(0);
    });
    if (!stored) return stored.error();
    if (!*stored) return false;
    if (**stored == client_message_id) return true;
    return fail("message #" + std::to_string(seq) +
                " from the server is not the one this home holds under that number; "
                "nothing was dropped: tell the server's operator");
}

app_result<std::optional<history_entry>> local_store::find_outgoing(
    const std::string& client_message_id) {
    return guarded([&]() -> std::optional<history_entry> {
        auto query = db_->prepare(std::string("SELECT ") + message_columns +
                                  " FROM messages WHERE outgoing = 1 AND client_message_id = ?");
        query.bind_text(1, client_message_id);
        if (!query.step()) return std::nullopt;
        return read_message(query);
    });
}

app_status local_store::mark_sent(std::int64_t id, std::uint64_t seq, std::int64_t server_time_ms) {
    return guarded([&] {
        db_->prepare("UPDATE messages SET seq = ?, time_ms = ?, status = ? WHERE id = ?")
            .bind(1, static_cast<std::int64_t>(seq))
            .bind(2, server_time_ms)
            .bind(3, static_cast<std::int64_t>(message_status::sent))
            .bind(4, id)
            .run();
        db_->prepare("DELETE FROM outbox WHERE message_id = ?").bind(1, id).run();
    });
}

app_status local_store::set_status(std::int64_t id, message_status status) {
    return guarded([&] {
        db_->prepare("UPDATE messages SET status = ? WHERE id = ?")
            .bind(1, static_cast<std::int64_t>(status))
            .bind(2, id)
            .run();
    });
}

app_status local_store::mark_receipt(std::uint64_t pair_id, std::uint64_t up_to_seq,
                                     message_status status) {
    return guarded([&] {
        // sent < delivered < read in the enum; only raise.
        db_->prepare(
               "UPDATE messages SET status = ?1 WHERE outgoing = 1 AND seq IS NOT NULL "
               "AND seq <= ?2 AND status IN (?3, ?4) AND status < ?1 AND pair_id = ?5")
            .bind(1, static_cast<std::int64_t>(status))
            .bind(2, static_cast<std::int64_t>(up_to_seq))
            .bind(3, static_cast<std::int64_t>(message_status::sent))
            .bind(4, static_cast<std::int64_t>(message_status::delivered))
            .bind(5, static_cast<std::int64_t>(pair_id))
            .run();
    });
}

app_result<retag_effect> local_store::retag_message(std::uint64_t pair_id, std::uint64_t seq,
                                                    v1::MessageKind kind,
                                                    v1::BidCategory bid_category,
                                                    std::uint64_t reply_to, v1::Turn turn) {
    return guarded([&] {
        auto update = db_->prepare(
            "UPDATE messages SET kind = ?1, bid_category = ?2, reply_to = ?3, turn = ?4 "
            "WHERE pair_id = ?5 AND seq = ?6 AND (kind != ?1 OR bid_category != ?2 OR "
            "reply_to != ?3 OR turn != ?4) RETURNING outgoing");
        update.bind(1, kind)
            .bind(2, bid_category)
            .bind(3, static_cast<std::int64_t>(reply_to))
            .bind(4, turn)
            .bind(5, static_cast<std::int64_t>(pair_id))
            .bind(6, static_cast<std::int64_t>(seq));
        if (!update.step()) return retag_effect::none;
        const auto effect =
            update.column_int(0) != 0 ? retag_effect::own_message : retag_effect::partner_message;
        update.finish();  // (pair_id, seq) is unique: one row at most
        return effect;
    });
}

app_result<std::vector<history_entry>> local_store::history(std::size_t limit) {
    return guarded([&] {
        // Messages in the pair's order; ours still unacknowledged come last.
        auto query = db_->prepare(std::string("SELECT ") + message_columns +
                                  " FROM messages WHERE sealed = 0 ORDER BY pair_id DESC, seq IS "
                                  "NULL DESC, seq DESC, id DESC "
                                  "LIMIT ?");
        query.bind(1, limit == 0 ? -1 : static_cast<std::int64_t>(limit));
        std::vector<history_entry> newest_first;
        while (query.step()) newest_first.push_back(read_message(query));
        return std::vector<history_entry>(newest_first.rbegin(), newest_first.rend());
    });
}

app_status local_store::add_outbox(std::int64_t message_id, const std::string& ratchet_header,
                                   const std::string& ciphertext) {
    return guarded([&] {
        db_->prepare("INSERT INTO outbox(message_id, ratchet_header, ciphertext) VALUES (?, ?, ?)")
            .bind(1, message_id)
            .bind_blob(2, ratchet_header)
            .bind_blob(3, ciphertext)
            .run();
    });
}

app_result<std::vector<outbox_entry>> local_store::outbox() {
    return guarded([&] {
        std::vector<outbox_entry> entries;
        auto query = db_->prepare(
            "SELECT m.id, m.pair_id, m.seq, m.sender, m.outgoing, m.kind, m.bid_category, "
            "m.reply_to, m.turn, "
            "m.text, m.time_ms, m.client_message_id, m.status, m.sealed, o.ratchet_header, "
            "o.ciphertext "
            "FROM outbox o JOIN messages m ON m.id = o.message_id ORDER BY m.id");
        while (query.step()) {
            entries.push_back({read_message(query), query.column_blob(14), query.column_blob(15)});
        }
        return entries;
    });
}

app_status local_store::remove_outbox(std::int64_t message_id) {
    return guarded(
        [&] { db_->prepare("DELETE FROM outbox WHERE message_id = ?").bind(1, message_id).run(); });
}

}  // namespace toward::app
