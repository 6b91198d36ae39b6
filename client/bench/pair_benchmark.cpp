// `throughput` and `latency`: pairs of connected partners sending to each
// other, in a closed loop or at a fixed rate.
#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <exception>
#include <optional>
#include <stdexcept>

#include "accounts.hpp"
#include "acked_log.hpp"
#include "async_batch.hpp"
#include "bench_options.hpp"
#include "io_threads.hpp"
#include "message_load.hpp"
#include "process_stats.hpp"

namespace toward::bench {
namespace {

using std::chrono::duration_cast;
using seconds_f = std::chrono::duration<double>;

struct pair_slot {
    pair_accounts accounts;
    std::uint64_t pair_id = 0;
    std::shared_ptr<protocol_client> inviter;
    std::shared_ptr<protocol_client> joiner;
    std::shared_ptr<message_load> inviter_load;
    std::shared_ptr<message_load> joiner_load;
};

// Figures taken while the run goes on, for the report.
struct run_observations {
    double measured_s = 0;
    std::optional<double> server_cpu_s;
    double bench_cpu_s = 0;
    std::optional<double> server_rss_mib;
    bool drained = false;
    std::size_t connections_lost = 0;  // ended while the load ran: the server went away
    bool lost_while_measuring = false;
};

// How long, after a connection was lost, the bench waits for the other
// connections' replies in flight (or their loss too) before it ends the run.
constexpr auto lost_grace = std::chrono::seconds(1);

class pair_benchmark {
  public:
    pair_benchmark(const bench_options& options, bool open_loop)
        : options_(options), open_loop_(open_loop), run_id_(random_u64()) {
        target_ = make_ws_target(options.server_url, options.ca_file, tls_);
        target_.subprotocol = "toward.v1";
        if (!options.acked_log.empty()) log_ = std::make_unique<acked_log>(options.acked_log);
        if (options.pairs == 0) throw std::runtime_error("--pairs must be at least 1");
        if (open_loop && options.rate <= 0) throw std::runtime_error("--rate must be positive");
    }

    report run() {
        std::exception_ptr failure;
        net::co_spawn(net::make_strand(ioc_), orchestrate(), [&](std::exception_ptr e) {
            failure = e;
            for (auto& slot : slots_) {
                if (slot.inviter) slot.inviter->close();
                if (slot.joiner) slot.joiner->close();
            }
            ioc_.stop();
        });
        run_io(ioc_, options_.threads);
        if (log_) {
            for (auto& slot : slots_) {
                for (auto* load : {slot.inviter_load.get(), slot.joiner_load.get()}) {
                    if (load) load->log_unacked();
                }
            }
            log_->flush();
        }
        if (failure) std::rethrow_exception(failure);
        return make_report();
    }

  private:
    net::awaitable<void> open_pair(pair_slot& slot) {
        slot.inviter = protocol_client::create(ioc_, target_);
        slot.joiner = protocol_client::create(ioc_, target_);
        co_await slot.inviter->async_connect(net::use_awaitable);
        co_await slot.joiner->async_connect(net::use_awaitable);
        const auto inviter_auth = co_await authenticate(*slot.inviter, slot.accounts.inviter);
        const auto joiner_auth = co_await authenticate(*slot.joiner, slot.accounts.joiner);
        if (!inviter_auth.has_partner() && !joiner_auth.has_partner()) {
            slot.pair_id = co_await pair_clients(*slot.inviter, *slot.joiner);
        } else if (inviter_auth.partner().user_name() != slot.accounts.joiner.user_name) {
            throw std::runtime_error("cached users " + slot.accounts.inviter.user_name + " and " +
                                     slot.accounts.joiner.user_name +
                                     " are not paired with each other");
        } else {
            slot.pair_id = inviter_auth.partner().pair_id();
        }
    }

    net::awaitable<void> open_pairs() {
        auto cached = load_cached_pairs(options_.data_dir);
        slots_.resize(options_.pairs);
        for (std::size_t i = 0; i < slots_.size(); ++i) {
            slots_[i].accounts = i < cached.size()
                                     ? cached[i]
                                     : pair_accounts{{new_user_name(), {}}, {new_user_name(), {}}};
        }
        const auto outcome =
            co_await run_bounded(slots_.size(), options_.concurrency,
                                 [this](std::size_t i) { return open_pair(slots_[i]); });
        // Keep every account that got a token, and the cached ones not used.
        std::vector<pair_accounts> keep;
        for (const auto& slot : slots_) {
            if (!slot.accounts.inviter.session_token.empty() &&
                !slot.accounts.joiner.session_token.empty())
                keep.push_back(slot.accounts);
        }
        for (std::size_t i = slots_.size(); i < cached.size(); ++i) keep.push_back(cached[i]);
        save_cached_pairs(options_.data_dir, keep);
        if (outcome.failed > 0) {
            throw std::runtime_error(
                std::to_string(outcome.failed) + " of " + std::to_string(slots_.size()) +
                " pairs could not be set up; first error: " + outcome.first_error);
        }
    }

