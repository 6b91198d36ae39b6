// Retention: the ciphertext of old messages that both partners have is
// dropped; the rows stay, with their bid metadata, for the weekly summaries.
#include "store/sqlite_store_impl.hpp"

namespace toward::server {

void sqlite_store::purge_delivered_ciphertext(std::int64_t older_than_ms, std::uint32_t limit,
                                              store_handler<std::uint64_t> done) {
    submit<std::uint64_t>(
        true,
        [this, older_than_ms, limit](sqlite::database& db) -> result<std::uint64_t> {
            // The recipient is the pair's other user. Its delivered_seq counts
            // only while it is still in this pair (re-pairing resets it to 0);
            // a pair that has ended is no longer fetched by anyone.
            db.cached(
                  "UPDATE messages SET ratchet_header = x'', ciphertext = x'' "
                  "WHERE (pair_id, seq) IN ("
                  "  SELECT m.pair_id, m.seq FROM messages m "
                  "  JOIN pairs p ON p.id = m.pair_id "
                  "  JOIN users r ON r.id = "
                  "    (CASE WHEN m.sender_id = p.user_a THEN p.user_b ELSE p.user_a END) "
                  "  WHERE m.server_ms < ?1 "
                  "    AND (length(m.ciphertext) > 0 OR length(m.ratchet_header) > 0) "
                  "    AND (p.ended_ms IS NOT NULL "
                  "         OR (r.pair_id = p.id AND m.seq <= r.delivered_seq)) "
                  "  LIMIT ?2)")
                .bind(1, older_than_ms)
                .bind_unsigned(2, limit)
                .run();
            const auto emptied = static_cast<std::uint64_t>(db.changes());
            if (emptied > 0) append_cache_->stored_bytes.clear();  // pairs hold less now
            return emptied;
        },
        std::move(done));
}

}  // namespace toward::server
