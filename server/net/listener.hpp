// Accepts TCP connections and hands each to a new connection on its own strand.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <memory>

#include "server_context.hpp"

namespace toward::server {

class listener : public std::enable_shared_from_this<listener> {
  public:
    // Binds and listens on `endpoint` (throws boost::system::system_error when
    // it cannot). `tls` may be null: then connections are plain.
    listener(boost::asio::io_context& ioc, const boost::asio::ip::tcp::endpoint& endpoint,
             server_context& context, boost::asio::ssl::context* tls);

    boost::asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
    void run();
    // Stops accepting; connections already open carry on. Thread-safe.
    void stop();

  private:
    void do_accept();
    void on_accept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);

    boost::asio::io_context& ioc_;
    boost::asio::ip::tcp::acceptor acceptor_;
    server_context& ctx_;
    boost::asio::ssl::context* tls_;
};

}  // namespace toward::server
