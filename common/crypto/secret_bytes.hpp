// secret_bytes: a byte vector whose memory is wiped before it is freed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace toward::crypto {

// Wipes memory with OPENSSL_cleanse (which the compiler cannot elide) before
// handing it back to the heap.
void cleanse(void* data, std::size_t size) noexcept;

// A std::allocator that wipes every block it frees: the vector's destructor and
// every reallocation during growth leave no copy of a secret behind.
template <class T>
struct cleansing_allocator {
    using value_type = T;

    cleansing_allocator() noexcept = default;
    template <class U>
    cleansing_allocator(const cleansing_allocator<U>&) noexcept {}

    T* allocate(std::size_t n) { return std::allocator<T>{}.allocate(n); }
    void deallocate(T* p, std::size_t n) noexcept {
        cleanse(p, n * sizeof(T));
        std::allocator<T>{}.deallocate(p, n);
    }

    template <class U>
    bool operator==(const cleansing_allocator<U>&) const noexcept {
        return true;
    }
};

// Key material: private keys, chain and message keys, shared secrets, serialized
// session state. Use it like std::vector<std::uint8_t>; compare contents with
// constant_time_equal (hash.hpp), not ==, when the comparison guards a secret.
using secret_bytes = std::vector<std::uint8_t, cleansing_allocator<std::uint8_t>>;

}  // namespace toward::crypto
