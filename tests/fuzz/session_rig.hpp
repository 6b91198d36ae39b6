// A toward-server without sockets, for the client_frame fuzz target: the real
// protocol_session of two connections, what they write kept in memory, a real
// SQLite store in a temporary folder, and a clock that moves only when told.
// The store and the password hashing keep their own threads; settle() waits
// until neither has work left, so an input always plays out the same way.
#pragma once

#include <array>
#include <boost/asio/io_context.hpp>
#include <memory>
#include <string>
#include <string_view>

#include "auth/hashing_queue.hpp"
#include "config.hpp"
#include "temp_dir.hpp"
#include "util/clock.hpp"

namespace toward::server {
class protocol_session;
class sqlite_store;
struct server_context;
}  // namespace toward::server

namespace toward::fuzz {

class memory_sink;

class session_rig {
  public:
    static constexpr int connections = 2;

    session_rig();
    ~session_rig();
    session_rig(const session_rig&) = delete;
    session_rig& operator=(const session_rig&) = delete;

    // One binary WebSocket message from connection `which`, then everything
    // it sets off. An invite id or a session token of "@" in it stands for
    // the latest one the server handed out, which no input could guess.
    void receive(int which, std::string_view frame);
    // Closes connection `which` as its transport would, and opens a new one.
    void reconnect(int which);

  private:
    struct connection {
        std::shared_ptr<memory_sink> sink;
        std::shared_ptr<server::protocol_session> session;
    };

    void open(int which);
    void close(int which);
    // Runs the I/O handlers, the store's jobs and the hashing jobs until none is left.
    void settle();
    // Reads what the connections wrote and plays their transports (drain,
    // close); returns how many transport events it caused.
    std::size_t read_output();
    std::string with_latest_ids(std::string_view frame) const;

    testing::temp_dir dir_;  // before config_, which names it
    manual_clock time_{1'800'000'000'000};
    server::server_config config_;
    std::unique_ptr<server::sqlite_store> store_;
    server::hashing_queue hashing_{1, 64, 64};
    std::unique_ptr<server::server_context> context_;
    boost::asio::io_context io_;
    std::array<connection, connections> connections_;
    std::string latest_invite_id_;
    std::string latest_token_;
};

}  // namespace toward::fuzz
