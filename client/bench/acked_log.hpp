// The acknowledged-messages log of `toward-bench throughput|latency
// --acked-log FILE`: one line per SendAck the bench received, appended as the
// acks arrive, so that after the server was killed mid-run a check can tell
// whether every message the server acknowledged was stored (`toward-bench
// verify`, tests/server/crash_under_load_test.cpp).
//
// The file is text, one record a line, fields separated by one space:
//
//   # toward-bench acked log, run RUN_ID          (a comment, once per run)
//   ack PAIR_ID SENDER CLIENT_MESSAGE_ID SEQ       (the server acked it)
//   unacked PAIR_ID SENDER CLIENT_MESSAGE_ID       (sent, no reply before the
//                                                   connection was lost)
//
// User names and the bench's client message ids hold no spaces. Records are
// appended (O_APPEND), so several runs may share a file. Lines are buffered
// and written at least every flush_interval (the benchmarks' watch loop calls
// flush()), whenever the buffer passes 64 KiB, and at the end of the run: a
// reader sees an ack a few milliseconds after the bench did. Nothing is
// fsynced: the file is for a bench process that outlives the server it
// loads, not for a power cut.
//
// Threads: every member may be called from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace toward::bench {

class acked_log {
  public:
    static constexpr std::chrono::milliseconds flush_interval{10};

    // Opens (creates) `path` for appending. Throws std::runtime_error.
    explicit acked_log(const std::filesystem::path& path);
    ~acked_log();
    acked_log(const acked_log&) = delete;
    acked_log& operator=(const acked_log&) = delete;

    void comment(std::string_view text);
    void ack(std::uint64_t pair_id, std::string_view sender, std::string_view client_message_id,
             std::uint64_t seq);
    void unacked(std::uint64_t pair_id, std::string_view sender,
                 std::string_view client_message_id);
    // Writes what is buffered. Throws std::runtime_error when this or an
    // earlier write failed (record() never throws for it).
    void flush();

    std::uint64_t acks() const;

  private:
    void append_line(std::string&& line, bool is_ack);
    void write_locked();

    int fd_ = -1;
    std::string path_;
    mutable std::mutex mutex_;
    std::string buffer_;
    std::uint64_t acks_ = 0;
    std::string error_;  // the first failed write
};

// One record of an acked log, as read back.
struct acked_record {
    bool acked = false;  // false: an `unacked` line
    std::uint64_t pair_id = 0;
    std::string sender;
    std::string client_message_id;
    std::uint64_t seq = 0;  // acked only
};

// Parses one line; nullopt for comments and blank lines. Throws
// std::runtime_error on a line that is neither.
std::optional<acked_record> parse_acked_line(std::string_view line);

// Reads every record of `path`, in file order. A last line without its
// newline (cut off by a crash of the bench itself) is ignored. Throws
// std::runtime_error when the file cannot be read or holds a bad line.
std::vector<acked_record> read_acked_log(const std::filesystem::path& path);

}  // namespace toward::bench
