#include "crypto/secret_bytes.hpp"

#include <openssl/crypto.h>

namespace toward::crypto {

void cleanse(void* data, std::size_t size) noexcept {
    if (data != nullptr && size != 0) OPENSSL_cleanse(data, size);
}

}  // namespace toward::crypto
