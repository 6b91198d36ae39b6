// app_result<T>: a value or an app_error, the return type of every fallible
// function of the console client below the CLI's outermost layer.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace toward::app {

// A failure as the user will read it: one line, lowercase start, no final
// period (the CLI prints it as "toward: <message>").
struct app_error {
    std::string message;
};

// Makes an app_error; reads well in `return fail("not paired");`.
inline app_error fail(std::string message) {
    return app_error{std::move(message)};
}

// Holds either a T or an app_error. Converts implicitly from both, so
// functions `return value;` or `return fail("...");`. value() and operator*
// require has_value().
template <class T>
class [[nodiscard]] app_result {
  public:
    app_result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
    app_result(app_error error) : state_(std::in_place_index<1>, std::move(error)) {}

    bool has_value() const noexcept { return state_.index() == 0; }
    explicit operator bool() const noexcept { return has_value(); }

    T& value() & { return std::get<0>(state_); }
    const T& value() const& { return std::get<0>(state_); }
    // By value, so `for (auto& x : *f())` does not dangle.
    T value() && { return std::get<0>(std::move(state_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    // The error; requires !has_value().
    const app_error& error() const { return std::get<1>(state_); }

  private:
    std::variant<T, app_error> state_;
};

// Success or an app_error.
template <>
class [[nodiscard]] app_result<void> {
  public:
    app_result() = default;
    app_result(app_error error) : error_(std::move(error)) {}

    bool has_value() const noexcept { return !error_.has_value(); }
    explicit operator bool() const noexcept { return has_value(); }
    // The error; requires !has_value().
    const app_error& error() const { return *error_; }

  private:
    std::optional<app_error> error_;
};

using app_status = app_result<void>;

}  // namespace toward::app
