// Internal to local_store*.cpp: runs a store operation and turns an
// sqlite::error into an app_error, so no exception leaves the store.
#pragma once

#include <type_traits>

#include "app_result.hpp"
#include "sqlite/database.hpp"

namespace toward::app::detail {

template <class Body>
auto guarded(Body&& body) -> app_result<std::invoke_result_t<Body&>> {
    using value_type = std::invoke_result_t<Body&>;
    try {
        if constexpr (std::is_void_v<value_type>) {
            body();
            return {};
        } else {
            return body();
        }
    } catch (const sqlite::error& e) {
        // Our own checks (code 0) speak for themselves; SQLite's need a place.
        return fail(e.code() == 0 ? std::string(e.what())
                                  : "local store: " + std::string(e.what()));
    }
}

}  // namespace toward::app::detail
