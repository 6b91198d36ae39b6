// Coroutine helpers for the benchmarks' setup and phases: run many tasks with
// a bounded number at a time, and sleep until a point in time.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <functional>
#include <string>

#include "frames.hpp"

namespace toward::bench {

namespace net = boost::asio;

struct batch_outcome {
    std::size_t failed = 0;
    std::string first_error;  // what the first failed task threw
};

// Runs task(0) … task(n - 1), at most `concurrency` at a time, on the calling
// coroutine's executor, and returns once all have finished. A task that
// throws counts as failed; the others carry on.
net::awaitable<batch_outcome> run_bounded(std::size_t n, std::size_t concurrency,
                                          std::function<net::awaitable<void>(std::size_t)> task);

// Suspends the calling coroutine until `when`.
net::awaitable<void> sleep_until(bench_clock::time_point when);

}  // namespace toward::bench
