#include "server.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <future>
#include <stdexcept>

#include "auth/registration_code.hpp"
#include "net/listener.hpp"
#include "net/metrics_listener.hpp"
#include "net/tls.hpp"
#include "server_context.hpp"
#include "store/sqlite_store.hpp"
#include "util/log.hpp"
#include "util/thread_name.hpp"

namespace toward::server {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;

log::level level_of(const std::string& name) {
    if (name == "debug") return log::level::debug;
    if (name == "warn") return log::level::warn;
    if (name == "error") return log::level::error;
    return log::level::info;
}

tcp::endpoint endpoint_of(const std::string& listen) {
    const auto colon = listen.rfind(':');
    std::string host = listen.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
    if (host == "localhost") host = "127.0.0.1";
    const int port = std::stoi(listen.substr(colon + 1));
    if (port < 0 || port > 65535) throw config_error(listen + ": port out of range");
    return {net::ip::make_address(host), static_cast<unsigned short>(port)};
}

std::size_t io_threads(const server_config& config) {
    if (config.threads > 0) return static_cast<std::size_t>(config.threads);
    // The store thread keeps a core busy under load: one I/O thread fewer
    // relayed 15-20% more on two cores (docs/BENCHMARKS.md §3.1).
    const unsigned cores = std::thread::hardware_concurrency();  // 0 when unknown
    return cores > 1 ? cores - 1 : 1;
}

constexpr std::int64_t ms_per_day = 24 * 3600 * 1000;
constexpr auto retention_interval = std::chrono::hours(1);
// Messages emptied per store job: the store thread serves clients between batches.
constexpr std::uint32_t purge_batch_size = 1000;

}  // namespace

const toward::clock& server::default_clock() {
    static const system_clock instance;
    return instance;
}

server::server(server_config config, const toward::clock& time)
    : config_(std::move(config)),
      time_(time),
      // With one I/O thread, Asio queues what that thread posts without locks.
      ioc_(static_cast<int>(io_threads(config_))),
      hashing_(static_cast<std::size_t>(config_.auth.hash_threads),
               static_cast<std::size_t>(config_.auth.hash_queue),
               static_cast<std::size_t>(config_.auth.hash_queue_per_address)) {
    log::set_min_level(level_of(config_.log_level));
    // OpenSSL writes to the sockets itself (net/tls_stream.hpp), without
    // MSG_NOSIGNAL: a peer gone mid-write must be an error, not a signal.
    std::signal(SIGPIPE, SIG_IGN);
    const std::filesystem::path data(config_.data_dir);
    std::filesystem::create_directories(data);
    std::filesystem::permissions(data, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace);
    std::string lock_error;
    data_lock_ = data_dir_lock::take(data, lock_error);
    if (!data_lock_) throw std::runtime_error(lock_error);

    sqlite_store_options options;
    options.path = config_.database_path();
    options.synchronous_full = config_.synchronous == "full";
    options.max_open_invites_per_user = config_.limits.open_invites_per_user;
    options.max_pair_bytes = config_.limits.pair_storage_mb * 1024 * 1024;
    options.on_commit = [this](double seconds, std::size_t jobs, bool ok) {
        if (context_) context_->stats.observe_commit(seconds, jobs, ok);
    };
    options.complete_on = [this](std::function<void()> completions) {
        net::post(store_completions_, std::move(completions));
    };
    store_ = std::make_unique<sqlite_store>(std::move(options));
    context_ = std::make_unique<server_context>(config_, *store_, time_, hashing_);

    if (config_.dev_tls && config_.tls_cert.empty()) {
        config_.tls_cert = (data / "tls" / "cert.pem").string();
        config_.tls_key = (data / "tls" / "key.pem").string();
        ensure_dev_certificate(config_.tls_cert, config_.tls_key);
    }
    if (config_.tls_enabled())
        tls_ = std::make_unique<tls_context_holder>(config_.tls_cert, config_.tls_key);

    // One line for a busy port, not Boost's source location.
    auto cannot_listen = [](const std::string& where, const boost::system::system_error& e) {
        return std::runtime_error("cannot listen on " + where + ": " + e.code().message());
    };
    try {
        listener_ =
            std::make_shared<listener>(ioc_, endpoint_of(config_.listen), *context_, tls_.get());
    } catch (const boost::system::system_error& e) {
        throw cannot_listen(config_.listen, e);
    }
    if (!config_.metrics_listen.empty()) {
        try {
            metrics_listener_ = std::make_shared<metrics_listener>(
                ioc_, endpoint_of(config_.metrics_listen), context_->stats);
        } catch (const boost::system::system_error& e) {
            throw cannot_listen(config_.metrics_listen, e);
        }
    }
}

server::~server() {
    stop();
    // The timers belong to ioc_, which goes before the context does.
    context_->reminders.clear();
}

const metrics& server::stats() const {
    return context_->stats;
}

std::size_t server::pause_reminders_armed() const {
    return context_->reminders.armed();
}

