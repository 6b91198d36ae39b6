// toward-server as an object: the store, the TLS context, the listener, the
// I/O threads and the retention timer. The executable and the tests both use it.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>
#include "auth/hashing_queue.hpp"

#include "config.hpp"
#include "store/data_dir_lock.hpp"
#include "util/clock.hpp"
#include "util/errors.hpp"

namespace toward::server {

class sqlite_store;
class listener;
class metrics_listener;
class tls_context_holder;
struct server_context;
class metrics;

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

    // Starts the I/O threads and the retention timer (a purge now, then
    // hourly, when store.retention_days > 0); returns at once.
    void start();
    // Stops accepting, finishes the store's pending commits, stops the
    // threads. Idempotent; not from an I/O thread.
    void stop();
    // start(), then blocks until SIGINT or SIGTERM, then stop(). SIGHUP
    // meanwhile calls reload_tls().
    void run_until_signal();

    // Reads the configured certificate and key again and uses them for new
    // connections; open connections keep theirs. Returns std::nullopt on
    // success, otherwise the reason (also logged), and the previous
    // certificate stays in use. Thread-safe.
    std::optional<std::string> reload_tls();

    // Runs the retention purge now, in batches, and waits for it: empties the
    // ciphertext of messages older than store.retention_days that both
    // partners have. Returns how many it emptied (0 when retention is off),
    // or errc::unavailable once the store has stopped. Not from an I/O thread.
    result<std::uint64_t> purge_expired_messages();

    unsigned short port() const;
    // The metrics listener's port; 0 when metrics.listen is empty.
    unsigned short metrics_port() const;
    // ws:// or wss:// URL of the WebSocket endpoint.
    std::string url() const;
    const server_config& config() const { return config_; }
    const metrics& stats() const;
    // Pause reminders armed now (at most one per user).
    std::size_t pause_reminders_armed() const;

    static const toward::clock& default_clock();

  private:
    void offer_first_registration_code();
    void schedule_retention(std::chrono::steady_clock::duration delay);
    void purge_batch(std::uint64_t purged_before);
    std::int64_t retention_cutoff_ms() const;
    void await_reload_signal(boost::asio::signal_set& signals);

    server_config config_;
    const toward::clock& time_;
    // Declaration order is destruction order in reverse, and it matters:
    // sessions still queued in ioc_ or hashing_ use the context and the TLS
    // context when they are destroyed, so those two outlive both.
    std::optional<data_dir_lock> data_lock_;  // taken before the store opens, freed after it closes
    std::unique_ptr<sqlite_store> store_;
    std::unique_ptr<tls_context_holder> tls_;  // null when a proxy terminates TLS
    std::unique_ptr<server_context> context_;
    boost::asio::io_context ioc_;
    // Where the store's completions run, one transaction after another.
    boost::asio::strand<boost::asio::io_context::executor_type> store_completions_{
        ioc_.get_executor()};
    hashing_queue hashing_;
    std::shared_ptr<listener> listener_;
    std::shared_ptr<metrics_listener> metrics_listener_;
    boost::asio::steady_timer retention_timer_{ioc_};  // touched only by its own handlers
    std::vector<std::thread> threads_;
    bool stopped_ = false;
};

}  // namespace toward::server
