// toward-server as an object: the store, the TLS context, the listener and the
// I/O threads. The executable and the tests both use it.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "config.hpp"
#include "util/clock.hpp"

namespace toward::server {

class sqlite_store;
class listener;
struct server_context;

class server {
  public:
    // Creates the data directory, opens the store (running migrations), makes
    // the development certificate if asked, and binds the listening socket.
    // Throws std::exception with a readable message when any of it fails.
    // `time` must outlive the server.
    explicit server(server_config config, const toward::clock& time = default_clock());
    ~server();
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    // Starts the I/O threads; returns at once.
    void start();
    // Stops accepting, finishes the store's pending commits, stops the
    // threads. Idempotent; not from an I/O thread.
    void stop();
    // start(), then blocks until SIGINT or SIGTERM, then stop().
    void run_until_signal();

    unsigned short port() const;
    // ws:// or wss:// URL of the WebSocket endpoint.
    std::string url() const;
    const server_config& config() const { return config_; }

    static const toward::clock& default_clock();

  private:
    server_config config_;
    const toward::clock& time_;
    // Declaration order is destruction order in reverse, and it matters:
    // sessions still queued in ioc_ or hashing_ use the context and the TLS
    // context when they are destroyed, so those two outlive both.
    std::unique_ptr<sqlite_store> store_;
    std::optional<boost::asio::ssl::context> tls_;
    std::unique_ptr<server_context> context_;
    boost::asio::io_context ioc_;
    boost::asio::thread_pool hashing_;
    std::shared_ptr<listener> listener_;
    std::vector<std::thread> threads_;
    bool stopped_ = false;
};

}  // namespace toward::server
