// The server offers forward-secret AEAD suites only and refuses TLS 1.2
// renegotiation (issue 13.11), tried with a bare OpenSSL client that asks
// for exactly one suite.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "test_server.hpp"

namespace toward::testing {
namespace {

// A TCP connection to the test server's port on loopback.
int connect_loopback(unsigned short port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    // A server that neither answers nor closes fails the test, not hangs it.
    const timeval patience{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

struct tls_client {
    std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx{SSL_CTX_new(TLS_client_method()),
                                                          &SSL_CTX_free};
    std::unique_ptr<SSL, decltype(&SSL_free)> ssl{nullptr, &SSL_free};
    int fd = -1;
    ~tls_client() {
        if (fd >= 0) ::close(fd);
    }

    // A TLS 1.2 handshake offering only `suite`; true when it completed.
    bool handshake_tls12(unsigned short port, const char* suite) {
        SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
        SSL_CTX_set_max_proto_version(ctx.get(), TLS1_2_VERSION);
        SSL_CTX_set_security_level(ctx.get(), 0);  // let the client ask for weak ones
        if (SSL_CTX_set_cipher_list(ctx.get(), suite) != 1) return false;
        fd = connect_loopback(port);
        if (fd < 0) return false;
        ssl.reset(SSL_new(ctx.get()));
        SSL_set_fd(ssl.get(), fd);
        SSL_set_tlsext_host_name(ssl.get(), "localhost");
        return SSL_connect(ssl.get()) == 1;
    }
};

TEST(tls_policy, cbc_and_static_rsa_suites_are_refused) {
    test_server srv;
    const auto port = srv.instance().port();
    for (const char* weak : {"ECDHE-ECDSA-AES128-SHA", "ECDHE-ECDSA-AES256-SHA384", "AES128-SHA",
                             "AES256-GCM-SHA384", "ECDHE-ECDSA-AES128-SHA256"}) {
        tls_client client;
        EXPECT_FALSE(client.handshake_tls12(port, weak)) << weak << " was accepted";
    }
}

TEST(tls_policy, forward_secret_aead_suites_are_accepted) {
    test_server srv;
    const auto port = srv.instance().port();
    for (const char* strong : {"ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384",
                               "ECDHE-ECDSA-CHACHA20-POLY1305"}) {
        tls_client client;
        EXPECT_TRUE(client.handshake_tls12(port, strong)) << strong << " was refused";
    }
}

TEST(tls_policy, a_tls12_renegotiation_is_refused) {
    test_server srv;
    tls_client client;
    ASSERT_TRUE(client.handshake_tls12(srv.instance().port(), "ECDHE-ECDSA-AES128-GCM-SHA256"));
    ASSERT_EQ(SSL_renegotiate(client.ssl.get()), 1);
    // The renegotiation handshake starts with the next I/O; the server
    // answers it with an alert (no_renegotiation) or closes.
    const int done = SSL_do_handshake(client.ssl.get());
    EXPECT_NE(done, 1) << "the server renegotiated";
    ERR_clear_error();
}

}  // namespace
}  // namespace toward::testing
