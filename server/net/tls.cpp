#include "net/tls.hpp"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <cstdio>
#include <memory>
#include <stdexcept>
#include <utility>

namespace toward::server {
namespace {

template <class T, void (*Free)(T*)>
using openssl_ptr = std::unique_ptr<T, decltype([](T* p) { Free(p); })>;

[[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error("development certificate: " + what);
}

void add_extension(X509* cert, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    openssl_ptr<X509_EXTENSION, X509_EXTENSION_free> ext(
        X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
    if (!ext || X509_add_ext(cert, ext.get(), -1) <= 0) fail("cannot add an extension");
}

void write_pem(const std::filesystem::path& path, mode_t mode, auto&& write) {
    const auto tmp = path.string() + ".tmp";
    FILE* file = std::fopen(tmp.c_str(), "wx");
    if (!file) fail("cannot create " + tmp);
    ::chmod(tmp.c_str(), mode);
    const bool ok = write(file) > 0;
    if (std::fclose(file) != 0 || !ok) fail("cannot write " + tmp);
    std::filesystem::rename(tmp, path);
}

}  // namespace

void ensure_dev_certificate(const std::filesystem::path& cert_path,
                            const std::filesystem::path& key_path) {
    if (std::filesystem::exists(cert_path) && std::filesystem::exists(key_path)) return;
    std::filesystem::create_directories(cert_path.parent_path());
    std::filesystem::permissions(cert_path.parent_path(), std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace);

    openssl_ptr<EVP_PKEY, EVP_PKEY_free> key(EVP_EC_gen("P-256"));
    if (!key) fail("cannot make a key");
    openssl_ptr<X509, X509_free> cert(X509_new());
    if (!cert) fail("out of memory");
    X509_set_version(cert.get(), 2);
    unsigned char serial[16];
    if (RAND_bytes(serial, sizeof serial) <= 0) fail("no randomness");
    serial[0] &= 0x7f;
    openssl_ptr<BIGNUM, BN_free> serial_bn(BN_bin2bn(serial, sizeof serial, nullptr));
    BN_to_ASN1_INTEGER(serial_bn.get(), X509_get_serialNumber(cert.get()));
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 825L * 24 * 3600);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("toward development"), -1, -1,
                               0);
    X509_set_issuer_name(cert.get(), name);
    add_extension(cert.get(), NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1");
    add_extension(cert.get(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
    add_extension(cert.get(), NID_key_usage, "critical,digitalSignature,keyCertSign");
    add_extension(cert.get(), NID_ext_key_usage, "serverAuth");
    add_extension(cert.get(), NID_subject_key_identifier, "hash");
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0) fail("cannot sign");

    write_pem(key_path, 0600, [&](FILE* f) {
        return PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    });
    write_pem(cert_path, 0644, [&](FILE* f) { return PEM_write_X509(f, cert.get()); });
}

boost::asio::ssl::context make_server_tls_context(const std::string& cert_path,
                                                  const std::string& key_path) {
    namespace ssl = boost::asio::ssl;
    ssl::context ctx(ssl::context::tls_server);
    ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                    ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                    ssl::context::single_dh_use);
    // Forward secrecy and AEAD only: ECDHE with AES-GCM or ChaCha20-Poly1305
    // for TLS 1.2 (TLS 1.3's suites are all of that kind), and no
    // renegotiation, which TLS 1.3 dropped and 1.2 only needs for attacks.
    SSL_CTX* native = ctx.native_handle();
    SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
    if (SSL_CTX_set_cipher_list(native,
                                "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                                "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                                "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305") != 1)
        throw std::runtime_error("TLS: cannot set the cipher suites");
    boost::system::error_code ec;
    ctx.use_certificate_chain_file(cert_path, ec);
    if (ec) throw std::runtime_error("TLS certificate " + cert_path + ": " + ec.message());
    ctx.use_private_key_file(key_path, ssl::context::pem, ec);
    if (ec) throw std::runtime_error("TLS key " + key_path + ": " + ec.message());
    return ctx;
}

tls_context_holder::tls_context_holder(std::string cert_path, std::string key_path)
    : cert_path_(std::move(cert_path)),
      key_path_(std::move(key_path)),
      current_(std::make_shared<boost::asio::ssl::context>(
          make_server_tls_context(cert_path_, key_path_))) {}

std::shared_ptr<boost::asio::ssl::context> tls_context_holder::current() const {
    std::lock_guard lock(mutex_);
    return current_;
}

std::optional<std::string> tls_context_holder::reload() {
    std::shared_ptr<boost::asio::ssl::context> fresh;
    try {
        fresh = std::make_shared<boost::asio::ssl::context>(
            make_server_tls_context(cert_path_, key_path_));
    } catch (const std::exception& e) {
        return std::string(e.what());
    }
    std::shared_ptr<boost::asio::ssl::context> previous;
    {
        std::lock_guard lock(mutex_);
        previous = std::exchange(current_, std::move(fresh));
    }
    // `previous` dies here unless connections still hold it: outside the lock.
    return std::nullopt;
}

}  // namespace toward::server
