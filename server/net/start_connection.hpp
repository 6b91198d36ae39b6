// Entry points from the listener into a new connection's life: an optional
// TLS handshake, HTTP (/healthz), then the WebSocket upgrade.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <memory>

#include "server_context.hpp"

namespace toward::server {

// Serves plain HTTP/WebSocket on `socket` (loopback, or behind a proxy).
void start_plain_connection(server_context& context, boost::asio::ip::tcp::socket socket);

// Performs the TLS handshake with `tls`, then serves as above. The
// connection shares ownership of `tls` until it is gone, so the context may
// be replaced (SIGHUP) while the connection is open.
void start_tls_connection(server_context& context, std::shared_ptr<boost::asio::ssl::context> tls,
                          boost::asio::ip::tcp::socket socket);

}  // namespace toward::server
