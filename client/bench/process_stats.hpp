// What the benchmarks read about processes: a server's resident memory and
// CPU time from /proc, this process's CPU time, and the open-files limit.
#pragma once

#include <optional>

namespace toward::bench {

// VmRSS of process `pid` in MiB; nullopt when it cannot be read.
std::optional<double> resident_mib(int pid);

// User + system CPU seconds used so far by process `pid`; nullopt when unknown.
std::optional<double> cpu_seconds(int pid);

// User + system CPU seconds used so far by this process.
double own_cpu_seconds();

// Raises RLIMIT_NOFILE's soft limit to the hard limit; returns the new soft
// limit.
long raise_open_files_limit();

}  // namespace toward::bench