    void start_loads() {
        const auto now = bench_clock::now();
        const auto senders = 2 * slots_.size();
        load_plan plan;
        plan.open_loop = open_loop_;
        plan.window = std::max<std::size_t>(options_.window, 1);
        plan.payload_bytes = options_.payload;
        plan.run_id = run_id_;
        plan.log = log_.get();
        const auto start = now + std::chrono::milliseconds(100);
        plan.measure_begin =
            start + duration_cast<bench_clock::duration>(seconds_f(options_.warmup));
        plan.measure_end =
            plan.measure_begin + duration_cast<bench_clock::duration>(seconds_f(options_.duration));
        begin_ = plan.measure_begin;
        end_ = plan.measure_end;
        // Open loop: every sender gets rate / senders, their schedules spread
        // evenly over one interval.
        plan.interval = duration_cast<bench_clock::duration>(
            seconds_f(static_cast<double>(senders) / std::max(options_.rate, 1e-9)));
        const std::string prefix = hex16(run_id_) + "-";
        std::size_t sender = 0;
        if (log_) log_->comment("toward-bench acked log, run " + hex16(run_id_));
        for (auto& slot : slots_) {
            for (auto* side : {&slot.inviter, &slot.joiner}) {
                auto own = plan;
                own.first_send = start + plan.interval * static_cast<std::int64_t>(sender) /
                                             static_cast<std::int64_t>(senders);
                const auto& user =
                    side == &slot.inviter ? slot.accounts.inviter : slot.accounts.joiner;
                auto load = std::make_shared<message_load>(
                    *side, own, prefix, load_sender{slot.pair_id, user.user_name});
                (side == &slot.inviter ? slot.inviter_load : slot.joiner_load) = load;
                ++sender;
            }
        }
        for (auto& slot : slots_) {
            slot.inviter_load->start();
            slot.joiner_load->start();
        }
    }

    bool drained() const {
        std::uint64_t acks = 0, deliveries = 0;
        for (const auto& slot : slots_) {
            for (const auto* load : {slot.inviter_load.get(), slot.joiner_load.get()}) {
                if (load->in_flight() > 0) return false;
                acks += load->measured_acks();
                deliveries += load->measured_deliveries();
            }
        }
        // Open loop: every measured message acked must also have arrived.
        return !open_loop_ || deliveries >= acks;
    }

    std::vector<message_load*> all_loads() {
        std::vector<message_load*> loads;
        for (auto& slot : slots_) {
            loads.push_back(slot.inviter_load.get());
            loads.push_back(slot.joiner_load.get());
        }
        return loads;
    }

    std::size_t lost_connections() const {
        std::size_t lost = 0;
        for (const auto& slot : slots_) {
            for (const auto* load : {slot.inviter_load.get(), slot.joiner_load.get()}) {
                if (load->lost()) ++lost;
            }
        }
        return lost;
    }

    // Waits until `when`, writing the acked log every flush interval. Returns
    // false, early, as soon as a connection is lost.
    net::awaitable<bool> watch_until(bench_clock::time_point when) {
        for (;;) {
            if (log_) log_->flush();
            if (lost_connections() > 0) co_return false;
            const auto now = bench_clock::now();
            if (now >= when) co_return true;
            co_await sleep_until(std::min(when, now + acked_log::flush_interval));
        }
    }

    // A connection was lost (the server died, most likely): stop sending, let
    // the replies already on their way arrive, or every connection end, for
    // up to lost_grace, and record what happened.
    net::awaitable<void> wind_down_after_loss(bool measuring) {
        const auto lost_at = bench_clock::now();
        for (auto* load : all_loads()) load->stop();
        const auto deadline = lost_at + lost_grace;
        for (;;) {
            bool settled = true;
            for (auto* load : all_loads()) {
                if (!load->lost() && load->in_flight() > 0) settled = false;
            }
            if (settled || bench_clock::now() >= deadline) break;
            if (log_) log_->flush();
            co_await sleep_until(bench_clock::now() + std::chrono::milliseconds(5));
        }
        observed_.connections_lost = lost_connections();
        observed_.lost_while_measuring = measuring;
        if (measuring) observed_.measured_s = seconds_f(lost_at - begin_).count();
    }

