// TLS for the listener: the server's OpenSSL context, and the development
// certificate that --dev-tls makes on first start.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <filesystem>
#include <string>

namespace toward::server {

// Makes a self-signed certificate (EC P-256, SAN localhost, 127.0.0.1, ::1,
// valid 825 days) at `cert_path`, its key (mode 0600) at `key_path`, unless
// both exist already. Throws std::runtime_error on failure.
void ensure_dev_certificate(const std::filesystem::path& cert_path,
                            const std::filesystem::path& key_path);

// A TLS 1.2+ server context with the given PEM chain and key loaded.
// Throws std::runtime_error with a readable reason when they cannot be used.
boost::asio::ssl::context make_server_tls_context(const std::string& cert_path,
                                                  const std::string& key_path);

}  // namespace toward::server
