#include "server.hpp"

#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <future>

#include "net/listener.hpp"
#include "net/tls.hpp"
#include "server_context.hpp"
#include "store/sqlite_store.hpp"
#include "util/log.hpp"

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

std::pair<std::string, unsigned short> split_host_port(const std::string& listen) {
    const auto colon = listen.rfind(':');
    std::string host = listen.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
    if (host == "localhost") host = "127.0.0.1";
    const int port = std::stoi(listen.substr(colon + 1));
    if (port < 0 || port > 65535) throw config_error("listen: port out of range");
    return {host, static_cast<unsigned short>(port)};
}

std::size_t io_threads(const server_config& config) {
    if (config.threads > 0) return static_cast<std::size_t>(config.threads);
    return std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace

const toward::clock& server::default_clock() {
    static const system_clock instance;
    return instance;
}

server::server(server_config config, const toward::clock& time)
    : config_(std::move(config)),
      time_(time),
      hashing_(static_cast<std::size_t>(config_.auth.hash_threads)) {
    log::set_min_level(level_of(config_.log_level));
    const std::filesystem::path data(config_.data_dir);
    std::filesystem::create_directories(data);
    std::filesystem::permissions(data, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace);

    sqlite_store_options options;
    options.path = config_.database_path();
    options.synchronous_full = config_.synchronous == "full";
    options.on_commit = [this](double seconds, std::size_t jobs, bool ok) {
        if (context_) context_->stats.observe_commit(seconds, jobs, ok);
    };
    store_ = std::make_unique<sqlite_store>(std::move(options));
    context_ = std::make_unique<server_context>(config_, *store_, time_, hashing_);

    if (config_.dev_tls && config_.tls_cert.empty()) {
        config_.tls_cert = (data / "tls" / "cert.pem").string();
        config_.tls_key = (data / "tls" / "key.pem").string();
        ensure_dev_certificate(config_.tls_cert, config_.tls_key);
    }
    if (config_.tls_enabled())
        tls_.emplace(make_server_tls_context(config_.tls_cert, config_.tls_key));

    const auto [host, port] = split_host_port(config_.listen);
    const tcp::endpoint endpoint(net::ip::make_address(host), port);
    listener_ = std::make_shared<listener>(ioc_, endpoint, *context_, tls_ ? &*tls_ : nullptr);
}

server::~server() {
    stop();
}

void server::start() {
    listener_->run();
    const auto count = io_threads(config_);
    for (std::size_t i = 0; i < count; ++i) threads_.emplace_back([this] { ioc_.run(); });
    log::info("toward-server listening on ", url(), " (store ", config_.database_path().string(),
              ", ", count, " I/O threads)");
    if (config_.tls_enabled()) {
        log::info("clients: toward --server ", url(), " --ca-file ", config_.tls_cert,
                  " register NAME");
    }
}

void server::stop() {
    if (stopped_) return;
    stopped_ = true;
    log::info("stopping: no new connections; finishing pending commits");
    listener_->stop();
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
    start();
    const int number = signalled.get_future().get();
    log::info("received signal ", number);
    stop();
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
