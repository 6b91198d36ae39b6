// What a stranger without an account can hold: connections that never
// upgrade or never log in, forged X-Forwarded-For headers, and names that
// could never log in (issue 13, items 4, 6 and 10).
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "metrics.hpp"
#include "net/metrics_listener.hpp"
#include "protocol.hpp"
#include "test_server.hpp"
#include "util/clock.hpp"

namespace toward::testing {
namespace {

// A raw TCP connection to the server's port; -1 when it fails.
class raw_socket {
  public:
    explicit raw_socket(unsigned short port)
        : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
        const timeval patience{10, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
            ::close(fd_);
            fd_ = -1;
        }
    }
    ~raw_socket() {
        if (fd_ >= 0) ::close(fd_);
    }
    bool write(const std::string& bytes) {
        return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
               static_cast<ssize_t>(bytes.size());
    }
    // Reads until the peer closes or `marker` arrives (or 10 s pass).
    std::string read_until(const std::string& marker) {
        std::string seen;
        char buffer[4096];
        while (seen.find(marker) == std::string::npos) {
            const auto n = ::recv(fd_, buffer, sizeof buffer, 0);
            if (n <= 0) break;
            seen.append(buffer, static_cast<std::size_t>(n));
        }
        return seen;
    }
    // Reads and drops what comes until the server closes; false when 10 s
    // pass without its end.
    bool read_until_closed() {
        char buffer[4096];
        for (;;) {
            const auto n = ::recv(fd_, buffer, sizeof buffer, 0);
            if (n == 0 || (n < 0 && errno == ECONNRESET)) return true;
            if (n < 0) return false;
        }
    }
    // True when the server closed the connection (recv returns 0 or a reset).
    bool closed_by_server() {
        char byte;
        const auto n = ::recv(fd_, &byte, 1, 0);
        return n == 0 || (n < 0 && errno == ECONNRESET);
    }

