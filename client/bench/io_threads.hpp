// Runs an io_context on N threads (the calling one included) until it stops
// or runs out of work.
#pragma once

#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <thread>
#include <vector>

namespace toward::bench {

inline void run_io(boost::asio::io_context& ioc, std::size_t threads) {
    std::vector<std::thread> extra;
    for (std::size_t i = 1; i < threads; ++i) extra.emplace_back([&ioc] { ioc.run(); });
    ioc.run();
    for (auto& t : extra) t.join();
}

}  // namespace toward::bench
