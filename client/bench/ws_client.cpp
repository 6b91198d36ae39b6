#include "ws_client.hpp"

#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <stdexcept>
#include <utility>

namespace toward::bench {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;

ws_target make_ws_target(const std::string& url_text, const std::string& ca_file,
                         std::unique_ptr<net::ssl::context>& tls_storage) {
    auto url = client::parse_server_url(url_text);
    if (!url) throw std::runtime_error("'" + url_text + "' is not a ws:// or wss:// URL");
    ws_target target;
    target.url = *url;
    net::io_context resolve_context;
    tcp::resolver resolver(resolve_context);
    boost::system::error_code ec;
    target.endpoints = resolver.resolve(url->host, url->port, ec);
    if (ec) throw std::runtime_error("cannot resolve " + url->host + ": " + ec.message());
    if (url->tls) {
        tls_storage = std::make_unique<net::ssl::context>(net::ssl::context::tls_client);
        if (ca_file.empty()) {
            tls_storage->set_default_verify_paths(ec);
        } else {
            tls_storage->load_verify_file(ca_file, ec);
        }
        if (ec) throw std::runtime_error("cannot read CA file '" + ca_file + "': " + ec.message());
        tls_storage->set_verify_mode(net::ssl::verify_peer);
        target.tls = tls_storage.get();
    }
    return target;
}

struct ws_client::streams {
    std::unique_ptr<websocket::stream<beast::ssl_stream<beast::tcp_stream>>> secure;
    std::unique_ptr<websocket::stream<beast::tcp_stream>> plain;
    beast::flat_buffer read_buffer;

