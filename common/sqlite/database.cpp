#include "sqlite/database.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <utility>

namespace toward::sqlite {
namespace {

[[noreturn]] void fail(sqlite3* db, int code, std::string_view context) {
    throw error(code,
                std::string(context) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(code)));
}

}  // namespace

statement::statement(sqlite3* db, std::string_view sql, bool persistent) : db_(db) {
    const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                      persistent ? SQLITE_PREPARE_PERSISTENT : 0, &stmt_, nullptr);
    if (rc != SQLITE_OK) fail(db, rc, "prepare");
}

statement::~statement() {
    if (stmt_) sqlite3_finalize(stmt_);
}

statement::statement(statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}

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
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

statement& statement::bind_unsigned(int index, std::uint64_t value) {
    constexpr auto largest = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    return bind(index, static_cast<std::int64_t>(std::min(value, largest)));
}

statement& statement::bind_text(int index, std::string_view text) {
    const int rc = sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                                     SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

statement& statement::bind_blob(int index, std::string_view bytes) {
    return bind_blob(index, std::span<const std::uint8_t>(
                                reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
}

statement& statement::bind_blob(int index, std::span<const std::uint8_t> bytes) {
    // A zero-length blob needs a non-null pointer, or SQLite stores NULL.
    static const std::uint8_t empty = 0;
    const void* data = bytes.empty() ? &empty : bytes.data();
    const int rc =
        sqlite3_bind_blob(stmt_, index, data, static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

statement& statement::bind_null(int index) {
    const int rc = sqlite3_bind_null(stmt_, index);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

bool statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sqlite3_reset(stmt_);
    fail(db_, rc, "step");
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
    const auto bytes = column_bytes(index);
    return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

std::span<const std::uint8_t> statement::column_bytes(int index) const {
    const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, index));
    if (!data) return {};
    return {data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index))};
}

bool statement::column_is_null(int index) const {
    return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

bool database::in_transaction() const noexcept {
    return sqlite3_get_autocommit(db_) == 0;
}

database::database(const std::filesystem::path& path, const char* vfs) {
    // Create a new file ourselves so it is never readable by others, even
    // for the moment before SQLite would apply its own mode. Only a new one:
    // closing any descriptor of a file drops every POSIX lock this process
    // holds on it, so opening and closing a database that another
    // connection here has open silently unlocks it (a backup process could
    // then checkpoint and delete the WAL under it).
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
        ::close(fd);
    } else if (errno != EEXIST) {
        throw error(SQLITE_CANTOPEN,
                    "cannot create " + path.string() + ": " + std::strerror(errno));
    }
    const int rc = sqlite3_open_v2(
        path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, vfs);
    if (rc != SQLITE_OK) {
        const std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw error(rc, "open " + path.string() + ": " + message);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, 5000);
}

database::~database() {
    cached_.clear();  // statements go before their connection
    sqlite3_close(db_);
}

void database::exec(std::string_view sql) {
    const std::string text(sql);
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        const std::string reason = message ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        throw error(rc, "exec: " + reason);
    }
}

statement database::prepare(std::string_view sql) {
    return statement(db_, sql);
}

statement& database::cached(std::string_view sql) {
    auto it = cached_.find(sql);
    if (it == cached_.end()) {
        it = cached_
                 .emplace(std::string(sql),
                          cached_statement{std::make_unique<statement>(db_, sql, true)})
                 .first;
    }
    auto& entry = it->second;
    if (!entry.used) {
        entry.used = true;
        used_.push_back(&entry);
    }
    return entry.stmt->reset();
}

void database::reset_all() {
    for (auto* entry : used_) {
        entry->stmt->finish();
        entry->used = false;
    }
    used_.clear();
}

int database::changes() const {
    return sqlite3_changes(db_);
}

std::int64_t database::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(db_);
}

}  // namespace toward::sqlite
