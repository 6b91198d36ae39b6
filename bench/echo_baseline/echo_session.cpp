#include "echo_session.hpp"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <memory>
#include <string>

#include "net/tls_stream.hpp"

namespace toward::bench {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = boost::asio::ip::tcp;
using server::tls_stream;

// The same bound as toward-server's default write queue.
constexpr std::size_t max_queued_bytes = 8 * 1024 * 1024;

template <class Stream>
class echo_session : public std::enable_shared_from_this<echo_session<Stream>> {
  public:
    explicit echo_session(Stream&& stream) : ws_(std::move(stream)) {}

    void run() {
        if constexpr (std::is_same_v<Stream, tls_stream>) {
            ws_.next_layer().expires_after(std::chrono::seconds(10));
            ws_.next_layer().async_handshake(
                beast::bind_front_handler(&echo_session::on_handshake, this->shared_from_this()));
        } else {
            on_handshake({}, 0);
        }
    }

  private:
    void on_handshake(beast::error_code ec, std::size_t) {
        if (ec) return;
        ws_.next_layer().expires_after(std::chrono::seconds(30));
        http::async_read(
            ws_.next_layer(), buffer_, request_,
            beast::bind_front_handler(&echo_session::on_request, this->shared_from_this()));
    }

    void on_request(beast::error_code ec, std::size_t) {
        if (ec || !websocket::is_upgrade(request_)) return;
        ws_.next_layer().expires_never();
        websocket::stream_base::timeout timeouts{};
        timeouts.handshake_timeout = std::chrono::seconds(10);
        timeouts.idle_timeout = std::chrono::seconds(60);
        timeouts.keep_alive_pings = true;
        ws_.set_option(timeouts);
        // Answer with the first subprotocol offered, so any client is content.
        std::string offered(request_[http::field::sec_websocket_protocol]);
        offered = offered.substr(0, offered.find(','));
        ws_.set_option(websocket::stream_base::decorator([offered](websocket::response_type& r) {
            r.set(http::field::server, "toward-echo-baseline");
            if (!offered.empty()) r.set(http::field::sec_websocket_protocol, offered);
        }));
        ws_.read_message_max(4 * 65536);
        ws_.binary(true);
        ws_.async_accept(request_, beast::bind_front_handler(&echo_session::on_accept,
                                                             this->shared_from_this()));
    }

    void on_accept(beast::error_code ec) {
        if (ec) return;
        do_read();
    }

    void do_read() {
        reading_ = true;
        ws_.async_read(buffer_,
                       beast::bind_front_handler(&echo_session::on_read, this->shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t bytes) {
        reading_ = false;
        if (ec) return;
        const auto data = buffer_.cdata();
        queue_.emplace_back(static_cast<const char*>(data.data()), bytes);
        queued_bytes_ += bytes;
        buffer_.consume(buffer_.size());
        if (!writing_) do_write();
        if (queued_bytes_ < max_queued_bytes) do_read();
    }

    void do_write() {
        writing_ = true;
        // As toward-server does: echoes queued together leave in one send().
        if constexpr (std::is_same_v<Stream, tls_stream>) {
            ws_.next_layer().gather_writes(queue_.size() > 1);
        }
        ws_.async_write(
            boost::asio::buffer(queue_.front()),
            beast::bind_front_handler(&echo_session::on_write, this->shared_from_this()));
    }

    void on_write(beast::error_code ec, std::size_t) {
        writing_ = false;
        if (ec) return;
        queued_bytes_ -= queue_.front().size();
        queue_.pop_front();
        if (!queue_.empty()) do_write();
        if (!reading_ && queued_bytes_ < max_queued_bytes / 2) do_read();
    }

    websocket::stream<Stream> ws_;
    beast::flat_buffer buffer_;
    http::request<http::string_body> request_;
    std::deque<std::string> queue_;
    std::size_t queued_bytes_ = 0;
    bool reading_ = false;
    bool writing_ = false;
};

}  // namespace

void start_plain_echo(tcp::socket socket) {
    std::make_shared<echo_session<beast::tcp_stream>>(beast::tcp_stream(std::move(socket)))->run();
}

void start_tls_echo(boost::asio::ssl::context& tls, tcp::socket socket) {
    std::make_shared<echo_session<tls_stream>>(tls_stream(std::move(socket), tls))->run();
}

}  // namespace toward::bench