    tcp::socket& socket() {
        return secure ? beast::get_lowest_layer(*secure).socket()
                      : beast::get_lowest_layer(*plain).socket();
    }
    beast::tcp_stream& tcp_layer() {
        return secure ? beast::get_lowest_layer(*secure) : beast::get_lowest_layer(*plain);
    }
};

template <class F>
void ws_client::with_ws(F&& f) {
    if (streams_->secure) {
        f(*streams_->secure);
    } else {
        f(*streams_->plain);
    }
}

std::shared_ptr<ws_client> ws_client::create(net::io_context& ioc, const ws_target& target) {
    return std::shared_ptr<ws_client>(new ws_client(ioc, target));
}

ws_client::ws_client(net::io_context& ioc, const ws_target& target)
    : strand_(net::make_strand(ioc)), target_(target), streams_(std::make_unique<streams>()) {
    if (target.tls) {
        streams_->secure =
            std::make_unique<websocket::stream<beast::ssl_stream<beast::tcp_stream>>>(strand_,
                                                                                      *target.tls);
    } else {
        streams_->plain = std::make_unique<websocket::stream<beast::tcp_stream>>(strand_);
    }
}

ws_client::~ws_client() = default;

void ws_client::set_handlers(message_handler on_message, close_handler on_close) {
    on_message_ = std::move(on_message);
    on_close_ = std::move(on_close);
}

void ws_client::start_connect(std::function<void(boost::system::error_code)> done) {
    net::dispatch(strand_, [self = shared_from_this(), done = std::move(done)]() mutable {
        self->connect_done_ = std::move(done);
        auto& tcp_layer = self->streams_->tcp_layer();
        tcp_layer.expires_after(std::chrono::seconds(30));
        tcp_layer.async_connect(
            self->target_.endpoints,
            [self](boost::system::error_code ec, const tcp::endpoint&) { self->on_connected(ec); });
    });
}

void ws_client::complete_connect(boost::system::error_code ec) {
    auto done = std::exchange(connect_done_, nullptr);
    if (done) done(ec);
}

void ws_client::on_connected(boost::system::error_code ec) {
    if (ec) return complete_connect(ec);
    boost::system::error_code ignored;
    streams_->socket().set_option(tcp::no_delay(true), ignored);
    if (!streams_->secure) return on_tls_handshake({});
    auto& tls_stream = streams_->secure->next_layer();
    SSL_set_tlsext_host_name(tls_stream.native_handle(), target_.url.host.c_str());
    tls_stream.set_verify_callback(net::ssl::host_name_verification(target_.url.host));
    tls_stream.async_handshake(
        net::ssl::stream_base::client,
        beast::bind_front_handler(&ws_client::on_tls_handshake, shared_from_this()));
}

void ws_client::on_tls_handshake(boost::system::error_code ec) {
    if (ec) return complete_connect(ec);
    streams_->tcp_layer().expires_never();
    with_ws([&](auto& ws) {
        ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
        const std::string subprotocol = target_.subprotocol;
        ws.set_option(
            websocket::stream_base::decorator([subprotocol](websocket::request_type& request) {
                if (!subprotocol.empty())
                    request.set(beast::http::field::sec_websocket_protocol, subprotocol);
                request.set(beast::http::field::user_agent, "toward-bench");
            }));
        ws.read_message_max(16 * 1024 * 1024);
        ws.binary(true);
        ws.async_handshake(
            target_.url.host + ":" + target_.url.port, target_.url.path,
            beast::bind_front_handler(&ws_client::on_ws_handshake, shared_from_this()));
    });
}

void ws_client::on_ws_handshake(boost::system::error_code ec) {
    if (ec) return complete_connect(ec);
    open_ = true;
    do_read();
    complete_connect({});
    if (!queue_.empty() && !writing_) do_write();
}

void ws_client::do_read() {
    with_ws([&](auto& ws) {
        ws.async_read(streams_->read_buffer,
                      beast::bind_front_handler(&ws_client::on_read, shared_from_this()));
    });
}

void ws_client::on_read(boost::system::error_code ec, std::size_t bytes) {
    if (ec) {
        std::string reason = ec.message();
        with_ws([&](auto& ws) {
            if (!ws.reason().reason.empty()) {
                reason = std::string(ws.reason().reason.data(), ws.reason().reason.size());
            }
        });
        return finish(reason);
    }
    const auto data = streams_->read_buffer.cdata();
    if (on_message_) on_message_(std::string_view(static_cast<const char*>(data.data()), bytes));
    streams_->read_buffer.consume(streams_->read_buffer.size());
    if (open_) do_read();
}

void ws_client::send(std::string message) {
    net::dispatch(strand_, [self = shared_from_this(), message = std::move(message)]() mutable {
        if (self->finished_) return;
        self->queued_bytes_ += message.size();
        self->queue_.push_back(std::move(message));
        if (self->open_ && !self->writing_) self->do_write();
    });
}

void ws_client::do_write() {
    writing_ = true;
    with_ws([&](auto& ws) {
        ws.async_write(net::buffer(queue_.front()),
                       beast::bind_front_handler(&ws_client::on_write, shared_from_this()));
    });
}

void ws_client::on_write(boost::system::error_code ec, std::size_t) {
    writing_ = false;
    if (ec || finished_) return finish(ec ? ec.message() : "closed");
    queued_bytes_ -= queue_.front().size();
    queue_.pop_front();
    if (!queue_.empty() && open_) do_write();
}

void ws_client::close() {
    net::dispatch(strand_, [self = shared_from_this()] { self->finish("closed by the bench"); });
}

void ws_client::finish(const std::string& reason) {
    if (finished_) return;
    finished_ = true;
    const bool was_open = open_;
    open_ = false;
    queue_.clear();
    queued_bytes_ = 0;
    boost::system::error_code ignored;
    streams_->socket().shutdown(tcp::socket::shutdown_both, ignored);
    streams_->socket().close(ignored);
    complete_connect(net::error::operation_aborted);
    if (was_open && on_close_) {
        auto handler = std::exchange(on_close_, nullptr);
        handler(reason);
    }
    on_message_ = nullptr;
}

}  // namespace toward::bench
