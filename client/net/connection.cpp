#include "net/connection.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "net/server_url.hpp"

namespace toward::client {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;

struct connection::impl {
    net::io_context ioc;
    net::ssl::context tls{net::ssl::context::tls_client};
    std::unique_ptr<websocket::stream<beast::ssl_stream<beast::tcp_stream>>> secure;
    std::unique_ptr<websocket::stream<beast::tcp_stream>> plain;
    beast::flat_buffer read_buffer;
    std::deque<v1::ServerFrame> inbox;
    bool reading = false;

    template <class F>
    void with_ws(F&& f) {
        if (secure) {
            f(*secure);
        } else {
            f(*plain);
        }
    }
};

namespace {

std::string tls_error_text(const beast::error_code& ec) {
    std::string text = ec.message();
    if (ec.category() == net::error::get_ssl_category()) {
        text += " (is --ca-file the server's certificate or its CA?)";
    }
    return text;
}

}  // namespace

connection::connection(std::unique_ptr<impl> state) : impl_(std::move(state)) {}

connection::~connection() = default;

template <class Done>
bool connection::run_until(Done done, clock::time_point deadline) {
    while (!done()) {
        if (impl_->ioc.stopped()) impl_->ioc.restart();
        if (impl_->ioc.run_one_until(deadline) == 0 && clock::now() >= deadline) return done();
    }
    return true;
}

std::unique_ptr<connection> connection::open(const connect_options& options, std::string& error) {
    const auto url = parse_server_url(options.url);
    if (!url) {
        error = "'" + options.url + "' is not a ws:// or wss:// URL";
        return nullptr;
    }
    if (auto refusal = plain_ws_refusal(*url); !refusal.empty()) {
        error = std::move(refusal);
        return nullptr;
    }
    auto state = std::make_unique<impl>();
    if (url->tls) {
        beast::error_code ec;
        if (options.ca_file.empty()) {
            state->tls.set_default_verify_paths(ec);
        } else {
            state->tls.load_verify_file(options.ca_file, ec);
        }
        if (ec) {
            error = "cannot read CA file '" + options.ca_file + "': " + ec.message();
            return nullptr;
        }
        state->tls.set_verify_mode(net::ssl::verify_peer);
        state->secure = std::make_unique<websocket::stream<beast::ssl_stream<beast::tcp_stream>>>(
            state->ioc, state->tls);
    } else {
        state->plain = std::make_unique<websocket::stream<beast::tcp_stream>>(state->ioc);
    }
    std::unique_ptr<connection> conn(new connection(std::move(state)));
    auto& s = *conn->impl_;
    const auto deadline = clock::now() + options.timeout;

    // Resolve and connect.
    tcp::resolver resolver(s.ioc);
    bool done = false;
    beast::error_code ec;
    tcp::resolver::results_type endpoints;
    resolver.async_resolve(url->host, url->port, [&](beast::error_code e, auto results) {
        ec = e;
        endpoints = std::move(results);
        done = true;
    });
    if (!conn->run_until([&] { return done; }, deadline) || ec) {
        error = "cannot resolve " + url->host + ": " + (ec ? ec.message() : "timed out");
        return nullptr;
    }
    auto& tcp_layer =
        s.secure ? beast::get_lowest_layer(*s.secure) : beast::get_lowest_layer(*s.plain);
    tcp_layer.expires_at(deadline);
    done = false;
    tcp_layer.async_connect(endpoints, [&](beast::error_code e, const tcp::endpoint&) {
        ec = e;
        done = true;
    });
    conn->run_until([&] { return done; }, deadline);
    if (!done || ec) {
        error = "cannot connect to " + url->host + ":" + url->port + ": " +
                (ec ? ec.message() : "timed out");
        return nullptr;
    }
    tcp_layer.socket().set_option(tcp::no_delay(true), ec);

    // TLS: SNI, and the certificate must name the host we asked for.
    if (s.secure) {
        auto& tls_stream = s.secure->next_layer();
        SSL_set_tlsext_host_name(tls_stream.native_handle(), url->host.c_str());
        tls_stream.set_verify_callback(net::ssl::host_name_verification(url->host));
        done = false;
        tls_stream.async_handshake(net::ssl::stream_base::client, [&](beast::error_code e) {
            ec = e;
            done = true;
        });
        conn->run_until([&] { return done; }, deadline);
        if (!done || ec) {
            error = "TLS handshake with " + url->host +
                    " failed: " + (ec ? tls_error_text(ec) : "timed out");
            return nullptr;
        }
    }

    // WebSocket upgrade with the toward.v1 subprotocol.
    tcp_layer.expires_never();
    websocket::response_type refusal;
    done = false;
    s.with_ws([&](auto& ws) {
        ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
        ws.set_option(websocket::stream_base::decorator([](websocket::request_type& request) {
            request.set(beast::http::field::sec_websocket_protocol, "toward.v1");
            request.set(beast::http::field::user_agent, "toward");
        }));
        ws.read_message_max(16 * 1024 * 1024);
        ws.binary(true);
        ws.async_handshake(refusal, url->host + ":" + url->port, url->path,
                           [&](beast::error_code e) {
                               ec = e;
                               done = true;
                           });
    });
    conn->run_until([&] { return done; }, deadline);
    if (done && ec && refusal.result_int() != 0 &&
        refusal.result() != beast::http::status::switching_protocols) {
        // The server answered in plain HTTP: its first line says why.
        auto reason = refusal.body().substr(0, refusal.body().find('\n')).substr(0, 200);
        error = "the server refused the connection (" + std::to_string(refusal.result_int()) +
                (reason.empty() ? "" : ": " + reason) + ")";
        if (auto retry = refusal[beast::http::field::retry_after]; !retry.empty())
            error += "; try again in " + std::string(retry.substr(0, 8)) + " s";
        return nullptr;
    }
    if (!done || ec) {
        error = "WebSocket handshake with " + options.url +
                " failed: " + (ec ? ec.message() : "timed out");
        return nullptr;
    }
    return conn;
}

void connection::ensure_reading() {
    // Keeps one read outstanding while the caller waits for anything, so the
    // server's replies never pile up unread; each read lands in the inbox.
    auto& s = *impl_;
    if (s.reading || closed_) return;
    s.reading = true;
    s.with_ws([&](auto& ws) {
        ws.async_read(s.read_buffer, [this, &ws](beast::error_code ec, std::size_t) {
            auto& st = *impl_;
            st.reading = false;
            if (ec) {
                closed_ = true;
                close_reason_ = ws.reason().reason.empty() ? ec.message()
                                                           : std::string(ws.reason().reason.data(),
                                                                         ws.reason().reason.size());
                return;
            }
            v1::ServerFrame frame;
            const auto data = st.read_buffer.cdata();
            if (frame.ParseFromArray(data.data(), static_cast<int>(data.size()))) {
                st.inbox.push_back(std::move(frame));
            }
            st.read_buffer.consume(st.read_buffer.size());
            ensure_reading();
        });
    });
}

bool connection::pump_until(clock::time_point deadline) {
    auto& s = *impl_;
    ensure_reading();
    const std::size_t before = s.inbox.size();
    return run_until([&] { return s.inbox.size() > before || closed_; }, deadline);
}

bool connection::send_raw(std::string_view bytes, std::chrono::milliseconds timeout) {
    if (closed_) return false;
    ensure_reading();
    bool done = false;
    beast::error_code ec;
    impl_->with_ws([&](auto& ws) {
        ws.async_write(net::buffer(bytes.data(), bytes.size()),
                       [&](beast::error_code e, std::size_t) {
                           ec = e;
                           done = true;
                       });
    });
    if (!run_until([&] { return done; }, clock::now() + timeout)) return false;
    if (ec) {
        closed_ = true;
        if (close_reason_.empty()) close_reason_ = ec.message();
    }
    return !ec;
}

bool connection::send(const v1::ClientFrame& frame, std::chrono::milliseconds timeout) {
    return send_raw(frame.SerializeAsString(), timeout);
}

std::optional<v1::ServerFrame> connection::take_matching(
    const std::function<bool(const v1::ServerFrame&)>& wanted, clock::time_point deadline) {
    auto& inbox = impl_->inbox;
    std::size_t checked = 0;
    for (;;) {
        for (; checked < inbox.size(); ++checked) {
            if (wanted(inbox[checked])) {
                auto frame = std::move(inbox[checked]);
                inbox.erase(inbox.begin() + static_cast<std::ptrdiff_t>(checked));
                return frame;
            }
        }
        if (closed_ || clock::now() >= deadline) return std::nullopt;
        pump_until(deadline);
    }
}

std::optional<v1::ServerFrame> connection::request(v1::ClientFrame frame,
                                                   std::chrono::milliseconds timeout) {
    const auto id = next_request_id_++;
    frame.set_request_id(id);
    if (!send(frame, timeout)) return std::nullopt;
    return take_matching([id](const v1::ServerFrame& f) { return f.request_id() == id; },
                         clock::now() + timeout);
}

std::optional<v1::ServerFrame> connection::next_frame(std::chrono::milliseconds timeout) {
    return take_matching([](const v1::ServerFrame&) { return true; }, clock::now() + timeout);
}

bool connection::wait_closed(std::chrono::milliseconds timeout) {
    const auto deadline = clock::now() + timeout;
    while (!closed_ && clock::now() < deadline) pump_until(deadline);
    return closed_;
}

void connection::close() {
    if (closed_) return;
    bool done = false;
    impl_->with_ws([&](auto& ws) {
        ws.async_close(websocket::close_code::normal, [&](beast::error_code) { done = true; });
    });
    run_until([&] { return done; }, clock::now() + std::chrono::seconds(2));
    closed_ = true;
}

}  // namespace toward::client
