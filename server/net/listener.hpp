// Accepts TCP connections and hands each to a new connection on its own strand.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>

#include "server_context.hpp"

namespace toward::server {

class tls_context_holder;

class listener : public std::enable_shared_from_this<listener> {
  public:
    // Binds and listens on `endpoint` (throws boost::system::system_error when
    // it cannot). `tls` may be null: then connections are plain. Otherwise each
    // new connection takes the holder's current context, so a reload applies
    // to the next accepted connection; `tls` must outlive the listener.
    listener(boost::asio::io_context& ioc, const boost::asio::ip::tcp::endpoint& endpoint,
             server_context& context, const tls_context_holder* tls);

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
    const tls_context_holder* tls_;
};

}  // namespace toward::server
