#include "test_server.hpp"

#include <gtest/gtest.h>

#include "protocol.hpp"

namespace toward::testing {

server::server_config test_config(const std::filesystem::path& data_dir) {
    server::server_config config;
    config.listen = "127.0.0.1:0";
    config.data_dir = data_dir.string();
    config.dev_tls = true;
    config.threads = 2;
    config.log_level = "warn";
    config.auth.scrypt_log2_n = 4;  // tests only: real deployments keep 17
    config.registration = "open";   // tests/server/registration_test.cpp tries the others
    return config;
}

test_server::test_server(std::function<void(server::server_config&)> adjust,
                         const toward::clock& time)
    : config_(test_config(dir_.path() / "data")), time_(time) {
    if (adjust) adjust(config_);
    server::validate(config_);
    server_ = std::make_unique<server::server>(config_, time_);
    server_->start();
}

void test_server::restart() {
    server_->stop();
    server_.reset();
    server_ = std::make_unique<server::server>(config_, time_);
    server_->start();
}

test_server::~test_server() {
    server_->stop();
}

std::unique_ptr<client::connection> test_server::connect() const {
    std::string error;
    auto conn = client::connection::open({url(), ca_file()}, error);
    EXPECT_TRUE(conn) << error;
    return conn;
}

std::unique_ptr<client::connection> test_server::connect_as(const std::string& name) const {
    auto conn = connect();
    if (conn) register_user(*conn, name);
    return conn;
}

couple make_couple(const test_server& srv) {
    couple c{srv.connect_as("alice"), srv.connect_as("bob")};
    pair_users(*c.alice, *c.bob);
    return c;
}

}  // namespace toward::testing
