// A client's WebSocket connection to toward-server: TLS verified against a CA
// file (or the system's roots), the toward.v1 subprotocol, and blocking calls
// with deadlines on top of Beast's asynchronous operations.
//
// Not thread-safe: one thread uses a connection. Frames the server pushes
// while the caller waits for a reply are kept, in order, for next_frame().
#pragma once

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "toward/v1/toward.pb.h"

namespace toward::client {

struct connect_options {
    std::string url;      // wss://HOST:PORT/v1/ws
    std::string ca_file;  // PEM file of trusted roots; empty: the system's
    std::chrono::milliseconds timeout{10000};
};

class connection {
  public:
    using clock = std::chrono::steady_clock;

    // Connects and completes the TLS and WebSocket handshakes. Returns null
    // and sets `error` to one readable line on failure.
    static std::unique_ptr<connection> open(const connect_options& options, std::string& error);
    ~connection();
    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;

    // Sends a frame as one binary WebSocket message; false when the
    // connection is closed or the deadline passes.
    bool send(const v1::ClientFrame& frame, std::chrono::milliseconds timeout = default_timeout);
    bool send_raw(std::string_view bytes, std::chrono::milliseconds timeout = default_timeout);

    // Gives `frame` a fresh request id, sends it and waits for the reply that
    // echoes it. std::nullopt when closed or timed out.
    std::optional<v1::ServerFrame> request(v1::ClientFrame frame,
                                           std::chrono::milliseconds timeout = default_timeout);

    // The next frame not yet taken (pushes, and replies nobody waited for).
    std::optional<v1::ServerFrame> next_frame(std::chrono::milliseconds timeout = default_timeout);
    // Waits for the next frame matching `wanted`, keeping the others queued.
    template <class Predicate>
    std::optional<v1::ServerFrame> wait_for(Predicate wanted,
                                            std::chrono::milliseconds timeout = default_timeout);

    // True once the server closed the connection or it failed.
    bool closed() const { return closed_; }
    // Why it closed (the close frame's reason, or the error), once closed.
    const std::string& close_reason() const { return close_reason_; }
    // Waits until the server closes the connection; false on timeout.
    bool wait_closed(std::chrono::milliseconds timeout = default_timeout);
    // Sends a close frame and waits briefly for the server's.
    void close();

    static constexpr std::chrono::milliseconds default_timeout{10000};

  private:
    struct impl;
    explicit connection(std::unique_ptr<impl> state);
    // Runs I/O until `done()` or the deadline; returns done().
    template <class Done>
    bool run_until(Done done, clock::time_point deadline);
    bool pump_until(clock::time_point deadline);
    void ensure_reading();
    std::optional<v1::ServerFrame> take_matching(
        const std::function<bool(const v1::ServerFrame&)>& wanted, clock::time_point deadline);

    std::unique_ptr<impl> impl_;
    std::uint64_t next_request_id_ = 1;
    bool closed_ = false;
    std::string close_reason_;
};

template <class Predicate>
std::optional<v1::ServerFrame> connection::wait_for(Predicate wanted,
                                                    std::chrono::milliseconds timeout) {
    return take_matching(wanted, clock::now() + timeout);
}

}  // namespace toward::client
