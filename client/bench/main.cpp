// toward-bench: load generator and meter for toward-server (and, with
// raw-echo, for any WebSocket echo server). docs/BENCHMARKS.md gives the
// command line behind every published figure.
//
// Exit status: 0; 1 when the benchmark could not run; 2 for a bad command
// line; 3 when connections were lost during throughput or latency (the
// server died: the report and the --acked-log cover the run until then); 4
// when verify found a message lost, stored twice or out of order.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <functional>

#include "bench_options.hpp"
#include "process_stats.hpp"

namespace {

using toward::bench::bench_options;

// Exit codes besides 0, 1 (could not run) and 2 (bad command line).
constexpr int exit_server_lost = 3;   // throughput, latency: connections lost mid-run
constexpr int exit_check_failed = 4;  // verify: a message lost, twice or out of order

void add_target_options(CLI::App& cmd, bench_options& o, bool require_server) {
    auto* server = cmd.add_option("--server", o.server_url, "server URL, wss://HOST:PORT/v1/ws");
    if (require_server) server->required();
    cmd.add_option("--ca-file", o.ca_file, "PEM file of the CA to trust (the server's dev cert)");
    cmd.add_option("--threads", o.threads, "I/O threads of the bench (1-2 advised)")
        ->capture_default_str()
        ->check(CLI::Range(1, 64));
    cmd.add_option("--concurrency", o.concurrency, "connections set up at a time")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    cmd.add_option("--server-pid", o.server_pid,
                   "server process to read VmRSS and CPU time of (/proc/PID)");
    cmd.add_flag("--json", o.json, "print one JSON object instead of a table");
}

void add_duration_options(CLI::App& cmd, bench_options& o, bool warmup) {
    cmd.add_option("--duration", o.duration, "seconds to measure (connections: to hold)")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    if (warmup) {
        cmd.add_option("--warmup", o.warmup, "seconds of load before measuring")
            ->capture_default_str()
            ->check(CLI::NonNegativeNumber);
    }
}

void add_acked_log_option(CLI::App& cmd, bench_options& o) {
    cmd.add_option("--acked-log", o.acked_log,
                   "append one line per SendAck (pair, sender, client message id, seq) to FILE, "
                   "and the sends left unacked when the server goes away");
}

void add_payload_option(CLI::App& cmd, bench_options& o) {
    cmd.add_option("--payload", o.payload, "ciphertext bytes per message (at least 16)")
        ->capture_default_str()
        ->check(CLI::Range(16, 60000));
}

}  // namespace

int main(int argc, char** argv) {
    using namespace toward::bench;
    bench_options o;
    CLI::App app{"toward-bench: measure toward-server over the real protocol"};
    app.require_subcommand(1);

    auto* throughput = app.add_subcommand(
        "throughput",
        "pairs send in a closed loop: messages acked (stored) and relayed per second");
    add_target_options(*throughput, o, true);
    throughput->add_option("--pairs", o.pairs, "partner pairs (two connections each)")
        ->capture_default_str();
    throughput->add_option("--window", o.window, "sends in flight per connection")
        ->capture_default_str();
    add_payload_option(*throughput, o);
    add_duration_options(*throughput, o, true);
    throughput->add_option("--data", o.data_dir, "cache of bench accounts (pairs.json)");
    add_acked_log_option(*throughput, o);

    auto* latency = app.add_subcommand(
        "latency", "pairs send at a fixed total rate: send-to-ack and send-to-deliver latency");
    add_target_options(*latency, o, true);
    latency->add_option("--pairs", o.pairs, "partner pairs (two connections each)")
        ->capture_default_str();
    latency->add_option("--rate", o.rate, "messages per second over all pairs")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    add_payload_option(*latency, o);
    add_duration_options(*latency, o, true);
    latency->add_option("--data", o.data_dir, "cache of bench accounts (pairs.json)");
    add_acked_log_option(*latency, o);

    auto* connections = app.add_subcommand(
        "connections", "hold many authenticated idle connections; the server's memory for them");
    add_target_options(*connections, o, true);
    connections->add_option("--count", o.count, "connections to hold")->capture_default_str();
    add_duration_options(*connections, o, false);
    connections->add_option("--data", o.data_dir, "cache of bench accounts (users.json)");

    auto* raw_echo = app.add_subcommand(
        "raw-echo", "closed loop against any WebSocket echo server (e.g. toward-echo-baseline)");
    add_target_options(*raw_echo, o, false);
    raw_echo->add_option("--raw-echo", o.server_url, "echo server URL (same as --server)");
    raw_echo->add_option("--connections", o.connections, "connections")->capture_default_str();
    raw_echo
        ->add_option("--window", o.window,
                     "messages in flight per connection (0: hold the connections idle)")
        ->capture_default_str();
    raw_echo->add_option("--subprotocol", o.subprotocol, "WebSocket subprotocol to offer");
    add_payload_option(*raw_echo, o);
    add_duration_options(*raw_echo, o, true);

    auto* verify = app.add_subcommand(
        "verify",
        "after a crash test: every message of --acked-log stored once, in order, and caught up");
    add_target_options(*verify, o, true);
    verify->add_option("--data", o.data_dir, "cache of the bench accounts the run used")
        ->required();
    verify->add_option("--acked-log", o.acked_log, "the log the run appended its acks to")
        ->required();

    CLI11_PARSE(app, argc, argv);

    const long open_files = raise_open_files_limit();
    try {
        report r;
        int status = 0;
        if (throughput->parsed() || latency->parsed()) {
            r = throughput->parsed() ? run_throughput(o) : run_latency(o);
            // The server went away during the run: the report and the acked
            // log cover what happened until then.
            if (r.value("connections_lost", 0) > 0) status = exit_server_lost;
        } else if (verify->parsed()) {
            r = run_verify(o);
            if (!r.value("ok", false)) status = exit_check_failed;
        } else if (connections->parsed()) {
            if (open_files > 0 && o.count + 64 > static_cast<std::size_t>(open_files)) {
                std::fprintf(stderr,
                             "toward-bench: warning: %zu connections but only %ld open files "
                             "allowed (ulimit -Hn)\n",
                             o.count, open_files);
            }
            r = run_connections(o);
        } else {
            if (o.server_url.empty()) {
                std::fprintf(stderr,
                             "toward-bench raw-echo: give --raw-echo URL or --server URL\n");
                return 2;
            }
            r = run_raw_echo(o);
        }
        print_report(r, o.json);
        return status;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "toward-bench: %s\n", e.what());
        return 1;
    }
}
