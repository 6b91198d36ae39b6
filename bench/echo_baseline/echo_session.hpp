// One connection of the echo baseline: optional TLS handshake, the HTTP
// upgrade, then every WebSocket message written back as it came, through a
// bounded write queue (reading pauses while it is full), on its own strand:
// toward-server's transport with the protocol, store and relay left out.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

namespace toward::bench {

// Serves `socket` without TLS.
void start_plain_echo(boost::asio::ip::tcp::socket socket);

// Performs the TLS handshake with `tls`, then serves as above.
void start_tls_echo(boost::asio::ssl::context& tls, boost::asio::ip::tcp::socket socket);

}  // namespace toward::bench
