// Plain ws:// carries the password and the session token unencrypted: the
// client uses it only with a loopback address, and says wss:// otherwise.
#include <gtest/gtest.h>

#include "client_harness.hpp"
#include "local_store.hpp"
#include "net/server_url.hpp"
#include "protocol.hpp"

namespace toward::testing {
namespace {

using client::is_loopback_host;

TEST(plain_ws, only_literal_loopback_hosts_count_as_loopback) {
    for (const char* host : {"localhost", "LocalHost", "127.0.0.1", "127.255.3.4", "::1",
                             "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"}) {
        EXPECT_TRUE(is_loopback_host(host)) << host;
    }
    for (const char* host :
         {"example.org", "10.0.0.1", "192.168.1.2", "128.0.0.1", "0.0.0.0", "::", "::ffff:8.8.8.8",
          "localhost.example.org", "127.0.0.1.nip.io", "localhost.", ""}) {
        EXPECT_FALSE(is_loopback_host(host)) << host;
    }
}

TEST(plain_ws, is_refused_to_other_hosts_with_a_reason_that_names_wss) {
    for (const char* url : {"ws://chat.example.org/v1/ws", "ws://10.1.2.3:8080/v1/ws",
                            "ws://[2001:db8::1]:80/v1/ws"}) {
        const auto parsed = client::parse_server_url(url);
        ASSERT_TRUE(parsed) << url;
        const auto refusal = client::plain_ws_refusal(*parsed);
        EXPECT_NE(refusal.find("wss://"), std::string::npos) << url << ": " << refusal;
        EXPECT_EQ(refusal.find('\n'), std::string::npos) << refusal;
    }
    for (const char* url : {"wss://chat.example.org/v1/ws", "ws://127.0.0.1:8080/v1/ws",
                            "ws://localhost/v1/ws", "ws://[::1]:8080/v1/ws"}) {
        EXPECT_EQ(client::plain_ws_refusal(*client::parse_server_url(url)), "") << url;
    }
}

// A plain server on loopback, as behind a local TLS proxy.
struct plain_server : ::testing::Test {
    test_server srv{[](server::server_config& c) { c.dev_tls = false; }};
    client_home alice{srv, "alice"};
    bool asked_for_password = false;

    void SetUp() override {
        ASSERT_EQ(srv.url().rfind("ws://127.0.0.1:", 0), 0u) << srv.url();
        alice.options().password = [this](const std::string&) -> app::app_result<std::string> {
            asked_for_password = true;
            return std::string(test_password);
        };
    }
    // The server's URL with another host written in it.
    std::string url_with_host(const std::string& host) const {
        const auto port_and_path = srv.url().substr(std::string("ws://127.0.0.1").size());
        return "ws://" + host + port_and_path;
    }
};

TEST_F(plain_server, ws_to_a_host_that_is_not_loopback_is_refused_before_the_password) {
    // 0.0.0.0 reaches this very machine on Linux, but it is not a loopback address.
    auto refused = alice.run({"--server", url_with_host("0.0.0.0"), "register", "alice"});
    EXPECT_EQ(refused.exit_code, app::exit_failure) << refused;
    EXPECT_EQ(refused.err.rfind("toward: refusing plain ws:// to 0.0.0.0: ", 0), 0u) << refused;
    EXPECT_NE(refused.err.find("use wss://"), std::string::npos) << refused;
    EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1) << refused;
    EXPECT_FALSE(asked_for_password);
    EXPECT_TRUE(refused.out.empty()) << refused;

    // Nothing reached the server: the name is still free.
    auto registered = alice.run({"--server", srv.url(), "register", "alice"});
    EXPECT_TRUE(registered.ok()) << registered;
    EXPECT_TRUE(asked_for_password);

    // A URL remembered earlier is checked too: the session token stays home.
    {
        auto store = app::local_store::open(alice.home());
        ASSERT_TRUE(store) << store.error().message;
        ASSERT_TRUE((*store)->set_setting(app::setting::server_url, url_with_host("0.0.0.0")));
    }
    auto remembered = alice.run({"sync"});
    EXPECT_EQ(remembered.exit_code, app::exit_failure) << remembered;
    EXPECT_NE(remembered.err.find("use wss://"), std::string::npos) << remembered;
}

TEST_F(plain_server, ws_to_loopback_still_works) {
    auto registered = alice.run({"--server", srv.url(), "register", "alice"});
    ASSERT_TRUE(registered.ok()) << registered;
    auto logged_out = alice.run({"logout"});
    ASSERT_TRUE(logged_out.ok()) << logged_out;
    auto by_name = alice.run({"--server", url_with_host("localhost"), "login", "alice"});
    EXPECT_TRUE(by_name.ok()) << by_name;
}

}  // namespace
}  // namespace toward::testing
