#include "crypto/random.hpp"

#include <climits>

#include <openssl/rand.h>

#include "crypto/openssl_handles.hpp"

namespace toward::crypto {

result<secret_bytes> random_bytes(std::size_t n) {
    if (n > static_cast<std::size_t>(INT_MAX)) return crypto_errc::invalid_length;
    detail::error_queue_guard error_queue;
    secret_bytes out(n);
    if (n != 0 && RAND_bytes(out.data(), static_cast<int>(n)) <= 0) {
        return crypto_errc::random_failure;
    }
    return out;
}

}  // namespace toward::crypto
