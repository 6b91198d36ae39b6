// A real toward-server in this process: its own temporary data directory, a
// development TLS certificate, a port chosen by the OS, a cheap password hash.
#pragma once

#include <functional>
#include <memory>

#include "net/connection.hpp"
#include "server.hpp"
#include "temp_dir.hpp"

namespace toward::testing {

// Settings every test server starts from (loopback, port 0, dev TLS, fast scrypt).
server::server_config test_config(const std::filesystem::path& data_dir);

class test_server {
  public:
    explicit test_server(std::function<void(server::server_config&)> adjust = {},
                         const toward::clock& time = server::server::default_clock());
    ~test_server();

    std::string url() const { return server_->url(); }
    std::string ca_file() const { return server_->config().tls_cert; }
    const std::filesystem::path& data_dir() const { return dir_.path(); }
    server::server& instance() { return *server_; }
    // Stops the server and starts a new one on the same data directory (and
    // clock); its port may change, so connect again afterwards.
    void restart();

    // A new verified TLS WebSocket connection; fails the test when it cannot.
    std::unique_ptr<client::connection> connect() const;
    // A new connection on which `name` has just registered.
    std::unique_ptr<client::connection> connect_as(const std::string& name) const;

  private:
    temp_dir dir_;
    server::server_config config_;
    const toward::clock& time_;
    std::unique_ptr<server::server> server_;
};

// alice and bob, registered on connections of their own and paired.
struct couple {
    std::unique_ptr<client::connection> alice;
    std::unique_ptr<client::connection> bob;
};
couple make_couple(const test_server& srv);

}  // namespace toward::testing
