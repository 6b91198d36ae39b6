#include "metrics.hpp"

#include <sstream>

namespace toward::server {
namespace {

const char* limit_label(errc which) {
    switch (which) {
        case errc::frame_too_large:
            return "frame_size";
        case errc::rate_limited:
            return "message_rate";
        case errc::login_throttled:
            return "login_attempts";
        case errc::redeem_throttled:
            return "redeem_attempts";
        case errc::too_many_connections:
            return "connections_per_address";
        case errc::auth_timeout:
            return "auth_timeout";
        case errc::slow_consumer:
            return "write_queue";
        default:
            return "other";
    }
}

void counter(std::ostringstream& out, const char* name, const char* help, std::uint64_t value) {
    out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << " counter\n"
        << name << ' ' << value << '\n';
}

}  // namespace

void metrics::count_limit_hit(errc which) {
    for (std::size_t i = 0; i < limit_kinds.size(); ++i) {
        if (limit_kinds[i] == which) ++limit_hits_[i];
    }
}

void metrics::observe_commit(double seconds, std::size_t jobs, bool ok) {
    if (!ok) ++commit_failures_;
    ++commit_count_;
    committed_jobs_ += jobs;
    commit_sum_us_ += static_cast<std::uint64_t>(seconds * 1e6);
    for (std::size_t i = 0; i < commit_buckets_s.size(); ++i) {
        if (seconds <= commit_buckets_s[i]) {
            ++commit_bucket_counts_[i];
            break;
        }
    }
}

std::string metrics::render() const {
    std::ostringstream out;
    out << "# HELP toward_connections_open WebSocket connections open now\n"
           "# TYPE toward_connections_open gauge\n"
        << "toward_connections_open " << connections_open.load() << '\n';
    counter(out, "toward_connections_total", "WebSocket connections accepted",
            connections_total.load());
    counter(out, "toward_frames_received_total", "frames received from clients",
            frames_received.load());
    counter(out, "toward_frames_sent_total", "frames sent to clients", frames_sent.load());
    counter(out, "toward_messages_stored_total", "messages durably stored (relayed)",
            messages_stored.load());
    counter(out, "toward_messages_delivered_total", "messages pushed to a recipient",
            messages_delivered.load());
    counter(out, "toward_auth_failures_total", "failed register, login and resume attempts",
            auth_failures.load());
    counter(out, "toward_slow_consumers_dropped_total",
            "connections dropped for a full write queue", slow_consumers_dropped.load());
    counter(out, "toward_store_commit_failures_total", "store transactions that failed",
            commit_failures_.load());
    counter(out, "toward_store_committed_jobs_total", "write jobs in committed transactions",
            committed_jobs_.load());

    out << "# HELP toward_limit_hits_total requests refused by a limit\n"
           "# TYPE toward_limit_hits_total counter\n";
    for (std::size_t i = 0; i < limit_kinds.size(); ++i) {
        out << "toward_limit_hits_total{limit=\"" << limit_label(limit_kinds[i]) << "\"} "
            << limit_hits_[i].load() << '\n';
    }

    out << "# HELP toward_store_commit_seconds store transaction commit latency\n"
           "# TYPE toward_store_commit_seconds histogram\n";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < commit_buckets_s.size(); ++i) {
        cumulative += commit_bucket_counts_[i].load();
        out << "toward_store_commit_seconds_bucket{le=\"" << commit_buckets_s[i] << "\"} "
            << cumulative << '\n';
    }
    out << "toward_store_commit_seconds_bucket{le=\"+Inf\"} " << commit_count_.load() << '\n'
        << "toward_store_commit_seconds_sum " << static_cast<double>(commit_sum_us_.load()) / 1e6
        << '\n'
        << "toward_store_commit_seconds_count " << commit_count_.load() << '\n';
    return out.str();
}

}  // namespace toward::server
