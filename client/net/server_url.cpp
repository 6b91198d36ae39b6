#include "net/server_url.hpp"

#include <boost/asio/ip/address.hpp>
#include <cctype>

namespace toward::client {

std::optional<server_url> parse_server_url(std::string_view text) {
    server_url url;
    if (text.starts_with("wss://")) {
        text.remove_prefix(6);
    } else if (text.starts_with("ws://")) {
        url.tls = false;
        text.remove_prefix(5);
    } else {
        return std::nullopt;
    }
    const auto slash = text.find('/');
    std::string_view authority = text.substr(0, slash);
    url.path = slash == std::string_view::npos ? "/v1/ws" : std::string(text.substr(slash));
    if (authority.starts_with('[')) {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        url.host = std::string(authority.substr(1, close - 1));
        authority.remove_prefix(close + 1);
        if (!authority.empty() && !authority.starts_with(':')) return std::nullopt;
        if (!authority.empty()) url.port = std::string(authority.substr(1));
    } else {
        const auto colon = authority.rfind(':');
        url.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) url.port = std::string(authority.substr(colon + 1));
    }
    if (url.host.empty()) return std::nullopt;
    if (url.port.empty()) url.port = url.tls ? "443" : "80";
    for (char c : url.port) {
        if (c < '0' || c > '9') return std::nullopt;
    }
    return url;
}

bool is_loopback_host(std::string_view host) {
    const auto lower = [](unsigned char c) { return static_cast<char>(std::tolower(c)); };
    std::string name;
    for (char c : host) name += lower(static_cast<unsigned char>(c));
    if (name == "localhost") return true;
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(name, ec);
    if (ec) return false;
    if (address.is_v6() && address.to_v6().is_v4_mapped()) {
        return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6())
            .is_loopback();
    }
    return address.is_loopback();
}

std::string plain_ws_refusal(const server_url& url) {
    if (url.tls || is_loopback_host(url.host)) return {};
    return "refusing plain ws:// to " + url.host +
           ": it would send your password and session token unencrypted; use wss:// (plain "
           "ws:// is only for localhost, 127.0.0.0/8 or ::1)";
}

}  // namespace toward::client
