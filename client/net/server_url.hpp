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

}  // namespace toward::client
