// GET /metrics on a listener of its own, apart from the clients' port: the
// counters say when and how much a couple talks, so they are for the
// operator's monitoring on loopback (metrics.listen), never for the world.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>

namespace toward::server {

class metrics;

class metrics_listener : public std::enable_shared_from_this<metrics_listener> {
  public:
    // Binds and listens on `endpoint` (throws boost::system::system_error
    // when it cannot). `stats` must outlive the listener and its connections.
    metrics_listener(boost::asio::io_context& ioc, const boost::asio::ip::tcp::endpoint& endpoint,
                     const metrics& stats);

    boost::asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
    void run();
    // Stops accepting; a request being answered finishes. Thread-safe.
    void stop();

    // Scrapers served at once; another connection is closed unanswered.
    static constexpr int max_connections = 8;

  private:
    void do_accept();
    void on_accept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);

    boost::asio::io_context& ioc_;
    boost::asio::ip::tcp::acceptor acceptor_;
    const metrics& stats_;
    std::shared_ptr<std::atomic<int>> open_ = std::make_shared<std::atomic<int>>(0);
};

}  // namespace toward::server
