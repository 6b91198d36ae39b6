#include "report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>

namespace toward::bench {

double round3(double value) {
    return std::round(value * 1000.0) / 1000.0;
}

void add_percentiles(report& out, const std::string& prefix,
                     std::vector<std::int64_t>& samples_ns) {
    std::sort(samples_ns.begin(), samples_ns.end());
    const auto at = [&](double q) -> report {
        if (samples_ns.empty()) return nullptr;
        // The smallest sample with at least a fraction q of all samples at or below it.
        auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(samples_ns.size())));
        rank = std::clamp<std::size_t>(rank, 1, samples_ns.size());
        return round3(static_cast<double>(samples_ns[rank - 1]) / 1e6);
    };
    out[prefix + "p50_ms"] = at(0.50);
    out[prefix + "p90_ms"] = at(0.90);
    out[prefix + "p99_ms"] = at(0.99);
    out[prefix + "p999_ms"] = at(0.999);
    out[prefix + "max_ms"] = at(1.0);
    out[prefix + "samples"] = samples_ns.size();
}

void print_report(const report& r, bool json) {
    if (json) {
        std::cout << r.dump() << std::endl;
        return;
    }
    std::size_t width = 0;
    for (const auto& [key, value] : r.items()) width = std::max(width, key.size());
    for (const auto& [key, value] : r.items()) {
        std::string text = value.is_string() ? value.get<std::string>() : value.dump();
        if (value.is_null()) text = "n/a";
        std::printf("  %-*s  %s\n", static_cast<int>(width), key.c_str(), text.c_str());
    }
    std::fflush(stdout);
}

}  // namespace toward::bench
