#include "async_batch.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>
#include <memory>

namespace toward::bench {

namespace {

struct batch_state {
    explicit batch_state(net::any_io_executor ex) : all_done(std::move(ex)) {}
    std::function<net::awaitable<void>(std::size_t)> task;
    std::size_t n = 0;
    std::size_t next = 0;
    std::size_t workers = 0;
    batch_outcome outcome;
    net::steady_timer all_done;  // cancelled when the last worker ends
};

net::awaitable<void> batch_worker(std::shared_ptr<batch_state> state) {
    while (state->next < state->n) {
        const std::size_t i = state->next++;
        try {
            co_await state->task(i);
        } catch (const std::exception& e) {
            if (state->outcome.failed++ == 0) state->outcome.first_error = e.what();
        }
    }
}

}  // namespace

net::awaitable<batch_outcome> run_bounded(std::size_t n, std::size_t concurrency,
                                          std::function<net::awaitable<void>(std::size_t)> task) {
    if (n == 0) co_return batch_outcome{};
    auto ex = co_await net::this_coro::executor;
    auto state = std::make_shared<batch_state>(ex);
    state->task = std::move(task);
    state->n = n;
    state->workers = std::min(n, std::max<std::size_t>(concurrency, 1));
    state->all_done.expires_at(net::steady_timer::time_point::max());
    for (std::size_t w = 0, count = state->workers; w < count; ++w) {
        net::co_spawn(ex, batch_worker(state), [state](std::exception_ptr) {
            if (--state->workers == 0) state->all_done.cancel();
        });
    }
    boost::system::error_code ec;
    co_await state->all_done.async_wait(net::redirect_error(net::use_awaitable, ec));
    co_return state->outcome;
}

net::awaitable<void> sleep_until(bench_clock::time_point when) {
    net::steady_timer timer(co_await net::this_coro::executor);
    timer.expires_at(when);
    boost::system::error_code ec;
    co_await timer.async_wait(net::redirect_error(net::use_awaitable, ec));
}

}  // namespace toward::bench
