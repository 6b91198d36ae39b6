#include "net/metrics_listener.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "metrics.hpp"
#include "util/log.hpp"

namespace toward::server {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

constexpr auto request_timeout = std::chrono::seconds(10);

// One request, one answer, then the connection closes: a scraper reconnects
// for each scrape, and nothing here waits on a slow one for long.
class metrics_session : public std::enable_shared_from_this<metrics_session> {
  public:
    metrics_session(tcp::socket socket, const metrics& stats,
                    std::shared_ptr<std::atomic<int>> open)
        : stream_(std::move(socket)), stats_(stats), open_(std::move(open)) {}
    ~metrics_session() { --*open_; }

    void run() {
        parser_.body_limit(0);
        parser_.header_limit(8192);
        stream_.expires_after(request_timeout);
        http::async_read(stream_, buffer_, parser_,
                         [self = shared_from_this()](beast::error_code ec, std::size_t) {
                             if (!ec) self->answer(self->parser_.get());
                         });
    }

  private:
    void answer(const http::request<http::empty_body>& request) {
        const bool found = request.method() == http::verb::get && request.target() == "/metrics";
        response_.version(request.version());
        response_.result(found ? http::status::ok : http::status::not_found);
        response_.set(http::field::server, "toward-server");
        response_.set(http::field::content_type,
                      found ? "text/plain; version=0.0.4" : "text/plain");
        response_.body() = found ? stats_.render() : "not found: only GET /metrics is here\n";
        response_.keep_alive(false);
        response_.prepare_payload();
        http::async_write(stream_, response_,
                          [self = shared_from_this()](beast::error_code, std::size_t) {
                              beast::error_code ignored;
                              self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
                          });
    }

    beast::tcp_stream stream_;
    const metrics& stats_;
    std::shared_ptr<std::atomic<int>> open_;
    beast::flat_buffer buffer_;
    http::request_parser<http::empty_body> parser_;
    http::response<http::string_body> response_;
};

}  // namespace

metrics_listener::metrics_listener(net::io_context& ioc, const tcp::endpoint& endpoint,
                                   const metrics& stats)
    : ioc_(ioc), acceptor_(net::make_strand(ioc)), stats_(stats) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(max_connections);
}

void metrics_listener::run() {
    do_accept();
}

void metrics_listener::stop() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
        boost::system::error_code ignored;
        self->acceptor_.close(ignored);
    });
}

void metrics_listener::do_accept() {
    acceptor_.async_accept(
        net::make_strand(ioc_),
        [self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
            self->on_accept(ec, std::move(socket));
        });
}

void metrics_listener::on_accept(boost::system::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
    if (ec) {
        log::warn("metrics accept: ", ec.message());
    } else if (++*open_ > max_connections) {
        --*open_;
        boost::system::error_code ignored;
        socket.close(ignored);
    } else {
        std::make_shared<metrics_session>(std::move(socket), stats_, open_)->run();
    }
    do_accept();
}

}  // namespace toward::server
