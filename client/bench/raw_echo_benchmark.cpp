// `raw-echo`: the same closed loop as `throughput`, but plain WebSocket
// messages against any echo server (toward-echo-baseline, or another
// stack's), so every server is measured by the same client.
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <exception>
#include <optional>
#include <stdexcept>

#include "async_batch.hpp"
#include "bench_options.hpp"
#include "frames.hpp"
#include "io_threads.hpp"
#include "process_stats.hpp"
#include "ws_client.hpp"

namespace toward::bench {
namespace {

using seconds_f = std::chrono::duration<double>;

// One connection's closed loop: `window` messages in flight, each echo
// timed from its own send and answered by the next send.
class echo_load : public std::enable_shared_from_this<echo_load> {
  public:
    echo_load(std::shared_ptr<ws_client> ws, std::size_t payload, std::uint64_t run_id)
        : ws_(std::move(ws)), payload_(std::max(payload, stamp_bytes), 'e'), run_id_(run_id) {}

    void start(std::size_t window, bench_clock::time_point begin, bench_clock::time_point end) {
        net::dispatch(ws_->get_executor(), [self = shared_from_this(), window, begin, end] {
            self->begin_ = begin;
            self->end_ = end;
            const auto now = bench_clock::now();
            for (std::size_t i = 0; i < window; ++i) self->send_one(now);
        });
    }

    void on_message(std::string_view bytes) {
        const auto s = read_stamp(bytes);
        if (!s || s->run_id != run_id_) return;
        in_flight_.fetch_sub(1, std::memory_order_relaxed);
        const auto now = bench_clock::now();
        if (now >= begin_ && now < end_) {
            ++echoed_;
            rtt_ns_.push_back(to_ns(now) - s->scheduled_ns);
        }
        if (now < end_ && ws_->open()) send_one(now);
    }

    std::int64_t in_flight() const { return in_flight_.load(std::memory_order_relaxed); }
    std::uint64_t echoed() const { return echoed_; }
    std::vector<std::int64_t>& rtt_ns() { return rtt_ns_; }
    ws_client& ws() { return *ws_; }

  private:
    void send_one(bench_clock::time_point now) {
        write_stamp(payload_, {to_ns(now), run_id_});
        in_flight_.fetch_add(1, std::memory_order_relaxed);
        ws_->send(payload_);
    }

    std::shared_ptr<ws_client> ws_;
    std::string payload_;
    std::uint64_t run_id_;
    bench_clock::time_point begin_{}, end_{};
    std::atomic<std::int64_t> in_flight_{0};
    std::uint64_t echoed_ = 0;
    std::vector<std::int64_t> rtt_ns_;
};

class raw_echo_benchmark {
  public:
    explicit raw_echo_benchmark(const bench_options& options)
        : options_(options), run_id_(random_u64()) {
        target_ = make_ws_target(options.server_url, options.ca_file, tls_);
        target_.subprotocol = options.subprotocol;
        if (options.connections == 0) throw std::runtime_error("--connections must be at least 1");
    }

    report run() {
        std::exception_ptr failure;
        net::co_spawn(net::make_strand(ioc_), orchestrate(), [&](std::exception_ptr e) {
            failure = e;
            for (auto& load : loads_) {
                if (load) load->ws().close();
            }
            ioc_.stop();
        });
        run_io(ioc_, options_.threads);
        if (failure) std::rethrow_exception(failure);
        return make_report();
    }

  private:
    net::awaitable<void> open(std::size_t i) {
        auto ws = ws_client::create(ioc_, target_);
        auto load = std::make_shared<echo_load>(ws, options_.payload, run_id_);
        std::weak_ptr<echo_load> weak = load;
        ws->set_handlers(
            [weak](std::string_view bytes) {
                if (auto l = weak.lock()) l->on_message(bytes);
            },
            nullptr);
        loads_[i] = load;
        co_await ws->async_connect(net::use_awaitable);
    }

    net::awaitable<void> orchestrate() {
        loads_.resize(options_.connections);
        const auto opened = co_await run_bounded(loads_.size(), options_.concurrency,
                                                 [this](std::size_t i) { return open(i); });
        if (opened.failed > 0) {
            throw std::runtime_error(std::to_string(opened.failed) +
                                     " connections failed; first error: " + opened.first_error);
        }
        const auto start = bench_clock::now();
        const auto begin =
            start + std::chrono::duration_cast<bench_clock::duration>(seconds_f(options_.warmup));
        const auto end =
            begin + std::chrono::duration_cast<bench_clock::duration>(seconds_f(options_.duration));
        for (auto& load : loads_) load->start(options_.window, begin, end);
        co_await sleep_until(begin);
        const auto server_cpu_begin = cpu_seconds(options_.server_pid);
        const auto bench_cpu_begin = own_cpu_seconds();
        co_await sleep_until(end);
        const auto server_cpu_end = cpu_seconds(options_.server_pid);
        bench_cpu_s_ = own_cpu_seconds() - bench_cpu_begin;
        if (server_cpu_begin && server_cpu_end) server_cpu_s_ = *server_cpu_end - *server_cpu_begin;
        measured_s_ = seconds_f(end - begin).count();
        const auto drain_deadline = bench_clock::now() + std::chrono::seconds(5);
        auto busy = [this] {
            for (const auto& load : loads_) {
                if (load->in_flight() > 0) return true;
            }
            return false;
        };
        while (busy() && bench_clock::now() < drain_deadline) {
            co_await sleep_until(bench_clock::now() + std::chrono::milliseconds(20));
        }
        server_rss_ = resident_mib(options_.server_pid);
    }

    report make_report() {
        std::uint64_t echoed = 0;
        std::vector<std::int64_t> rtt;
        for (auto& load : loads_) {
            echoed += load->echoed();
            rtt.insert(rtt.end(), load->rtt_ns().begin(), load->rtt_ns().end());
        }
        const double seconds = std::max(measured_s_, 1e-9);
        report r;
        r["benchmark"] = "raw-echo";
        r["server"] = options_.server_url;
        r["connections"] = options_.connections;
        r["window"] = options_.window;
        r["payload_bytes"] = std::max(options_.payload, stamp_bytes);
        r["warmup_s"] = options_.warmup;
        r["duration_s"] = round3(measured_s_);
        r["bench_threads"] = options_.threads;
        r["messages_per_s"] = round3(static_cast<double>(echoed) / seconds);
        add_percentiles(r, "", rtt);  // send → echo received (a round trip)
        r["server_cpu_cores"] = server_cpu_s_ ? report(round3(*server_cpu_s_ / seconds)) : nullptr;
        r["bench_cpu_cores"] = round3(bench_cpu_s_ / seconds);
        r["server_rss_mib"] = server_rss_ ? report(round3(*server_rss_)) : nullptr;
        return r;
    }

    const bench_options& options_;
    const std::uint64_t run_id_;
    std::unique_ptr<net::ssl::context> tls_;
    ws_target target_;
    net::io_context ioc_;
    std::vector<std::shared_ptr<echo_load>> loads_;
    double measured_s_ = 0;
    double bench_cpu_s_ = 0;
    std::optional<double> server_cpu_s_;
    std::optional<double> server_rss_;
};

}  // namespace

report run_raw_echo(const bench_options& options) {
    return raw_echo_benchmark(options).run();
}

}  // namespace toward::bench