  private:
    int fd_;
};

std::string upgrade_request(const std::string& forwarded_for) {
    return "GET /v1/ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
           "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
           "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: toward.v1\r\n"
           "X-Forwarded-For: " +
           forwarded_for + "\r\n\r\n";
}

// The status line the plain (behind_proxy) server answers an upgrade with.
std::string upgrade_status(raw_socket& conn, const std::string& forwarded_for) {
    EXPECT_TRUE(conn.write(upgrade_request(forwarded_for)));
    const auto answer = conn.read_until("\r\n");
    return answer.substr(0, answer.find("\r\n"));
}

void plain_behind_proxy(server::server_config& config) {
    config.dev_tls = false;
    config.tls_cert.clear();
    config.tls_key.clear();
    config.behind_proxy = true;
    config.limits.connections_per_address = 1;
}

TEST(limits_before_login, x_forwarded_for_is_believed_from_a_trusted_proxy_only) {
    test_server trusting(plain_behind_proxy);  // trusts loopback, the default
    const auto port = trusting.instance().port();
    raw_socket first(port), second(port);
    EXPECT_EQ(upgrade_status(first, "203.0.113.1"), "HTTP/1.1 101 Switching Protocols");
    EXPECT_EQ(upgrade_status(second, "203.0.113.2"), "HTTP/1.1 101 Switching Protocols");

    test_server wary([](server::server_config& config) {
        plain_behind_proxy(config);
        config.trusted_proxies = "192.0.2.10";  // not the loopback peer of this test
    });
    const auto wary_port = wary.instance().port();
    raw_socket third(wary_port);
    EXPECT_EQ(upgrade_status(third, "203.0.113.1"), "HTTP/1.1 101 Switching Protocols");
    raw_socket fourth(wary_port);
    // A fresh forged address per connection no longer escapes the limit.
    EXPECT_EQ(upgrade_status(fourth, "203.0.113.2"), "HTTP/1.1 429 Too Many Requests");
}

TEST(limits_before_login, connections_that_never_upgrade_are_bounded_per_address) {
    test_server srv(
        [](server::server_config& config) { config.limits.connections_per_address = 3; });
    const auto port = srv.instance().port();
    std::vector<std::unique_ptr<raw_socket>> stalled;
    for (int i = 0; i < 3; ++i) stalled.push_back(std::make_unique<raw_socket>(port));
    // Served in order of acceptance: once the fourth is closed, so are none
    // of the first three.
    raw_socket over(port);
    EXPECT_TRUE(over.closed_by_server());
    stalled.clear();
    // Their places come back once the server has seen them go.
    std::unique_ptr<client::connection> conn;
    std::string error;
    for (int attempt = 0; attempt < 100 && !conn; ++attempt) {
        conn = client::connection::open({srv.url(), srv.ca_file()}, error);
        if (!conn) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_TRUE(conn) << error;
}

// Silent peers that never answer the server's close frame either: each is
// dropped at the deadline plus a short wait, not a handshake's 10 s.
TEST(limits_before_login, every_silent_websocket_is_closed_at_the_auth_deadline) {
    test_server srv([](server::server_config& config) {
        plain_behind_proxy(config);
        config.limits.auth_timeout_s = 1;
        config.limits.connections_per_address = 100;
    });
    std::vector<std::unique_ptr<raw_socket>> silent;
    for (int i = 0; i < 40; ++i) {
        silent.push_back(std::make_unique<raw_socket>(srv.instance().port()));
        ASSERT_EQ(upgrade_status(*silent.back(), "203.0.113." + std::to_string(i)),
                  "HTTP/1.1 101 Switching Protocols");
    }
    // Each socket waits at most 10 s (SO_RCVTIMEO) for its end.
    for (auto& conn : silent) EXPECT_TRUE(conn->read_until_closed());
}

TEST(limits_before_login, names_that_could_never_log_in_cost_nothing_and_charge_no_budget) {
    test_server srv([](server::server_config& config) {
        config.limits.login_attempts_per_minute_per_address = 3;
    });
    srv.connect_as("alice");
    auto stranger = srv.connect();
    for (int i = 0; i < 20; ++i) {
        const std::string name = std::string(60000, 'x') + std::to_string(i);
        auto reply = stranger->request(login_frame(name, "whatever password"));
        ASSERT_TRUE(reply);
        EXPECT_EQ(reply->status(), v1::STATUS_BAD_CREDENTIALS);
    }
    // The address's budget is whole: alice's login from it goes through.
    auto alice = srv.connect();
    auto login = alice->request(login_frame("alice"));
    ASSERT_TRUE(login);
    EXPECT_EQ(login->status(), v1::STATUS_OK) << login->error();
}

// The number after `name ` in the server's /metrics text.
std::uint64_t metric(const server::server& instance, const std::string& name) {
    const auto text = instance.stats().render();
    const auto at = text.find("\n" + name + " ");
    return at == std::string::npos ? 0 : std::stoull(text.substr(at + name.size() + 2));
}

TEST(limits_before_login, healthz_runs_at_most_one_store_check_a_second) {
    manual_clock time(1'800'000'000'000);
    test_server srv(
        [](server::server_config& config) {
            plain_behind_proxy(config);
            config.retention_days = 0;  // no purge job writes meanwhile
        },
        time);
    raw_socket conn(srv.instance().port());
    const std::string get = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n";
    const auto before = metric(srv.instance(), "toward_store_committed_jobs_total");
    for (int i = 0; i < 50; ++i) {
        ASSERT_TRUE(conn.write(get));
        EXPECT_NE(conn.read_until("ok\n").find("200 OK"), std::string::npos) << "request " << i;
    }
    EXPECT_EQ(metric(srv.instance(), "toward_store_committed_jobs_total") - before, 1u);
    time.advance_ms(1000);
    ASSERT_TRUE(conn.write(get));
    EXPECT_NE(conn.read_until("ok\n").find("200 OK"), std::string::npos);
    EXPECT_EQ(metric(srv.instance(), "toward_store_committed_jobs_total") - before, 2u);
}

TEST(limits_before_login, metrics_are_served_on_their_own_loopback_listener_only) {
    test_server srv([](server::server_config& config) {
        plain_behind_proxy(config);
        config.metrics_listen = "127.0.0.1:0";
    });
    const std::string get = "GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n";
    raw_socket clients_port(srv.instance().port());
    ASSERT_TRUE(clients_port.write(get));
    const auto refused = clients_port.read_until("\r\n\r\n");
    EXPECT_EQ(refused.substr(0, refused.find("\r\n")), "HTTP/1.1 404 Not Found");

    const auto metrics_port = srv.instance().metrics_port();
    ASSERT_NE(metrics_port, 0);
    raw_socket scrape(metrics_port);
    ASSERT_TRUE(scrape.write(get));
    const auto answer = scrape.read_until("toward_store_committed_jobs_total");
    EXPECT_EQ(answer.substr(0, answer.find("\r\n")), "HTTP/1.1 200 OK");
    EXPECT_NE(answer.find("toward_store_committed_jobs_total"), std::string::npos);

    raw_socket other_path(metrics_port);
    ASSERT_TRUE(other_path.write("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    const auto missing = other_path.read_until("\r\n");
    EXPECT_EQ(missing.substr(0, missing.find("\r\n")), "HTTP/1.1 404 Not Found");

    test_server without([](server::server_config& config) { plain_behind_proxy(config); });
    EXPECT_EQ(without.instance().metrics_port(), 0);
}

TEST(limits_before_login, a_hostile_metrics_request_is_closed_unanswered) {
    test_server srv([](server::server_config& config) { config.metrics_listen = "127.0.0.1:0"; });
    raw_socket oversized(srv.instance().metrics_port());
    // A header past the 8 KiB limit is not buffered without end.
    ASSERT_TRUE(oversized.write("GET /metrics HTTP/1.1\r\nX: " + std::string(16 * 1024, 'x')));
    EXPECT_TRUE(oversized.read_until_closed());
    raw_socket body(srv.instance().metrics_port());
    ASSERT_TRUE(body.write("POST /metrics HTTP/1.1\r\nContent-Length: 100000\r\n\r\n"));
    EXPECT_TRUE(body.read_until_closed());
    // The listener still serves the next scrape.
    raw_socket scrape(srv.instance().metrics_port());
    ASSERT_TRUE(scrape.write("GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    const auto answer = scrape.read_until("\r\n");
    EXPECT_EQ(answer.substr(0, answer.find("\r\n")), "HTTP/1.1 200 OK");
}

TEST(limits_before_login, idle_scrapers_beyond_the_metrics_cap_are_closed) {
    test_server srv([](server::server_config& config) { config.metrics_listen = "127.0.0.1:0"; });
    const auto port = srv.instance().metrics_port();
    std::vector<std::unique_ptr<raw_socket>> idle;
    for (int i = 0; i < server::metrics_listener::max_connections; ++i)
        idle.push_back(std::make_unique<raw_socket>(port));
    // Each idle one holds its place, so the next is closed unanswered.
    raw_socket one_too_many(port);
    EXPECT_TRUE(one_too_many.closed_by_server());
    // The ones that hold a place are still answered.
    ASSERT_TRUE(idle.front()->write("GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    const auto answer = idle.front()->read_until("\r\n");
    EXPECT_EQ(answer.substr(0, answer.find("\r\n")), "HTTP/1.1 200 OK");
}

}  // namespace
}  // namespace toward::testing