void server::start() {
    listener_->run();
    if (metrics_listener_) metrics_listener_->run();
    if (config_.retention_days > 0) schedule_retention(std::chrono::seconds(0));
    const auto count = io_threads(config_);
    for (std::size_t i = 0; i < count; ++i) {
        name_thread(threads_.emplace_back([this] { ioc_.run(); }), "toward-io");
    }
    if (config_.registration == "invite-only") offer_first_registration_code();
    log::info("toward-server listening on ", url(), " (store ", config_.database_path().string(),
              ", ", count, count == 1 ? " I/O thread)" : " I/O threads)");
    if (metrics_listener_) {
        log::info("metrics on http://", metrics_listener_->local_endpoint(), "/metrics");
    }
    if (config_.tls_enabled()) {
        log::info("clients: toward --server ", url(), " --ca-file ", config_.tls_cert,
                  " register NAME", config_.registration == "invite-only" ? " --code CODE" : "");
    }
}

// While the store has no account, each start makes a code for the couple's
// two accounts and logs it: the operator finds it there (journalctl), and no
// stranger can register first.
void server::offer_first_registration_code() {
    const auto code = make_registration_code();
    if (!code) throw std::runtime_error("the system's random source failed");
    const auto now = time_.now_ms();
    const auto expires = now + std::int64_t{registration_code_days} * 24 * 3600 * 1000;
    std::promise<result<code_stored>> stored;
    store_->add_registration_code(registration_code_hash(*code), first_start_code_uses, expires,
                                  now, true, [&](result<code_stored> r) { stored.set_value(r); });
    const auto outcome = stored.get_future().get();
    if (!outcome)
        throw std::runtime_error("cannot store a registration code: " + outcome.error().message());
    if (*outcome == code_stored::stored) {
        log::info(
            "registration is by code: the first two accounts register with  toward register "
            "NAME --code ",
            *code, "  (valid ", registration_code_days,
            " days; toward-server registration-code makes more)");
    }
}

void server::stop() {
    if (stopped_) return;
    stopped_ = true;
    log::info("stopping: no new connections; finishing pending commits");
    listener_->stop();
    if (metrics_listener_) metrics_listener_->stop();
    store_->stop();  // commits what is queued; its handlers post their replies
    ioc_.stop();
    for (auto& thread : threads_) thread.join();
    threads_.clear();
    hashing_.stop();
    hashing_.join();
    log::info("stopped");
}

void server::run_until_signal() {
    std::promise<int> signalled;
    net::signal_set signals(ioc_, SIGINT, SIGTERM);
    signals.async_wait([&signalled](boost::system::error_code ec, int number) {
        signalled.set_value(ec ? 0 : number);
    });
    net::signal_set reload_signals(ioc_, SIGHUP);
    await_reload_signal(reload_signals);
    start();
    const int number = signalled.get_future().get();
    log::info("received signal ", number);
    stop();
}

void server::await_reload_signal(net::signal_set& signals) {
    signals.async_wait([this, &signals](boost::system::error_code ec, int) {
        if (ec) return;
        log::info("received SIGHUP");
        reload_tls();
        await_reload_signal(signals);
    });
}

std::optional<std::string> server::reload_tls() {
    if (!tls_) {
        log::info("TLS reload: nothing to reload, a proxy terminates TLS");
        return "TLS is not enabled here: a proxy terminates it";
    }
    auto failed = tls_->reload();
    if (failed) {
        log::error("TLS reload failed, still serving the previous certificate: ", *failed);
    } else {
        log::info("TLS reload: new connections get the certificate in ", tls_->cert_path());
    }
    return failed;
}

std::int64_t server::retention_cutoff_ms() const {
    return time_.now_ms() - config_.retention_days * ms_per_day;
}

void server::schedule_retention(std::chrono::steady_clock::duration delay) {
    retention_timer_.expires_after(delay);
    retention_timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec) purge_batch(0);
    });
}

void server::purge_batch(std::uint64_t purged_before) {
    store_->purge_delivered_ciphertext(
        retention_cutoff_ms(), purge_batch_size,
        [this, purged_before](result<std::uint64_t> purged) {
            // Back from the store thread to ours, where the timer lives.
            net::post(ioc_, [this, purged_before, purged] {
                if (!purged) {
                    log::warn("retention: purge failed: ", purged.error().message());
                    return schedule_retention(retention_interval);
                }
                const auto total = purged_before + *purged;
                if (*purged == purge_batch_size) return purge_batch(total);
                if (total > 0) {
                    log::info("retention: emptied the ciphertext of ", total,
                              " delivered messages older than ", config_.retention_days, " days");
                }
                schedule_retention(retention_interval);
            });
        });
}

result<std::uint64_t> server::purge_expired_messages() {
    if (config_.retention_days <= 0) return std::uint64_t{0};
    std::uint64_t total = 0;
    for (;;) {
        std::promise<result<std::uint64_t>> batch;
        store_->purge_delivered_ciphertext(
            retention_cutoff_ms(), purge_batch_size,
            [&batch](result<std::uint64_t> purged) { batch.set_value(purged); });
        const auto purged = batch.get_future().get();
        if (!purged) return purged;
        total += *purged;
        if (*purged < purge_batch_size) return total;
    }
}

unsigned short server::metrics_port() const {
    return metrics_listener_ ? metrics_listener_->local_endpoint().port() : 0;
}

unsigned short server::port() const {
    return listener_->local_endpoint().port();
}

std::string server::url() const {
    const auto endpoint = listener_->local_endpoint();
    std::string host = endpoint.address().to_string();
    if (endpoint.address().is_unspecified()) host = "localhost";
    if (endpoint.address().is_v6()) host = "[" + host + "]";
    return std::string(tls_ ? "wss://" : "ws://") + host + ":" + std::to_string(endpoint.port()) +
           "/v1/ws";
}

}  // namespace toward::server
