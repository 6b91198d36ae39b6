// HTTP on the listening port: GET /healthz and the upgrade to the WebSocket
// protocol on /v1/ws. (/metrics has a loopback listener of its own.)
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <memory>
#include <new>
#include <optional>

#include "net/start_connection.hpp"
#include "net/tls_stream.hpp"
#include "net/ws_session.hpp"
#include "util/log.hpp"

namespace toward::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

// Deadlines (expires_after, which both stream types have) cover what comes
// before the WebSocket; the WebSocket keeps its own timeouts.
constexpr auto http_timeout = std::chrono::seconds(30);
constexpr auto shutdown_timeout = std::chrono::seconds(5);

using shared_tls_context = std::shared_ptr<boost::asio::ssl::context>;

// The stream passes from the HTTP session to the WebSocket session, so the
// connection's share of its TLS context lives where the stream lives: in the
// OpenSSL connection object, released by SSL_free when the stream goes.
int tls_context_owner_index() {
    static const int index = SSL_get_ex_new_index(
        0, nullptr, nullptr, nullptr, [](void*, void* owned, CRYPTO_EX_DATA*, int, long, void*) {
            delete static_cast<shared_tls_context*>(owned);
        });
    return index;
}

void keep_context_alive(tls_stream& stream, shared_tls_context tls) {
    auto* owned = new shared_tls_context(std::move(tls));
    if (SSL_set_ex_data(stream.native_handle(), tls_context_owner_index(), owned) != 1) {
        delete owned;
        throw std::bad_alloc();
    }
}

// The client's address as a trusted proxy saw it: the last X-Forwarded-For
// entry, when it is an address; otherwise the peer's own.
std::string forwarded_address(const http::request<http::string_body>& request,
                              const std::string& peer) {
    const auto header = request["X-Forwarded-For"];
    if (header.empty()) return peer;
    auto last =
        header.substr(header.rfind(',') == beast::string_view::npos ? 0 : header.rfind(',') + 1);
    while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
    while (!last.empty() && last.back() == ' ') last.remove_suffix(1);
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(std::string(last), ec);
    return ec ? peer : address.to_string();
}

bool offers_subprotocol(const http::request<http::string_body>& request) {
    const auto offered = request[http::field::sec_websocket_protocol];
    for (std::size_t start = 0; start <= offered.size();) {
        auto end = offered.find(',', start);
        if (end == beast::string_view::npos) end = offered.size();
        auto item = offered.substr(start, end - start);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (item == "toward.v1") return true;
        start = end + 1;
    }
    return false;
}

template <class Stream>
class http_session : public std::enable_shared_from_this<http_session<Stream>> {
  public:
    http_session(Stream&& stream, server_context& context)
        : stream_(std::move(stream)), ctx_(context) {
        beast::error_code ec;
        const auto peer = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
        peer_address_ = ec ? "unknown" : peer.address().to_string();
        from_proxy_ = ctx_.config.behind_proxy && ctx_.proxies.contains(peer_address_);
    }

    ~http_session() {
        if (handshaking_) ctx_.handshaking.close(peer_address_);
    }

    void run() {
        // Connections that have not upgraded yet are bounded per address
        // too, or a stranger could hold any number in their TLS handshake.
        // A trusted proxy carries everyone's: its clients are counted at
        // the upgrade, by their forwarded address.
        if (!from_proxy_) {
            handshaking_ = ctx_.handshaking.try_open(peer_address_);
            if (!handshaking_) {
                ctx_.stats.count_limit_hit(errc::too_many_connections);
                beast::error_code ignored;
                beast::get_lowest_layer(stream_).socket().close(ignored);
                return;
            }
        }
        if constexpr (std::is_same_v<Stream, tls_stream>) {
            // A client that stalls its handshake gets no more time than one
            // that completes it and then does not authenticate.
            stream_.expires_after(std::chrono::seconds(ctx_.config.limits.auth_timeout_s));
            stream_.async_handshake(
                [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                    if (ec) {
                        return log::debug("TLS handshake from ", self->peer_address_, ": ",
                                          ec.message());
                    }
                    self->do_read();
                });
        } else {
            do_read();
        }
    }

