// Fixed-layout encoding helpers used by the library's serializers: append
// big-endian integers and byte strings, and read them back with bounds checks.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "crypto/bytes.hpp"

namespace toward::crypto {

// Appends data to the end of out (a bytes or secret_bytes).
template <class Buffer>
void append_bytes(Buffer& out, byte_view data) {
    out.insert(out.end(), data.begin(), data.end());
}

// Appends v as 4 bytes, most significant first.
template <class Buffer>
void append_u32_be(Buffer& out, std::uint32_t v) {
    const std::uint8_t b[4] = {static_cast<std::uint8_t>(v >> 24),
                               static_cast<std::uint8_t>(v >> 16),
                               static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
    out.insert(out.end(), b, b + 4);
}

// Reads a fixed layout front to back. Each read returns false (or nullopt) once the
// input is too short; the reader never reads past its view, which it does not own.
class byte_reader {
  public:
    explicit byte_reader(byte_view input) noexcept : rest_(input) {}

    // The next n bytes, or nullopt if fewer remain.
    std::optional<byte_view> read(std::size_t n) noexcept {
        if (rest_.size() < n) return std::nullopt;
        byte_view out = rest_.first(n);
        rest_ = rest_.subspan(n);
        return out;
    }

    // Fills out with the next N bytes; false if fewer remain.
    template <std::size_t N>
    bool read_into(std::array<std::uint8_t, N>& out) noexcept {
        auto part = read(N);
        if (!part) return false;
        std::copy(part->begin(), part->end(), out.begin());
        return true;
    }

    std::optional<std::uint8_t> read_u8() noexcept {
        auto part = read(1);
        if (!part) return std::nullopt;
        return (*part)[0];
    }

    std::optional<std::uint32_t> read_u32_be() noexcept {
        auto part = read(4);
        if (!part) return std::nullopt;
        const auto& b = *part;
        return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) |
               (std::uint32_t{b[2]} << 8) | std::uint32_t{b[3]};
    }

    // Everything not yet read.
    byte_view rest() const noexcept { return rest_; }
    bool at_end() const noexcept { return rest_.empty(); }

  private:
    byte_view rest_;
};

}  // namespace toward::crypto
