// The crash test under load (issue 13): toward-bench saturates a real
// toward-server process (synchronous = full) and logs every ack it receives
// (--acked-log); the server is killed with SIGKILL while the load flows,
// restarted on the same data directory, and then every message the bench saw
// acknowledged must be stored exactly once, under the seq of its ack, in a
// gap-free history that a fetch returns in order and each partner's catch-up
// delivers in order, once. The sends that were in flight get resent with
// their ids, as a client's outbox does: stored once, whether or not the
// server had committed them before it died.
//
// The longer run with a release build, and its figures: docs/BENCHMARKS.md
// §3.7 (deploy/bench.sh crash).
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "protocol.hpp"
#include "server_process.hpp"
#include "temp_dir.hpp"

namespace toward::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

constexpr int pairs = 4;
// The kill comes once the bench has logged this many acks.
constexpr std::size_t acks_before_kill = 3000;
constexpr int bench_exit_server_lost = 3;  // client/bench/main.cpp

// synchronous = full (the default, said aloud), and the limits one bench
// process on 127.0.0.1 must lift (docs/BENCHMARKS.md §2.2).
std::vector<std::string> server_args(const std::filesystem::path& data) {
    return {
        "--data=" + data.string(),
        "--dev-tls",
        "--listen=127.0.0.1:0",
        "--synchronous=full",
        "--registration=open",
        "--scrypt-log2-n=4",
        "--messages-per-second=100000",
        "--message-burst=100000",
        "--connections-per-address=1000",
        "--login-attempts-per-minute=1000000",
        "--login-attempts-per-minute-per-address=1000000",
        "--redeem-attempts-per-minute-per-address=1000000",
        "--hash-queue=1000",
        "--hash-queue-per-address=1000",
        "--log-level=info",
    };
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// An `ack PAIR SENDER ID SEQ` or `unacked PAIR SENDER ID` line of the log.
struct logged_send {
    bool acked = false;
    std::uint64_t pair_id = 0;
    std::string sender;
    std::string id;
    std::uint64_t seq = 0;
};

std::vector<logged_send> read_log(const std::filesystem::path& path) {
    std::vector<logged_send> sends;
    std::istringstream lines(read_file(path));
    std::string line;
    while (std::getline(lines, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream fields(line);
        std::string kind;
        logged_send send;
        fields >> kind >> send.pair_id >> send.sender >> send.id;
        send.acked = kind == "ack";
        if (send.acked) fields >> send.seq;
        EXPECT_TRUE(fields && (send.acked || kind == "unacked")) << "bad log line: " << line;
        sends.push_back(send);
    }
    return sends;
}

std::size_t count_acks(const std::string& text) {
    std::size_t acks = 0;
    for (std::size_t at = 0; (at = text.find("ack ", at)) != std::string::npos; at += 4) {
        if (at == 0 || text[at - 1] == '\n') ++acks;
    }
    return acks;
}

// Waits until `log` holds `wanted` ack lines: woken by inotify whenever the
// bench writes it, or by the bench's exit. False when the bench exited first
// or nothing came within the deadline.
bool wait_for_acks(const std::filesystem::path& log, std::size_t wanted, background_tool& bench) {
    const int watch = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (watch < 0 || ::inotify_add_watch(watch, log.c_str(), IN_MODIFY) < 0) {
        ADD_FAILURE() << "inotify on " << log;
        if (watch >= 0) ::close(watch);
        return false;
    }
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    bool reached = false;
    for (;;) {
        if (count_acks(read_file(log)) >= wanted) {
            reached = true;
            break;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left <= 0ms) break;
        pollfd fds[2] = {{watch, POLLIN, 0}, {bench.exit_fd(), POLLIN, 0}};
        if (::poll(fds, 2, static_cast<int>(left.count())) <= 0) break;
        if (fds[1].revents != 0) break;  // the bench ended before the load did
        char events[4096];
        while (::read(watch, events, sizeof events) > 0) {
        }
    }
    ::close(watch);
    return reached;
}

struct bench_user {
    std::string name;
    std::string token;
};

struct bench_pair {
    bench_user inviter;
    bench_user joiner;
};

std::vector<bench_pair> read_cached_pairs(const std::filesystem::path& file) {
    std::vector<bench_pair> result;
    const auto doc = json::parse(read_file(file));
    for (const auto& p : doc.at("pairs")) {
        result.push_back({{p.at("inviter").at("user_name"), p.at("inviter").at("session_token")},
                          {p.at("joiner").at("user_name"), p.at("joiner").at("session_token")}});
    }
    return result;
}

std::unique_ptr<client::connection> resumed(const server_process& server,
                                            const std::filesystem::path& data,
                                            const bench_user& user, v1::AuthOk* auth = nullptr) {
    auto conn = connect_to(server, data);
    if (!conn) return nullptr;
    const auto reply = conn->request(resume_frame(user.token));
    EXPECT_TRUE(reply && reply->status() == v1::STATUS_OK) << "resume " << user.name;
    if (!reply || reply->status() != v1::STATUS_OK) return nullptr;
    if (auth) *auth = reply->auth();
    return conn;
}

using message_key = std::pair<std::string, std::string>;  // sender, client message id

// A pair's history is gap-free from seq 1, in order, each (sender, id) once.
// Returns (sender, id) -> seq.
std::map<message_key, std::uint64_t> check_history(const std::vector<v1::Envelope>& history,
                                                   std::uint64_t pair_id) {
    std::map<message_key, std::uint64_t> seq_of;
    std::uint64_t expected = 1;
    for (const auto& m : history) {
        EXPECT_EQ(m.seq(), expected) << "pair " << pair_id << ": history out of order or a gap";
        expected = m.seq() + 1;
        EXPECT_TRUE(seq_of.emplace(message_key{m.sender(), m.client_message_id()}, m.seq()).second)
            << "pair " << pair_id << ": " << m.sender() << " " << m.client_message_id()
            << " stored twice";
    }
    return seq_of;
}

TEST(crash_under_load, every_acknowledged_message_is_stored_once_and_delivered_in_order) {
    temp_dir dir;
    const auto data = dir.path() / "data";
    const auto cache = dir.path() / "bench";
    const auto log = dir.path() / "acked.log";
    std::ofstream(log).close();  // there to be watched before the bench opens it

    std::size_t acked_before_kill = 0;
    {
        server_process server(TOWARD_SERVER_BINARY, server_args(data));
        background_tool bench(TOWARD_BENCH_BINARY,
                              {"throughput",
                               "--server",
                               server.url(),
                               "--ca-file",
                               (data / "tls" / "cert.pem").string(),
                               "--pairs",
                               std::to_string(pairs),
                               "--window",
                               "8",
                               "--payload",
                               "200",
                               "--warmup",
                               "0",
                               "--duration",
                               "120",
                               "--data",
                               cache.string(),
                               "--acked-log",
                               log.string(),
                               "--json"},
                              dir.path() / "bench.out", dir.path() / "bench.err");
        ASSERT_TRUE(wait_for_acks(log, acks_before_kill, bench))
            << "the bench logged " << count_acks(read_file(log)) << " acks; it said:\n"
            << read_file(dir.path() / "bench.err") << read_file(dir.path() / "bench.out");
        const int status = server.kill_and_wait(SIGKILL);
        ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << server.log();

        // The bench notices, stops, writes its log out and says so.
        const auto code = bench.wait(30s);
        ASSERT_TRUE(code) << "the bench did not end after the server died";
        EXPECT_EQ(*code, bench_exit_server_lost) << read_file(dir.path() / "bench.err");
        const auto report = json::parse(read_file(dir.path() / "bench.out"));
        EXPECT_EQ(report.at("connections_lost"), 2 * pairs);
        acked_before_kill = report.at("acked_total").get<std::size_t>();
        EXPECT_GE(acked_before_kill, acks_before_kill);
        // Sends were in flight when the kill landed: each connection keeps 8.
        EXPECT_GT(report.at("unacked_total").get<std::size_t>(), 0u);
    }
    const auto sends = read_log(log);
    std::size_t logged_acks = 0;
    for (const auto& s : sends) logged_acks += s.acked ? 1 : 0;
    EXPECT_EQ(logged_acks, acked_before_kill) << "the log holds every ack the bench counted";

    const auto restart_begin = std::chrono::steady_clock::now();
    server_process server(TOWARD_SERVER_BINARY, server_args(data));
    const auto restart_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - restart_begin);
    std::cout << "crash under load: " << acked_before_kill << " acked before the kill; "
              << "restart to listening " << restart_ms.count() << " ms\n";

    // toward-bench's own check (what deploy/bench.sh crash runs) agrees.
    {
        background_tool verify(
            TOWARD_BENCH_BINARY,
            {"verify", "--server", server.url(), "--ca-file", (data / "tls" / "cert.pem").string(),
             "--data", cache.string(), "--acked-log", log.string(), "--json"},
            dir.path() / "verify.out", dir.path() / "verify.err");
        const auto code = verify.wait(60s);
        ASSERT_TRUE(code);
        EXPECT_EQ(*code, 0) << read_file(dir.path() / "verify.err")
                            << read_file(dir.path() / "verify.out");
        const auto report = json::parse(read_file(dir.path() / "verify.out"));
        EXPECT_EQ(report.at("acked"), acked_before_kill);
        EXPECT_EQ(report.at("acked_found"), acked_before_kill);
        EXPECT_EQ(report.at("lost"), 0);
        EXPECT_EQ(report.at("duplicates"), 0);
        EXPECT_EQ(report.at("catch_up_wrong"), 0);
        std::cout << "verify: " << report.dump() << "\n";
    }

    // Our own check, with the test's client.
    const auto cached = read_cached_pairs(cache / "pairs.json");
    ASSERT_EQ(cached.size(), static_cast<std::size_t>(pairs));
    std::map<std::uint64_t, std::vector<const logged_send*>> by_pair;
    for (const auto& s : sends) by_pair[s.pair_id].push_back(&s);
    std::size_t found = 0;
    for (const auto& pair : cached) {
        v1::AuthOk inviter_auth, joiner_auth;
        auto inviter = resumed(server, data, pair.inviter, &inviter_auth);
        auto joiner = resumed(server, data, pair.joiner, &joiner_auth);
        ASSERT_TRUE(inviter && joiner);
        ASSERT_TRUE(inviter_auth.has_partner());
        const auto pair_id = inviter_auth.partner().pair_id();
        ASSERT_TRUE(by_pair.contains(pair_id)) << "pair " << pair_id << " sent nothing";

        // Stored exactly once, under the seq of its ack, in a gap-free history.
        const auto history = fetch_history(*inviter);
        const auto seq_of = check_history(history, pair_id);
        for (const auto* s : by_pair[pair_id]) {
            if (!s->acked) continue;
            const auto it = seq_of.find({s->sender, s->id});
            ASSERT_NE(it, seq_of.end()) << "acked " << s->sender << " " << s->id << " lost";
            EXPECT_EQ(it->second, s->seq) << s->id;
            ++found;
        }

        // Each partner's catch-up: the other's messages in seq order, once.
        for (auto* side : {&inviter, &joiner}) {
            const auto& auth = side == &inviter ? inviter_auth : joiner_auth;
            std::vector<const v1::Envelope*> want;
            for (const auto& m : history) {
                if (m.sender() != auth.user_name() && m.seq() > auth.delivered_seq())
                    want.push_back(&m);
            }
            for (const auto* m : want) {
                const auto got = next_delivery(**side);
                ASSERT_TRUE(got) << auth.user_name() << ": catch-up stopped before seq "
                                 << m->seq();
                ASSERT_EQ(got->seq(), m->seq()) << auth.user_name() << "'s catch-up";
                ASSERT_EQ(got->client_message_id(), m->client_message_id());
            }
        }

        // The sends the kill left unanswered, resent with their ids as an
        // outbox would: the ones the server had committed come back as
        // duplicates with their seq, the others are stored now; once each.
        std::size_t stored_now = 0;
        for (const auto* s : by_pair[pair_id]) {
            if (s->acked) continue;
            auto& conn = s->sender == pair.inviter.name ? *inviter : *joiner;
            const auto ack = send_message(conn, s->id, "resent after the crash");
            const auto it = seq_of.find({s->sender, s->id});
            if (it != seq_of.end()) {
                EXPECT_TRUE(ack.duplicate()) << s->id << " was committed before the kill";
                EXPECT_EQ(ack.seq(), it->second) << s->id;
            } else {
                EXPECT_FALSE(ack.duplicate()) << s->id;
                ++stored_now;
            }
        }
        const auto after_resend = fetch_history(*joiner);
        EXPECT_EQ(after_resend.size(), history.size() + stored_now);
        check_history(after_resend, pair_id);
    }
    EXPECT_EQ(found, acked_before_kill);
}

}  // namespace
}  // namespace toward::testing
