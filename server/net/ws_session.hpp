// A WebSocket connection on /v1/ws: reads binary frames into its
// protocol_session and writes the replies through a bounded queue.
// Internal to server/net; the listener starts it through connection.hpp.
#pragma once

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <memory>

#include "protocol_session.hpp"

namespace toward::server {

template <class Stream>
class ws_session final : public frame_sink,
                         public std::enable_shared_from_this<ws_session<Stream>> {
  public:
    // The HTTP session has counted this connection for `remote_address` in
    // ctx.connections before the upgrade; the destructor uncounts it.
    ws_session(Stream&& stream, server_context& context, std::string remote_address);
    ~ws_session() override;

    // Accepts the upgrade request and starts reading.
    void run(boost::beast::http::request<boost::beast::http::string_body> request);

    void send_frame(std::shared_ptr<const std::string> frame) override;
    void close_after(std::shared_ptr<const std::string> last_frame, std::string reason) override;
    std::size_t queued_frames() const override { return queue_.size() + (in_flight_ ? 1 : 0); }

  private:
    void on_accept(boost::beast::error_code ec);
    void do_read();
    void on_read(boost::beast::error_code ec, std::size_t bytes);
    void do_write();
    void on_write(boost::beast::error_code ec, std::size_t bytes);
    void do_close();
    void on_disconnect();

    boost::beast::websocket::stream<Stream> ws_;
    boost::beast::flat_buffer buffer_;
    server_context& ctx_;
    std::string remote_address_;
    std::shared_ptr<protocol_session> protocol_;

    std::deque<std::shared_ptr<const std::string>> queue_;
    std::shared_ptr<const std::string> in_flight_;
    std::size_t queued_bytes_ = 0;  // in queue_ and in_flight_
    bool closing_ = false;
    bool closed_ = false;
    std::string close_reason_;
};

}  // namespace toward::server
