// Internal to toward_crypto: owning smart pointers for OpenSSL objects. Not part
// of the public API; do not include from outside common/crypto.
#pragma once

#include <memory>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

namespace toward::crypto::detail {

template <auto free_fn>
struct openssl_deleter {
    template <class T>
    void operator()(T* p) const noexcept {
        free_fn(p);
    }
};

using pkey_ptr = std::unique_ptr<EVP_PKEY, openssl_deleter<&EVP_PKEY_free>>;
using pkey_ctx_ptr = std::unique_ptr<EVP_PKEY_CTX, openssl_deleter<&EVP_PKEY_CTX_free>>;
using md_ctx_ptr = std::unique_ptr<EVP_MD_CTX, openssl_deleter<&EVP_MD_CTX_free>>;
using cipher_ctx_ptr = std::unique_ptr<EVP_CIPHER_CTX, openssl_deleter<&EVP_CIPHER_CTX_free>>;
using mac_ptr = std::unique_ptr<EVP_MAC, openssl_deleter<&EVP_MAC_free>>;
using mac_ctx_ptr = std::unique_ptr<EVP_MAC_CTX, openssl_deleter<&EVP_MAC_CTX_free>>;
using kdf_ptr = std::unique_ptr<EVP_KDF, openssl_deleter<&EVP_KDF_free>>;
using kdf_ctx_ptr = std::unique_ptr<EVP_KDF_CTX, openssl_deleter<&EVP_KDF_CTX_free>>;

// Removes, when it goes out of scope, whatever errors OpenSSL queued on this thread
// since it was made. Our failures are reported as values; errors left behind in the
// thread's queue would otherwise be misread later (SSL_get_error consults it).
class error_queue_guard {
  public:
    error_queue_guard() noexcept { ERR_set_mark(); }
    ~error_queue_guard() { ERR_pop_to_mark(); }
    error_queue_guard(const error_queue_guard&) = delete;
    error_queue_guard& operator=(const error_queue_guard&) = delete;
};

// OpenSSL takes octet-string parameters as non-const void* even when it only
// reads them; an empty input still needs a non-null pointer for some providers.
inline void* param_bytes(const unsigned char* data, std::size_t size) noexcept {
    static unsigned char empty = 0;
    return size == 0 ? &empty : const_cast<unsigned char*>(data);
}

}  // namespace toward::crypto::detail
