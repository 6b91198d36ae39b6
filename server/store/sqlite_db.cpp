#include "store/sqlite_db.hpp"

namespace toward::server {
namespace {

[[noreturn]] void throw_error(sqlite3* db, int code, std::string_view context) {
    throw sqlite_error(
        code, std::string(context) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(code)));
}

}  // namespace

statement::statement(sqlite3* db, std::string_view sql) : db_(db) {
    const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
    if (rc != SQLITE_OK) throw_error(db, rc, "prepare");
}

statement::~statement() {
    sqlite3_finalize(stmt_);
}

statement& statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    return *this;
}

void statement::finish() {
    sqlite3_reset(stmt_);
}

statement& statement::bind(int index, std::int64_t value) {
    const int rc = sqlite3_bind_int64(stmt_, index, value);
    if (rc != SQLITE_OK) throw_error(db_, rc, "bind");
    return *this;
}

statement& statement::bind(int index, std::string_view text) {
    const int rc = sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                                     SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) throw_error(db_, rc, "bind");
    return *this;
}

statement& statement::bind_blob(int index, std::string_view bytes) {
    const int rc = sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()),
                                     SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) throw_error(db_, rc, "bind");
    return *this;
}

statement& statement::bind_null(int index) {
    const int rc = sqlite3_bind_null(stmt_, index);
    if (rc != SQLITE_OK) throw_error(db_, rc, "bind");
    return *this;
}

bool statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sqlite3_reset(stmt_);
    throw_error(db_, rc, "step");
}

void statement::run() {
    while (step()) {
    }
}

std::int64_t statement::column_int(int index) const {
    return sqlite3_column_int64(stmt_, index);
}

std::string statement::column_text(int index) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, index));
    return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)))
                : std::string();
}

std::string statement::column_blob(int index) const {
    const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt_, index));
    return data ? std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)))
                : std::string();
}

bool statement::column_is_null(int index) const {
    return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

sqlite_db::sqlite_db(const std::string& path) {
    const int rc =
        sqlite3_open_v2(path.c_str(), &db_,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        const std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw sqlite_error(rc, "open " + path + ": " + message);
    }
    sqlite3_extended_result_codes(db_, 1);
}

sqlite_db::~sqlite_db() {
    statements_.clear();
    sqlite3_close(db_);
}

void sqlite_db::exec(const std::string& sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        const std::string text = message ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        throw sqlite_error(rc, "exec: " + text);
    }
}

statement& sqlite_db::prepare(const std::string& sql) {
    auto it = statements_.find(sql);
    if (it == statements_.end()) {
        it = statements_.emplace(sql, std::make_unique<statement>(db_, sql)).first;
    }
    return it->second->reset();
}

void sqlite_db::reset_all() {
    for (auto& [sql, stmt] : statements_) stmt->finish();
}

int sqlite_db::changes() const {
    return sqlite3_changes(db_);
}

std::int64_t sqlite_db::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(db_);
}

}  // namespace toward::server
