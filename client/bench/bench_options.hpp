// Every option of toward-bench, and the four benchmarks (and the crash
// test's check, verify) that read them. Each returns its report or throws
// std::runtime_error with the reason it could not run.
#pragma once

#include <cstddef>
#include <string>

#include "report.hpp"

namespace toward::bench {

struct bench_options {
    std::string server_url;  // wss://HOST:PORT/v1/ws (raw-echo: any ws:// or wss:// echo server)
    std::string ca_file;     // PEM of the CA that signed the server's certificate
    std::string data_dir;    // cache of accounts; empty: register new ones each run
    std::string acked_log;   // throughput, latency: append every ack to this file
    std::size_t threads = 1;
    std::size_t pairs = 50;
    std::size_t window = 8;
    std::size_t payload = 200;      // ciphertext bytes per message
    double duration = 10;           // seconds measured
    double warmup = 2;              // seconds of load before measuring
    double rate = 5000;             // latency: messages/s over all pairs
    std::size_t count = 1000;       // connections: how many to hold
    std::size_t concurrency = 200;  // connections opened at a time
    std::size_t connections = 100;  // raw-echo: connections
    std::string subprotocol;        // raw-echo: offered in the upgrade when set
    int server_pid = 0;             // read VmRSS and CPU time of this process
    bool json = false;
};

report run_throughput(const bench_options& options);
report run_latency(const bench_options& options);
report run_connections(const bench_options& options);
report run_raw_echo(const bench_options& options);
// Checks a server's store against an acked log (acked_log.hpp) of pairs
// cached in data_dir.
report run_verify(const bench_options& options);

}  // namespace toward::bench
