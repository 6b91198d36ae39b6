// A benchmark's result: one JSON object whose keys name each figure and its
// unit (messages_per_s, p99_ms, server_rss_mib, …), printed as JSON or as a
// two-column table.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace toward::bench {

using report = nlohmann::ordered_json;

// Rounds to three decimals, so reports stay readable.
double round3(double value);

// Adds PREFIXp50_ms, p90, p99, p999 and max (in ms) of `samples_ns` to `out`,
// and PREFIXsamples. Sorts `samples_ns`. Values are null without samples.
void add_percentiles(report& out, const std::string& prefix, std::vector<std::int64_t>& samples_ns);

// Prints `r` to stdout: one JSON line with `json`, else a table.
void print_report(const report& r, bool json);

}  // namespace toward::bench
