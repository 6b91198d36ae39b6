// Runs one asynchronous store call and waits for its result: the benchmarks
// drive the store through the same interface as the server.
#pragma once

#include <future>

#include "util/errors.hpp"

namespace toward::bench {

template <class T, class Start>
result<T> wait_for(Start start) {
    std::promise<result<T>> done;
    auto future = done.get_future();
    start([&done](result<T> r) { done.set_value(std::move(r)); });
    return future.get();
}

}  // namespace toward::bench
