// `connections`: hold many authenticated idle connections and weigh the
// server's memory before and after.
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <exception>
#include <optional>
#include <stdexcept>

#include "accounts.hpp"
#include "async_batch.hpp"
#include "bench_options.hpp"
#include "io_threads.hpp"
#include "process_stats.hpp"

namespace toward::bench {
namespace {

using seconds_f = std::chrono::duration<double>;

class connections_benchmark {
  public:
    explicit connections_benchmark(const bench_options& options) : options_(options) {
        target_ = make_ws_target(options.server_url, options.ca_file, tls_);
        target_.subprotocol = "toward.v1";
        if (options.count == 0) throw std::runtime_error("--count must be at least 1");
    }

    report run() {
        std::exception_ptr failure;
        net::co_spawn(net::make_strand(ioc_), orchestrate(), [&](std::exception_ptr e) {
            failure = e;
            for (auto& client : clients_) {
                if (client) client->close();
            }
            ioc_.stop();
        });
        run_io(ioc_, options_.threads);
        if (failure) std::rethrow_exception(failure);
        return make_report();
    }

  private:
    // Registers a user on a connection of its own, then closes it.
    net::awaitable<void> register_user(account& acct) {
        auto client = protocol_client::create(ioc_, target_);
        co_await client->async_connect(net::use_awaitable);
        co_await authenticate(*client, acct);
        client->close();
    }

    // Opens connection i and resumes users_[i] on it; keeps it open.
    net::awaitable<void> hold(std::size_t i) {
        auto client = protocol_client::create(ioc_, target_);
        clients_[i] = client;
        co_await client->async_connect(net::use_awaitable);
        co_await authenticate(*client, users_[i]);
    }

    net::awaitable<void> orchestrate() {
        users_ = load_cached_users(options_.data_dir);
        const std::size_t cached = std::min(users_.size(), options_.count);
        while (users_.size() < options_.count) users_.push_back({new_user_name(), {}});

        // Register what the cache lacks on throwaway connections, so that the
        // measured phase is the same (connect, TLS, WebSocket, resume) for all.
        const auto registered = co_await run_bounded(
            options_.count - cached, options_.concurrency,
            [this, cached](std::size_t i) { return register_user(users_[cached + i]); });
        std::vector<account> keep;
        for (const auto& u : users_) {
            if (!u.session_token.empty()) keep.push_back(u);
        }
        save_cached_users(options_.data_dir, keep);
        if (registered.failed > 0) {
            throw std::runtime_error(
                std::to_string(registered.failed) +
                " users could not be registered; first error: " + registered.first_error);
        }
        co_await sleep_until(bench_clock::now() + std::chrono::seconds(1));
        rss_before_ = resident_mib(options_.server_pid);

        clients_.resize(options_.count);
        const auto t0 = bench_clock::now();
        held_ = co_await run_bounded(options_.count, options_.concurrency,
                                     [this](std::size_t i) { return hold(i); });
        connect_s_ = seconds_f(bench_clock::now() - t0).count();

        const auto hold_until =
            bench_clock::now() +
            std::chrono::duration_cast<bench_clock::duration>(seconds_f(options_.duration));
        co_await sleep_until(bench_clock::now() + std::chrono::seconds(2));
        rss_after_ = resident_mib(options_.server_pid);
        co_await sleep_until(hold_until);
        rss_end_ = resident_mib(options_.server_pid);
        for (const auto& client : clients_) {
            if (client && client->open()) ++still_open_;
        }
        bench_rss_ = resident_mib(static_cast<int>(::getpid()));
    }

    report make_report() {
        const auto connected = options_.count - held_.failed;
        report r;
        r["benchmark"] = "connections";
        r["connections_requested"] = options_.count;
        r["connections"] = connected;
        r["failed"] = held_.failed;
        if (!held_.first_error.empty()) r["first_error"] = held_.first_error;
        r["concurrency"] = options_.concurrency;
        r["connect_s"] = round3(connect_s_);
        r["connections_per_s"] =
            round3(static_cast<double>(connected) / std::max(connect_s_, 1e-9));
        auto mib = [](const std::optional<double>& v) { return v ? report(round3(*v)) : nullptr; };
        r["server_rss_before_mib"] = mib(rss_before_);
        r["server_rss_mib"] = mib(rss_after_);
        r["per_connection_kib"] = rss_before_ && rss_after_ && connected > 0
                                      ? report(round3((*rss_after_ - *rss_before_) * 1024.0 /
                                                      static_cast<double>(connected)))
                                      : nullptr;
        r["held_s"] = options_.duration;
        r["still_open"] = still_open_;
        r["server_rss_end_mib"] = mib(rss_end_);
        r["bench_rss_mib"] = mib(bench_rss_);
        return r;
    }

    const bench_options& options_;
    std::unique_ptr<net::ssl::context> tls_;
    ws_target target_;
    net::io_context ioc_;
    std::vector<account> users_;
    std::vector<std::shared_ptr<protocol_client>> clients_;
    batch_outcome held_;
    double connect_s_ = 0;
    std::size_t still_open_ = 0;
    std::optional<double> rss_before_, rss_after_, rss_end_, bench_rss_;
};

}  // namespace

report run_connections(const bench_options& options) {
    return connections_benchmark(options).run();
}

}  // namespace toward::bench
