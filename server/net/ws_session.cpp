#include "net/ws_session.hpp"

#include "net/tls_stream.hpp"
#include "util/log.hpp"

namespace toward::server {

namespace beast = boost::beast;
namespace websocket = beast::websocket;

namespace {

constexpr auto close_timeout = std::chrono::seconds(1);

// Frames queued together leave in one send() (net/tls_stream.hpp). Plain
// TCP behind a proxy has nothing to gather.
void gather_writes(beast::tcp_stream&, bool) {}
void gather_writes(tls_stream& stream, bool on) {
    stream.gather_writes(on);
}

}  // namespace

template <class Stream>
ws_session<Stream>::ws_session(Stream&& stream, server_context& context, std::string remote_address)
    : ws_(std::move(stream)), ctx_(context), remote_address_(std::move(remote_address)) {}

template <class Stream>
ws_session<Stream>::~ws_session() {
    ctx_.connections.close(remote_address_);
}

template <class Stream>
void ws_session<Stream>::run(beast::http::request<beast::http::string_body> request) {
    const auto& limits = ctx_.config.limits;
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = std::chrono::seconds(10);
    timeouts.idle_timeout = std::chrono::seconds(limits.idle_timeout_s);
    timeouts.keep_alive_pings = true;
    ws_.set_option(timeouts);
    ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& response) {
        response.set(beast::http::field::server, "toward-server");
        response.set(beast::http::field::sec_websocket_protocol, "toward.v1");
    }));
    // Frames over max_frame_bytes get an error reply and the connection
    // carries on; only far larger ones make Beast drop the connection.
    ws_.read_message_max(static_cast<std::size_t>(limits.max_frame_bytes) * 4);
    ws_.binary(true);
    ws_.async_accept(request,
                     beast::bind_front_handler(&ws_session::on_accept, this->shared_from_this()));
}

template <class Stream>
void ws_session<Stream>::on_accept(beast::error_code ec) {
    if (ec) return log::debug("websocket accept from ", remote_address_, ": ", ec.message());
    ++ctx_.stats.connections_total;
    ++ctx_.stats.connections_open;
    protocol_ = std::make_shared<protocol_session>(ctx_, ws_.get_executor(), this->weak_from_this(),
                                                   remote_address_);
    protocol_->start();
    do_read();
}

template <class Stream>
void ws_session<Stream>::do_read() {
    ws_.async_read(buffer_,
                   beast::bind_front_handler(&ws_session::on_read, this->shared_from_this()));
}

template <class Stream>
void ws_session<Stream>::on_read(beast::error_code ec, std::size_t bytes) {
    if (ec) {
        if (ec == websocket::error::message_too_big)
            ctx_.stats.count_limit_hit(errc::frame_too_large);
        return on_disconnect();
    }
    if (!closing_) {
        const auto data = buffer_.cdata();
        protocol_->on_frame(std::string_view(static_cast<const char*>(data.data()), bytes));
    }
    buffer_.consume(buffer_.size());
    do_read();
}

template <class Stream>
void ws_session<Stream>::send_frame(std::shared_ptr<const std::string> frame) {
    if (closing_ || closed_) return;
    if (queued_bytes_ + frame->size() >
        static_cast<std::size_t>(ctx_.config.limits.write_queue_bytes)) {
        // The reader is too slow: drop the connection, not the server's memory.
        // Its messages stay stored and arrive after it reconnects.
        ++ctx_.stats.slow_consumers_dropped;
        ctx_.stats.count_limit_hit(errc::slow_consumer);
        log::warn("dropping slow reader at ", remote_address_);
        queue_.clear();
        queued_bytes_ = in_flight_ ? in_flight_->size() : 0;
        closing_ = true;
        close_reason_ = "slow consumer: too many unread frames";
        if (!in_flight_) do_close();
        return;
    }
    queued_bytes_ += frame->size();
    queue_.push_back(std::move(frame));
    if (!in_flight_) do_write();
}

template <class Stream>
void ws_session<Stream>::close_after(std::shared_ptr<const std::string> last_frame,
                                     std::string reason) {
    if (closing_ || closed_) return;
    if (last_frame) {
        queued_bytes_ += last_frame->size();
        queue_.push_back(std::move(last_frame));
    }
    closing_ = true;
    close_reason_ = std::move(reason);
    if (in_flight_) return;
    if (queue_.empty()) return do_close();
    do_write();
}

template <class Stream>
void ws_session<Stream>::do_write() {
    in_flight_ = std::move(queue_.front());
    queue_.pop_front();
    // The burst's last frame sends it all; so do pings and close frames,
    // which Beast writes while the queue is empty.
    gather_writes(ws_.next_layer(), !queue_.empty());
    ws_.async_write(boost::asio::buffer(*in_flight_),
                    beast::bind_front_handler(&ws_session::on_write, this->shared_from_this()));
}

template <class Stream>
void ws_session<Stream>::on_write(beast::error_code ec, std::size_t) {
    queued_bytes_ -= in_flight_->size();
    in_flight_.reset();
    if (queue_.empty()) gather_writes(ws_.next_layer(), false);  // emptied by a slow reader's drop
    if (ec) return on_disconnect();
    if (!queue_.empty()) return do_write();
    if (closing_) return do_close();
    protocol_->on_queue_drained();
}

template <class Stream>
void ws_session<Stream>::do_close() {
    if (closed_) return;
    websocket::close_reason reason(websocket::close_code::policy_error);
    reason.reason = close_reason_.substr(0, 120);  // a close frame holds at most 123 bytes
    // A peer that never answers the close frame (a silent stranger at its
    // auth deadline) is not waited for as long as a handshake.
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = close_timeout;
    timeouts.idle_timeout = close_timeout;
    timeouts.keep_alive_pings = false;
    ws_.set_option(timeouts);
    ws_.async_close(
        reason, [self = this->shared_from_this()](beast::error_code) { self->on_disconnect(); });
}

template <class Stream>
void ws_session<Stream>::on_disconnect() {
    if (closed_) return;
    closed_ = true;
    queue_.clear();
    if (protocol_) {
        protocol_->on_closed();
        --ctx_.stats.connections_open;
    }
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
}

template class ws_session<beast::tcp_stream>;
template class ws_session<tls_stream>;

}  // namespace toward::server
