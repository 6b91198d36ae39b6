// TLS for the listener: the server's OpenSSL context, the holder that lets
// SIGHUP swap it for a renewed certificate, and the development certificate
// that --dev-tls makes on first start.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
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

// The TLS context that new connections use, replaceable while the server runs
// (certbot renews the files; SIGHUP reloads them). A connection keeps the
// context it started with alive for its whole life, so a reload never
// touches connections already open. Every member is thread-safe.
class tls_context_holder {
  public:
    // Loads the certificate chain and key; throws std::runtime_error like
    // make_server_tls_context when they cannot be used.
    tls_context_holder(std::string cert_path, std::string key_path);

    // The context for a new connection; never null.
    std::shared_ptr<boost::asio::ssl::context> current() const;

    // Builds a new context from the same two files and makes it current.
    // Returns std::nullopt on success; otherwise the reason, one readable
    // line, and the previous context stays in use.
    std::optional<std::string> reload();

    const std::string& cert_path() const { return cert_path_; }

  private:
    const std::string cert_path_;
    const std::string key_path_;
    mutable std::mutex mutex_;
    std::shared_ptr<boost::asio::ssl::context> current_;  // guarded by mutex_
};

}  // namespace toward::server
