// The frames the benchmarks send, and the stamp each benchmark message
// carries in the first bytes of its ciphertext: when it was scheduled to be
// sent and which run sent it, so the recipient can measure the latency and
// ignore messages of earlier runs (catch-up after a resume).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "toward/v1/toward.pb.h"

namespace toward::bench {

using bench_clock = std::chrono::steady_clock;

inline constexpr const char* bench_password = "toward bench password";

v1::ClientFrame register_frame(const std::string& user_name);
v1::ClientFrame resume_frame(const std::string& session_token);
// Dummy key bundles: the server checks only their sizes.
v1::ClientFrame create_invite_frame();
v1::ClientFrame redeem_frame(const std::string& invite_id);
v1::ClientFrame delivered_receipt_frame(std::uint64_t up_to_seq);

// The stamp: scheduled time (steady clock, ns) and run id, 8 bytes each.
inline constexpr std::size_t stamp_bytes = 16;

struct stamp {
    std::int64_t scheduled_ns = 0;
    std::uint64_t run_id = 0;
};

// Writes `s` into the first stamp_bytes of `payload` (which must be as long).
void write_stamp(std::string& payload, const stamp& s);
// Reads the stamp of a payload; nullopt when it is too short.
std::optional<stamp> read_stamp(std::string_view payload);

inline std::int64_t to_ns(bench_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

// A fresh random 64-bit value (for run ids and user names).
std::uint64_t random_u64();
// 16 lowercase hex digits.
std::string hex16(std::uint64_t value);

// A `send` frame whose client_message_id and stamp are rewritten for each
// message: the rest (kind, a 40-byte ratchet header, padding) is built once.
class send_frame_template {
  public:
    // `payload_bytes` is the ciphertext size (at least stamp_bytes).
    send_frame_template(std::size_t payload_bytes, std::uint64_t run_id, std::string id_prefix);

    // The serialized frame for message number `n` of this sender.
    std::string make(std::uint64_t request_id, std::uint64_t n, std::int64_t scheduled_ns);

  private:
    v1::ClientFrame frame_;
    std::uint64_t run_id_;
    std::string id_prefix_;
};

}  // namespace toward::bench
