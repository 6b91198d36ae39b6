// The together features' part of the local store: the cached pair settings,
// check-in answers and trigger lists. Answers and lists are kept as their
// serialized protobuf messages, exactly as they travel inside the encryption.
#include "local_store.hpp"
#include "local_store_guard.hpp"
#include "sqlite/database.hpp"

namespace toward::app {
namespace {

using detail::guarded;

checkin_record read_checkin(const sqlite::statement& row) {
    checkin_record record;
    record.pair_id = static_cast<std::uint64_t>(row.column_int(0));
    record.outgoing = row.column_int(1) != 0;
    record.author = row.column_text(2);
    if (!record.answers.ParseFromString(row.column_blob(3))) {
        throw sqlite::error(0, "stored check-in answers are damaged");
    }
    return record;
}

constexpr const char* checkin_columns = "pair_id, outgoing, author, answers";

}  // namespace

app_result<std::optional<v1::PairSettings>> local_store::cached_pair_settings() {
    auto stored = setting(setting::pair_settings);
    if (!stored) return stored.error();
    if (!*stored) return std::optional<v1::PairSettings>{};
    v1::PairSettings settings;
    if (!settings.ParseFromString(**stored)) return std::optional<v1::PairSettings>{};
    return std::optional<v1::PairSettings>(std::move(settings));
}

app_status local_store::cache_pair_settings(const v1::PairSettings& settings) {
    return set_setting(setting::pair_settings, settings.SerializeAsString());
}

app_result<bool> local_store::save_checkin(const checkin_record& record) {
    return guarded([&] {
        db_->prepare(
               "INSERT INTO checkin_answers(pair_id, occurrence, outgoing, author, answers, "
               "answered_at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
               "ON CONFLICT(pair_id, occurrence, outgoing) DO UPDATE SET author = ?4, "
               "answers = ?5, answered_at_ms = ?6 WHERE answered_at_ms <= ?6")
            .bind(1, static_cast<std::int64_t>(record.pair_id))
            .bind_text(2, record.answers.occurrence())
            .bind(3, record.outgoing ? 1 : 0)
            .bind_text(4, record.author)
            .bind_blob(5, record.answers.SerializeAsString())
            .bind(6, record.answers.answered_at_ms())
            .run();
        return db_->changes() > 0;
    });
}

app_result<std::optional<checkin_record>> local_store::find_checkin(std::uint64_t pair_id,
                                                                    const std::string& occurrence,
                                                                    bool outgoing) {
    return guarded([&]() -> std::optional<checkin_record> {
        auto query = db_->prepare(std::string("SELECT ") + checkin_columns +
                                  " FROM checkin_answers WHERE pair_id = ? AND occurrence = ? "
                                  "AND outgoing = ?");
        query.bind(1, static_cast<std::int64_t>(pair_id))
            .bind_text(2, occurrence)
            .bind(3, outgoing ? 1 : 0);
        if (!query.step()) return std::nullopt;
        return read_checkin(query);
    });
}

app_result<std::vector<checkin_record>> local_store::checkins(std::uint64_t pair_id) {
    return guarded([&] {
        std::vector<checkin_record> found;
        auto query = db_->prepare(std::string("SELECT ") + checkin_columns +
                                  " FROM checkin_answers WHERE pair_id = ? "
                                  "ORDER BY occurrence DESC, outgoing DESC");
        query.bind(1, static_cast<std::int64_t>(pair_id));
        while (query.step()) found.push_back(read_checkin(query));
        return found;
    });
}

app_result<std::vector<v1::Trigger>> local_store::own_triggers() {
    return guarded([&] {
        std::vector<v1::Trigger> found;
        auto query = db_->prepare("SELECT id, text, helps FROM own_triggers ORDER BY id");
        while (query.step()) {
            v1::Trigger trigger;
            trigger.set_id(static_cast<std::uint64_t>(query.column_int(0)));
            trigger.set_text(query.column_text(1));
            trigger.set_helps(query.column_text(2));
            found.push_back(std::move(trigger));
        }
        return found;
    });
}

app_result<std::uint64_t> local_store::add_own_trigger(const std::string& text,
                                                       const std::string& helps) {
    return guarded([&] {
        db_->prepare("INSERT INTO own_triggers(text, helps) VALUES (?, ?)")
            .bind_text(1, text)
            .bind_text(2, helps)
            .run();
        return static_cast<std::uint64_t>(db_->last_insert_rowid());
    });
}

app_result<bool> local_store::remove_own_trigger(std::uint64_t id) {
    return guarded([&] {
        db_->prepare("DELETE FROM own_triggers WHERE id = ?")
            .bind(1, static_cast<std::int64_t>(id))
            .run();
        return db_->changes() > 0;
    });
}

app_result<std::optional<partner_triggers_record>> local_store::partner_triggers() {
    return guarded([&]() -> std::optional<partner_triggers_record> {
        auto query = db_->prepare("SELECT author, list FROM partner_triggers WHERE id = 1");
        if (!query.step()) return std::nullopt;
        partner_triggers_record record;
        record.author = query.column_text(0);
        if (!record.list.ParseFromString(query.column_blob(1))) {
            throw sqlite::error(0, "the stored trigger list is damaged");
        }
        return record;
    });
}

app_result<bool> local_store::save_partner_triggers(const partner_triggers_record& record) {
    return guarded([&] {
        db_->prepare(
               "INSERT INTO partner_triggers(id, author, list, updated_at_ms) VALUES (1, ?1, ?2, "
               "?3) ON CONFLICT(id) DO UPDATE SET author = ?1, list = ?2, updated_at_ms = ?3 "
               "WHERE updated_at_ms < ?3")
            .bind_text(1, record.author)
            .bind_blob(2, record.list.SerializeAsString())
            .bind(3, record.list.updated_at_ms())
            .run();
        return db_->changes() > 0;
    });
}

}  // namespace toward::app