    net::awaitable<void> orchestrate() {
        co_await open_pairs();
        start_loads();
        if (!co_await watch_until(begin_)) {
            co_await wind_down_after_loss(false);
            co_return;
        }
        const auto server_cpu_begin = cpu_seconds(options_.server_pid);
        const auto bench_cpu_begin = own_cpu_seconds();
        const bool completed = co_await watch_until(end_);
        const auto server_cpu_end = cpu_seconds(options_.server_pid);
        observed_.bench_cpu_s = own_cpu_seconds() - bench_cpu_begin;
        if (server_cpu_begin && server_cpu_end) {
            observed_.server_cpu_s = *server_cpu_end - *server_cpu_begin;
        }
        observed_.measured_s = seconds_f(end_ - begin_).count();
        if (!completed) {
            co_await wind_down_after_loss(true);
            co_return;
        }

        // Let the messages still in flight arrive (they count for the latency
        // figures when they were scheduled inside the measurement).
        const auto drain_deadline = bench_clock::now() + std::chrono::seconds(10);
        while (!(observed_.drained = drained()) && bench_clock::now() < drain_deadline) {
            if (log_) log_->flush();
            co_await sleep_until(bench_clock::now() + std::chrono::milliseconds(20));
        }
        co_await sleep_until(bench_clock::now() + std::chrono::milliseconds(100));
        observed_.server_rss_mib = resident_mib(options_.server_pid);
        observed_.connections_lost = lost_connections();

        // Acknowledge everything, so a later run resuming these users starts
        // without a catch-up backlog.
        auto loads = all_loads();
        co_await run_bounded(loads.size(), options_.concurrency,
                             [&loads](std::size_t i) -> net::awaitable<void> {
                                 const auto seq = loads[i]->highest_seq_seen();
                                 if (seq == 0) co_return;
                                 co_await loads[i]->client().async_request(
                                     delivered_receipt_frame(seq), net::use_awaitable);
                             });
    }

    report make_report() {
        report r;
        r["benchmark"] = open_loop_ ? "latency" : "throughput";
        r["pairs"] = slots_.size();
        r["connections"] = 2 * slots_.size();
        if (open_loop_) {
            r["target_rate_per_s"] = options_.rate;
        } else {
            r["window"] = options_.window;
        }
        r["payload_bytes"] = options_.payload;
        r["warmup_s"] = options_.warmup;
        r["duration_s"] = round3(observed_.measured_s);
        r["bench_threads"] = options_.threads;

        std::uint64_t acks = 0, deliveries = 0, measured_sent = 0, errors = 0;
        std::uint64_t acked_total = 0, unacked_total = 0;
        std::string first_error, lost_reason;
        std::vector<std::int64_t> ack_ns, deliver_ns;
        for (auto& slot : slots_) {
            for (auto* load : {slot.inviter_load.get(), slot.joiner_load.get()}) {
                auto& s = load->stats();
                acks += load->measured_acks();
                deliveries += load->measured_deliveries();
                measured_sent += s.measured_sent;
                errors += s.errors;
                acked_total += s.acked;
                unacked_total +=
                    static_cast<std::uint64_t>(std::max<std::int64_t>(load->in_flight(), 0));
                if (first_error.empty()) first_error = s.first_error;
                if (lost_reason.empty()) lost_reason = s.lost_reason;
                ack_ns.insert(ack_ns.end(), s.ack_ns.begin(), s.ack_ns.end());
                deliver_ns.insert(deliver_ns.end(), s.deliver_ns.begin(), s.deliver_ns.end());
            }
        }
        const double seconds = std::max(observed_.measured_s, 1e-9);
        if (open_loop_) r["sent_per_s"] = round3(static_cast<double>(measured_sent) / seconds);
        r["messages_per_s"] = round3(static_cast<double>(acks) / seconds);
        r["delivered_per_s"] = round3(static_cast<double>(deliveries) / seconds);
        if (open_loop_) {
            // The headline: scheduled send → Deliver at the partner.
            add_percentiles(r, "", deliver_ns);
            add_percentiles(r, "ack_", ack_ns);
            r["unacked"] = measured_sent - acks;
            r["undelivered"] = measured_sent - deliveries;
        } else {
            add_percentiles(r, "ack_", ack_ns);
            add_percentiles(r, "deliver_", deliver_ns);
        }
        r["errors"] = errors;
        if (!first_error.empty()) r["first_error"] = first_error;
        r["drained"] = observed_.drained;
        // The whole run, warm-up and drain included: what an acked log holds.
        r["acked_total"] = acked_total;
        r["unacked_total"] = unacked_total;
        r["connections_lost"] = observed_.connections_lost;
        if (observed_.connections_lost > 0) {
            r["lost_reason"] = lost_reason;
            r["lost_while_measuring"] = observed_.lost_while_measuring;
        }
        if (log_) r["acked_log"] = options_.acked_log;
        r["server_cpu_cores"] =
            observed_.server_cpu_s ? report(round3(*observed_.server_cpu_s / seconds)) : nullptr;
        r["bench_cpu_cores"] = round3(observed_.bench_cpu_s / seconds);
        r["server_rss_mib"] =
            observed_.server_rss_mib ? report(round3(*observed_.server_rss_mib)) : nullptr;
        return r;
    }

    const bench_options& options_;
    const bool open_loop_;
    const std::uint64_t run_id_;
    std::unique_ptr<net::ssl::context> tls_;
    ws_target target_;
    net::io_context ioc_;
    std::vector<pair_slot> slots_;
    bench_clock::time_point begin_{};
    bench_clock::time_point end_{};
    run_observations observed_;
    std::unique_ptr<acked_log> log_;
};

}  // namespace

report run_throughput(const bench_options& options) {
    return pair_benchmark(options, false).run();
}

report run_latency(const bench_options& options) {
    return pair_benchmark(options, true).run();
}

}  // namespace toward::bench
