// toward-echo-baseline: the least a TLS WebSocket server on our stack can do
// (Beast, OpenSSL, a strand per connection, N I/O threads), echoing every
// message. `toward-bench raw-echo` against it gives the ceiling that
// toward-server's throughput is compared with (docs/BENCHMARKS.md).
#include <openssl/ssl.h>
#include <CLI/CLI.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/strand.hpp>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "echo_session.hpp"
#include "net/tls.hpp"

namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;

// Accepts connections, each onto a strand of its own.
class echo_listener : public std::enable_shared_from_this<echo_listener> {
  public:
    echo_listener(net::io_context& ioc, const tcp::endpoint& endpoint, net::ssl::context* tls)
        : ioc_(ioc), acceptor_(net::make_strand(ioc)), tls_(tls) {
        acceptor_.open(endpoint.protocol());
        acceptor_.set_option(net::socket_base::reuse_address(true));
        acceptor_.bind(endpoint);
        acceptor_.listen(net::socket_base::max_listen_connections);
    }

    tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }

    void do_accept() {
        acceptor_.async_accept(
            net::make_strand(ioc_),
            [self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
                if (ec == net::error::operation_aborted) return;
                if (!ec) {
                    boost::system::error_code ignored;
                    socket.set_option(tcp::no_delay(true), ignored);
                    if (self->tls_) {
                        toward::bench::start_tls_echo(*self->tls_, std::move(socket));
                    } else {
                        toward::bench::start_plain_echo(std::move(socket));
                    }
                }
                self->do_accept();
            });
    }

  private:
    net::io_context& ioc_;
    tcp::acceptor acceptor_;
    net::ssl::context* tls_;
};

}  // namespace

int main(int argc, char** argv) {
    std::string address = "127.0.0.1";
    unsigned short port = 0;
    unsigned threads = 0;
    std::string data = "toward-echo-data";
    std::string cert, key;
    bool plain = false;
    CLI::App app{"toward-echo-baseline: a TLS WebSocket server that echoes every message"};
    app.add_option("--address", address, "address to listen on")->capture_default_str();
    app.add_option("--port", port, "port; 0 picks a free one")->capture_default_str();
    app.add_option("--threads", threads, "I/O threads; 0 = one per core")->capture_default_str();
    app.add_option("--data", data, "directory for the development certificate (tls/)")
        ->capture_default_str();
    app.add_option("--tls-cert", cert, "certificate chain (PEM) instead of the development one");
    app.add_option("--tls-key", key, "its private key (PEM)");
    app.add_flag("--plain", plain, "serve ws:// without TLS");
    CLI11_PARSE(app, argc, argv);

    try {
        std::optional<net::ssl::context> tls;
        if (!plain) {
            if (cert.empty()) {
                cert = (std::filesystem::path(data) / "tls" / "cert.pem").string();
                key = (std::filesystem::path(data) / "tls" / "key.pem").string();
                toward::server::ensure_dev_certificate(cert, key);
            }
            tls.emplace(toward::server::make_server_tls_context(cert, key));
        }
        if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
        net::io_context ioc(static_cast<int>(threads));
        auto listener = std::make_shared<echo_listener>(
            ioc, tcp::endpoint(net::ip::make_address(address), port), tls ? &*tls : nullptr);
        listener->do_accept();
        net::signal_set signals(ioc, SIGINT, SIGTERM);
        signals.async_wait([&ioc](boost::system::error_code, int) { ioc.stop(); });

        const auto endpoint = listener->local_endpoint();
        std::printf("toward-echo-baseline listening on %s://%s:%u/ (%u I/O threads)\n",
                    plain ? "ws" : "wss", endpoint.address().to_string().c_str(),
                    static_cast<unsigned>(endpoint.port()), threads);
        if (!plain) std::printf("CA file: %s\n", cert.c_str());
        std::fflush(stdout);

        std::vector<std::thread> pool;
        for (unsigned i = 1; i < threads; ++i) pool.emplace_back([&ioc] { ioc.run(); });
        ioc.run();
        for (auto& t : pool) t.join();
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "toward-echo-baseline: %s\n", e.what());
        return 1;
    }
}
