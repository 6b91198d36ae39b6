// Cryptographically secure random bytes.
#pragma once

#include <cstddef>

#include "crypto/result.hpp"
#include "crypto/secret_bytes.hpp"

namespace toward::crypto {

// Returns n bytes from OpenSSL's CSPRNG (RAND_bytes); random_failure if it
// could not be seeded. Thread-safe.
result<secret_bytes> random_bytes(std::size_t n);

}  // namespace toward::crypto