  private:
    void do_read() {
        parser_.emplace();
        parser_->body_limit(8192);
        stream_.expires_after(http_timeout);
        http::async_read(
            stream_, buffer_, *parser_,
            beast::bind_front_handler(&http_session::on_read, this->shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        if (ec == http::error::end_of_stream) return shut_down();
        if (ec) return;
        auto request = parser_->release();
        if (beast::websocket::is_upgrade(request)) return upgrade(std::move(request));
        if (request.method() == http::verb::get && request.target() == "/healthz") {
            return health(std::move(request));
        }
        respond(request, http::status::not_found, "text/plain",
                "not found: this is a toward-server; clients connect to /v1/ws\n");
    }

    // At most one store check a second, whoever asks; the others get the
    // last answer.
    void health(http::request<http::string_body> request) {
        auto& cache = ctx_.health;
        const auto now = ctx_.time.now_ms();
        const auto checked = cache.checked_ms.load();
        if ((checked != 0 && now - checked < health_cache::fresh_ms) ||
            cache.checking.exchange(true)) {
            return respond_health(request, cache.writable.load());
        }
        ctx_.db.check_writable([self = this->shared_from_this(), request, now](result<void> ok) {
            auto& answer = self->ctx_.health;
            answer.writable = static_cast<bool>(ok);
            answer.checked_ms = now == 0 ? 1 : now;
            answer.checking = false;
            boost::asio::post(self->stream_.get_executor(), [self, request, ok] {
                self->respond_health(request, static_cast<bool>(ok));
            });
        });
    }

    void respond_health(const http::request<http::string_body>& request, bool writable) {
        respond(request, writable ? http::status::ok : http::status::service_unavailable,
                "text/plain", writable ? "ok\n" : "store not writable\n");
    }

    void upgrade(http::request<http::string_body> request) {
        if (request.target() != "/v1/ws") {
            return respond(request, http::status::not_found, "text/plain",
                           "the WebSocket endpoint is /v1/ws\n");
        }
        if (!offers_subprotocol(request)) {
            return respond(request, http::status::bad_request, "text/plain",
                           "ask for the WebSocket subprotocol toward.v1\n");
        }
        const auto address =
            from_proxy_ ? forwarded_address(request, peer_address_) : peer_address_;
        // Refused before the 101: an over-limit client never gets a WebSocket.
        if (!ctx_.connections.try_open(address)) {
            ctx_.stats.count_limit_hit(errc::too_many_connections);
            auto response = make_response(request, http::status::too_many_requests, "text/plain",
                                          "too many connections from this address\n");
            response->set(http::field::retry_after, "10");
            response->keep_alive(false);
            return send(std::move(response));
        }
        if (handshaking_) {
            ctx_.handshaking.close(peer_address_);
            handshaking_ = false;
        }
        stream_.expires_never();
        std::make_shared<ws_session<Stream>>(std::move(stream_), ctx_, address)
            ->run(std::move(request));
    }

    using response_ptr = std::shared_ptr<http::response<http::string_body>>;

    static response_ptr make_response(const http::request<http::string_body>& request,
                                      http::status status, const char* content_type,
                                      std::string body) {
        auto response =
            std::make_shared<http::response<http::string_body>>(status, request.version());
        response->set(http::field::server, "toward-server");
        response->set(http::field::content_type, content_type);
        response->keep_alive(request.keep_alive());
        response->body() = std::move(body);
        return response;
    }

    void respond(const http::request<http::string_body>& request, http::status status,
                 const char* content_type, std::string body) {
        send(make_response(request, status, content_type, std::move(body)));
    }

    void send(response_ptr response) {
        response->prepare_payload();
        http::async_write(
            stream_, *response,
            [self = this->shared_from_this(), response](beast::error_code ec, std::size_t) {
                if (ec) return;
                if (response->keep_alive()) return self->do_read();
                self->shut_down();
            });
    }

    void shut_down() {
        if constexpr (std::is_same_v<Stream, tls_stream>) {
            stream_.expires_after(shutdown_timeout);
            stream_.async_shutdown(
                [self = this->shared_from_this()](beast::error_code, std::size_t) {});
        } else {
            beast::error_code ignored;
            stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        }
    }

    Stream stream_;
    server_context& ctx_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::string peer_address_;
    bool from_proxy_ = false;   // a trusted proxy: X-Forwarded-For names the client
    bool handshaking_ = false;  // holds one of ctx_.handshaking's places
};

}  // namespace

void start_plain_connection(server_context& context, tcp::socket socket) {
    std::make_shared<http_session<beast::tcp_stream>>(beast::tcp_stream(std::move(socket)), context)
        ->run();
}

void start_tls_connection(server_context& context, shared_tls_context tls, tcp::socket socket) {
    tls_stream stream(std::move(socket), *tls);
    keep_context_alive(stream, std::move(tls));
    std::make_shared<http_session<tls_stream>>(std::move(stream), context)->run();
}

}  // namespace toward::server
