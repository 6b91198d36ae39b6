// The message load one connection puts on the server, and what it measures.
//
// Closed loop (throughput): keep `window` sends in flight; each SendAck
// starts the next send, until the measurement ends. Open loop (latency): send
// at fixed scheduled times whatever the server does, and measure from the
// scheduled time, so a stalled server is charged for every message it
// delayed (no coordinated omission).
//
// Every message is stamped (frames.hpp); Deliver frames from the partner's
// load with the same run id are counted and timed here, others (catch-up of
// earlier runs) only advance the highest seq seen.
//
// With an acked_log, every SendAck is recorded as it arrives, and
// log_unacked() records the sends still waiting for one. A connection that
// ends while the load runs counts as lost (lost()): the server went away.
#pragma once

#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "acked_log.hpp"
#include "frames.hpp"
#include "protocol_client.hpp"

namespace toward::bench {

struct load_plan {
    bool open_loop = false;
    std::size_t window = 8;                // closed loop: sends in flight
    bench_clock::duration interval{};      // open loop: between two sends of this connection
    bench_clock::time_point first_send{};  // open loop: the first scheduled send
    bench_clock::time_point measure_begin{};
    bench_clock::time_point measure_end{};  // no new sends from here on
    std::size_t payload_bytes = 200;
    std::uint64_t run_id = 0;
    acked_log* log = nullptr;  // records every ack when set
};

// Who sends: the server's pair id and the sender's user name (for the log).
struct load_sender {
    std::uint64_t pair_id = 0;
    std::string user_name;
};

// What one connection measured. Filled on its strand; read once the run's
// I/O has stopped.
struct load_stats {
    std::uint64_t sent = 0;
    std::uint64_t measured_sent = 0;  // sends scheduled inside the measurement
    std::uint64_t errors = 0;         // replies other than an ack of a new message
    std::string first_error;
    std::vector<std::int64_t> ack_ns;      // send (open loop: scheduled) → SendAck
    std::vector<std::int64_t> deliver_ns;  // partner's send (scheduled) → Deliver here
    std::uint64_t acked = 0;               // every SendAck of a new message, measured or not
    std::string lost_reason;               // why the connection ended, when it was lost
};

class message_load : public std::enable_shared_from_this<message_load> {
  public:
    message_load(std::shared_ptr<protocol_client> client, const load_plan& plan,
                 std::string id_prefix, load_sender sender);

    // Takes over the client's frames and starts sending (on its strand).
    void start();
    // No new sends from now on (any thread); replies still count.
    void stop() { stopping_.store(true, std::memory_order_relaxed); }

    // Readable from any thread while the run goes on.
    std::int64_t in_flight() const { return in_flight_.load(std::memory_order_relaxed); }
    std::uint64_t measured_acks() const { return measured_acks_.load(std::memory_order_relaxed); }
    std::uint64_t measured_deliveries() const {
        return measured_deliveries_.load(std::memory_order_relaxed);
    }
    std::uint64_t highest_seq_seen() const { return highest_seq_.load(std::memory_order_relaxed); }
    // True once the connection ended after start() (the bench closes them all
    // at the end of the run: read it before).
    bool lost() const { return lost_.load(std::memory_order_acquire); }

    // After the run's I/O has stopped.
    load_stats& stats() { return stats_; }
    protocol_client& client() { return *client_; }
    // Records every send still waiting for its reply in the plan's log.
    void log_unacked();

  private:
    bool measured(bench_clock::time_point t) const {
        return t >= plan_.measure_begin && t < plan_.measure_end;
    }
    void send_one(bench_clock::time_point scheduled);
    void schedule_next();
    void on_frame(const v1::ServerFrame& frame);
    void on_reply(const v1::ServerFrame& frame);
    void on_deliver(const v1::Envelope& envelope);
    void on_close(const std::string& reason);
    bool may_send() const { return !stopping_.load(std::memory_order_relaxed) && client_->open(); }

    std::shared_ptr<protocol_client> client_;
    load_plan plan_;
    send_frame_template template_;
    boost::asio::steady_timer timer_;
    bench_clock::time_point next_scheduled_{};
    std::uint64_t next_message_ = 1;
    struct pending_send {
        std::int64_t start_ns = 0;
        std::uint64_t message = 0;  // n of the client message id
    };
    std::unordered_map<std::uint64_t, pending_send> pending_;  // by request id
    load_sender sender_;
    std::string id_prefix_;
    load_stats stats_;
    std::atomic<std::int64_t> in_flight_{0};
    std::atomic<std::uint64_t> measured_acks_{0};
    std::atomic<std::uint64_t> measured_deliveries_{0};
    std::atomic<std::uint64_t> highest_seq_{0};
    std::atomic<bool> stopping_{false};
    std::atomic<bool> lost_{false};
};

}  // namespace toward::bench
