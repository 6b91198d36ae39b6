#include "acked_log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace toward::bench {

namespace {

constexpr std::size_t flush_bytes = 64 * 1024;

void append_number(std::string& out, std::uint64_t value) {
    char digits[24];
    const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
    out.append(digits, end);
}

std::uint64_t parse_number(std::string_view text, std::string_view line) {
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) {
        throw std::runtime_error("bad number '" + std::string(text) + "' in acked log line '" +
                                 std::string(line) + "'");
    }
    return value;
}

std::vector<std::string_view> split_fields(std::string_view line) {
    std::vector<std::string_view> fields;
    std::size_t at = 0;
    while (at < line.size()) {
        const auto end = line.find(' ', at);
        const auto stop = end == std::string_view::npos ? line.size() : end;
        if (stop > at) fields.push_back(line.substr(at, stop - at));
        at = stop + 1;
    }
    return fields;
}

}  // namespace

acked_log::acked_log(const std::filesystem::path& path) : path_(path.string()) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ < 0) {
        throw std::runtime_error("cannot open --acked-log " + path_ + ": " + std::strerror(errno));
    }
    buffer_.reserve(2 * flush_bytes);
}

acked_log::~acked_log() {
    try {
        flush();
    } catch (const std::exception&) {
        // The run's own flush() at its end reports a failure.
    }
    ::close(fd_);
}

void acked_log::comment(std::string_view text) {
    std::string line = "# ";
    line.append(text);
    append_line(std::move(line), false);
}

void acked_log::ack(std::uint64_t pair_id, std::string_view sender,
                    std::string_view client_message_id, std::uint64_t seq) {
    std::string line = "ack ";
    line.reserve(96);
    append_number(line, pair_id);
    line += ' ';
    line.append(sender);
    line += ' ';
    line.append(client_message_id);
    line += ' ';
    append_number(line, seq);
    append_line(std::move(line), true);
}

void acked_log::unacked(std::uint64_t pair_id, std::string_view sender,
                        std::string_view client_message_id) {
    std::string line = "unacked ";
    append_number(line, pair_id);
    line += ' ';
    line.append(sender);
    line += ' ';
    line.append(client_message_id);
    append_line(std::move(line), false);
}

void acked_log::append_line(std::string&& line, bool is_ack) {
    std::lock_guard lock(mutex_);
    if (is_ack) ++acks_;
    buffer_.append(line);
    buffer_ += '\n';
    if (buffer_.size() >= flush_bytes) write_locked();
}

void acked_log::flush() {
    std::lock_guard lock(mutex_);
    write_locked();
    if (!error_.empty()) throw std::runtime_error(error_);
}

std::uint64_t acked_log::acks() const {
    std::lock_guard lock(mutex_);
    return acks_;
}

void acked_log::write_locked() {
    std::size_t done = 0;
    while (done < buffer_.size() && error_.empty()) {
        const auto n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            error_ = "cannot write --acked-log " + path_ + ": " +
                     (n < 0 ? std::strerror(errno) : "nothing written");
        } else {
            done += static_cast<std::size_t>(n);
        }
    }
    // After a failed write the log is incomplete whatever follows: drop the
    // rest rather than let the buffer grow; flush() reports the failure.
    buffer_.clear();
}

std::optional<acked_record> parse_acked_line(std::string_view line) {
    const auto fields = split_fields(line);
    if (fields.empty() || fields[0].starts_with('#')) return std::nullopt;
    acked_record record;
    if (fields[0] == "ack" && fields.size() == 5) {
        record.acked = true;
        record.seq = parse_number(fields[4], line);
    } else if (fields[0] != "unacked" || fields.size() != 4) {
        throw std::runtime_error("bad acked log line '" + std::string(line) + "'");
    }
    record.pair_id = parse_number(fields[1], line);
    record.sender = fields[2];
    record.client_message_id = fields[3];
    return record;
}

std::vector<acked_record> read_acked_log(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read acked log " + path.string());
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<acked_record> records;
    std::size_t at = 0;
    for (;;) {
        const auto end = text.find('\n', at);
        if (end == std::string::npos) break;  // a cut-off last line, or the end
        if (auto record = parse_acked_line(std::string_view(text).substr(at, end - at))) {
            records.push_back(std::move(*record));
        }
        at = end + 1;
    }
    return records;
}

}  // namespace toward::bench
