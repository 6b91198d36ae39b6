// Parsing of server URLs such as wss://chat.example.org/v1/ws.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace toward::client {

struct server_url {
    bool tls = true;
    std::string host;
    std::string port;  // "443"/"80" when the URL names none
    std::string path;  // "/v1/ws" when the URL names none
};

// Accepts ws:// and wss:// URLs, IPv6 hosts in brackets. std::nullopt for
// anything else.
std::optional<server_url> parse_server_url(std::string_view text);

// True for a host written as this machine's loopback: "localhost",
// 127.0.0.0/8, ::1 (or ::ffff:127.x.y.z). Only these literal forms count: a
// name that merely resolves to one might resolve elsewhere tomorrow.
bool is_loopback_host(std::string_view host);

// Plain ws:// would carry the password and the session token unencrypted, so
// it is allowed to a loopback host only. Empty when url may be used, else a
// one-line reason that names wss://.
std::string plain_ws_refusal(const server_url& url);

}  // namespace toward::client
