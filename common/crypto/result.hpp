// result<T>: a value or a std::error_code, the return type of every fallible
// function in toward::crypto (C++20 has no std::expected).
#pragma once

#include <optional>
#include <system_error>
#include <utility>

#include "crypto/crypto_error.hpp"

namespace toward::crypto {

// Holds either a T or a non-zero std::error_code. Converts implicitly from T, from
// std::error_code and from crypto_errc, so functions `return value;` or
// `return crypto_errc::bad_signature;`. value() on an error throws
// std::bad_optional_access (a programming error); operator* and -> require has_value().
template <class T>
class [[nodiscard]] result {
  public:
    result(T value) : value_(std::move(value)) {}
    result(std::error_code error) : error_(error) {}
    result(crypto_errc error) : error_(make_error_code(error)) {}

    bool has_value() const noexcept { return value_.has_value(); }
    explicit operator bool() const noexcept { return has_value(); }

    // The error, or a default (zero) error_code when a value is held.
    std::error_code error() const noexcept { return error_; }

    T& value() & { return value_.value(); }
    const T& value() const& { return value_.value(); }
    T&& value() && { return std::move(value_.value()); }

    T& operator*() & noexcept { return *value_; }
    const T& operator*() const& noexcept { return *value_; }
    T&& operator*() && noexcept { return std::move(*value_); }
    T* operator->() noexcept { return &*value_; }
    const T* operator->() const noexcept { return &*value_; }

  private:
    std::optional<T> value_;
    std::error_code error_;
};

// Success or an error, for functions that return nothing else.
template <>
class [[nodiscard]] result<void> {
  public:
    result() = default;
    result(std::error_code error) : error_(error) {}
    result(crypto_errc error) : error_(make_error_code(error)) {}

    bool has_value() const noexcept { return !error_; }
    explicit operator bool() const noexcept { return has_value(); }
    std::error_code error() const noexcept { return error_; }

  private:
    std::error_code error_;
};

}  // namespace toward::crypto
