// Reloading the TLS certificate while the server runs (certbot renewals):
// new connections get the new certificate, open ones carry on, and a broken
// renewal leaves the previous certificate in use.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>

#include "net/tls.hpp"
#include "protocol.hpp"
#include "server_process.hpp"
#include "temp_dir.hpp"
#include "test_server.hpp"

namespace toward::testing {
namespace {

namespace fs = std::filesystem;

// A fresh self-signed certificate and key, as a renewal would bring.
struct certificate_pair {
    fs::path cert;
    fs::path key;
};

certificate_pair make_certificate(const fs::path& dir) {
    certificate_pair made{dir / "cert.pem", dir / "key.pem"};
    server::ensure_dev_certificate(made.cert, made.key);
    return made;
}

// Copies `made` over the files the server was configured with.
void install(const certificate_pair& made, const server::server_config& config) {
    fs::copy_file(made.cert, config.tls_cert, fs::copy_options::overwrite_existing);
    fs::copy_file(made.key, config.tls_key, fs::copy_options::overwrite_existing);
}

std::unique_ptr<client::connection> connect_with_ca(const std::string& url, const fs::path& ca,
                                                    std::string& error) {
    return client::connection::open({url, ca.string()}, error);
}

TEST(tls_reload, new_connections_get_the_new_certificate_and_open_ones_carry_on) {
    test_server srv;
    temp_dir scratch;
    const auto old_ca = scratch.path() / "old-cert.pem";
    fs::copy_file(srv.ca_file(), old_ca);
    auto before = srv.connect();
    ASSERT_TRUE(before);

    const auto renewed = make_certificate(scratch.path() / "renewed");
    install(renewed, srv.instance().config());
    const auto failed = srv.instance().reload_tls();
    ASSERT_FALSE(failed) << *failed;

    // The connection made before the reload still gets answers.
    register_user(*before, "alice");

    std::string error;
    auto with_new_ca = connect_with_ca(srv.url(), renewed.cert, error);
    ASSERT_TRUE(with_new_ca) << error;
    register_user(*with_new_ca, "bob");

    auto with_old_ca = connect_with_ca(srv.url(), old_ca, error);
    EXPECT_FALSE(with_old_ca) << "the old certificate is still served";

    // And the old connection outlives the context it was made with.
    auto reply = before->request(fetch_frame(0));
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status(), v1::STATUS_NOT_PAIRED);
}

TEST(tls_reload, a_broken_renewal_keeps_the_previous_certificate) {
    test_server srv;
    temp_dir scratch;
    const auto& config = srv.instance().config();
    const auto good_ca = scratch.path() / "cert.pem";
    fs::copy_file(srv.ca_file(), good_ca);

    std::ofstream(config.tls_cert, std::ios::trunc) << "not a certificate\n";
    const auto unreadable = srv.instance().reload_tls();
    ASSERT_TRUE(unreadable);
    EXPECT_NE(unreadable->find(config.tls_cert), std::string::npos) << *unreadable;

    // Half a renewal: the certificate back, but a key that is not its own.
    fs::copy_file(good_ca, config.tls_cert, fs::copy_options::overwrite_existing);
    const auto stranger = make_certificate(scratch.path() / "stranger");
    fs::copy_file(stranger.key, config.tls_key, fs::copy_options::overwrite_existing);
    const auto mismatched = srv.instance().reload_tls();
    ASSERT_TRUE(mismatched);
    EXPECT_NE(mismatched->find(config.tls_key), std::string::npos) << *mismatched;

    std::string error;
    auto conn = connect_with_ca(srv.url(), good_ca, error);
    ASSERT_TRUE(conn) << error;
    register_user(*conn, "alice");
}

TEST(tls_reload, without_tls_there_is_nothing_to_reload) {
    test_server srv([](server::server_config& config) {
        config.dev_tls = false;
        config.behind_proxy = true;
    });
    EXPECT_TRUE(srv.instance().reload_tls());
}

TEST(tls_reload, sighup_reloads_the_certificate_of_a_running_process) {
    temp_dir dir;
    const auto data = dir.path() / "data";
    server_process proc(TOWARD_SERVER_BINARY,
                        {"--data", data.string(), "--dev-tls", "--listen", "127.0.0.1:0",
                         "--scrypt-log2-n", "4", "--registration", "open"});
    server::server_config config;
    config.tls_cert = (data / "tls" / "cert.pem").string();
    config.tls_key = (data / "tls" / "key.pem").string();
    const auto renewed = make_certificate(dir.path() / "renewed");
    install(renewed, config);
    ASSERT_EQ(::kill(proc.pid(), SIGHUP), 0);

    // The signal arrives when it arrives: handshakes fail with the new CA
    // until the reload is done, and the process must still be there after.
    std::string error;
    std::unique_ptr<client::connection> conn;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!conn && std::chrono::steady_clock::now() < deadline) {
        conn = connect_with_ca(proc.url(), renewed.cert, error);
    }
    ASSERT_TRUE(conn) << error << "\n" << proc.log();
    register_user(*conn, "alice");
    const int status = proc.kill_and_wait(SIGTERM);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << proc.log();
    EXPECT_NE(proc.log().find("TLS reload: new connections"), std::string::npos) << proc.log();
}

}  // namespace
}  // namespace toward::testing
