// The real toward-server process, killed with SIGKILL right after acking:
// every acknowledged message is there after a restart. Also SIGTERM exits 0.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <map>

#include "protocol.hpp"
#include "server_process.hpp"
#include "temp_dir.hpp"

namespace toward::testing {
namespace {

std::vector<std::string> server_args(const std::filesystem::path& data) {
    return {"--data",      data.string(),     "--dev-tls", "--listen",
            "127.0.0.1:0", "--scrypt-log2-n", "4",         "--messages-per-second",
            "100000",      "--message-burst", "100000",    "--log-level",
            "info",        "--registration",  "open"};
}

TEST(durability, every_acknowledged_message_survives_sigkill_and_restart) {
    temp_dir dir;
    const auto data = dir.path() / "data";
    std::map<std::uint64_t, std::string> acknowledged;  // seq -> ciphertext
    std::string bob_token;
    {
        server_process proc(TOWARD_SERVER_BINARY, server_args(data));
        auto alice = connect_to(proc, data);
        auto bob = connect_to(proc, data);
        register_user(*alice, "alice");
        bob_token = register_user(*bob, "bob");
        pair_users(*alice, *bob);

        // Pipeline many sends so that commits are in flight when the kill lands.
        constexpr int count = 300;
        for (int i = 0; i < count; ++i) {
            auto frame = send_frame("m" + std::to_string(i), "ciphertext " + std::to_string(i));
            frame.set_request_id(static_cast<std::uint64_t>(1000 + i));
            ASSERT_TRUE(alice->send(frame));
        }
        while (acknowledged.size() < 200) {
            auto ack = alice->wait_for([](const v1::ServerFrame& f) { return f.has_send_ack(); });
            ASSERT_TRUE(ack);
            const auto id = ack->send_ack().client_message_id();
            acknowledged[ack->send_ack().seq()] = "ciphertext " + id.substr(1);
        }
        const int status = proc.kill_and_wait(SIGKILL);
        EXPECT_TRUE(WIFSIGNALED(status));
    }
    server_process restarted(TOWARD_SERVER_BINARY, server_args(data));
    auto bob = connect_to(restarted, data);
    ASSERT_EQ(bob->request(resume_frame(bob_token))->status(), v1::STATUS_OK);
    const auto stored = fetch_all(*bob);
    for (const auto& [seq, ciphertext] : acknowledged) {
        auto it = stored.find(seq);
        ASSERT_NE(it, stored.end()) << "acknowledged seq " << seq << " lost";
        EXPECT_EQ(it->second, ciphertext);
    }
    // Seqs are dense from 1: nothing stored twice, nothing skipped.
    std::uint64_t expected = 1;
    for (const auto& entry : stored) EXPECT_EQ(entry.first, expected++);
}

// The names of the files `pid` holds open that were unlinked under it.
std::vector<std::string> deleted_open_files(pid_t pid) {
    std::vector<std::string> deleted;
    const auto fds = std::filesystem::path("/proc") / std::to_string(pid) / "fd";
    for (const auto& entry : std::filesystem::directory_iterator(fds)) {
        std::error_code ec;
        const auto target = std::filesystem::read_symlink(entry.path(), ec).string();
        if (target.find("(deleted)") != std::string::npos) deleted.push_back(target);
    }
    return deleted;
}

// The daily backup timer runs `toward-server backup` beside a live server: it
// must leave the server's WAL in place, so what is acknowledged afterwards
// still survives a kill -9 (issue 13.1: POSIX locks dropped by a stray close).
TEST(durability, messages_acknowledged_after_a_live_backup_survive_sigkill) {
    temp_dir dir;
    const auto data = dir.path() / "data";
    std::map<std::uint64_t, std::string> acknowledged;
    std::string bob_token;
    {
        server_process proc(TOWARD_SERVER_BINARY, server_args(data));
        auto alice = connect_to(proc, data);
        auto bob = connect_to(proc, data);
        register_user(*alice, "alice");
        bob_token = register_user(*bob, "bob");
        pair_users(*alice, *bob);
        auto send = [&](int i) {
            const auto id = "m" + std::to_string(i);
            auto ack = alice->request(send_frame(id, "ciphertext " + id));
            ASSERT_TRUE(ack && ack->status() == v1::STATUS_OK);
            acknowledged[ack->send_ack().seq()] = "ciphertext " + id;
        };
        for (int i = 0; i < 3; ++i) send(i);
        ASSERT_EQ(run_tool(TOWARD_SERVER_BINARY, {"backup", "--data", data.string(), "--to",
                                                  (dir.path() / "daily.backup").string()}),
                  0);
        EXPECT_EQ(deleted_open_files(proc.pid()), std::vector<std::string>{});
        for (int i = 3; i < 8; ++i) send(i);
        const int status = proc.kill_and_wait(SIGKILL);
        EXPECT_TRUE(WIFSIGNALED(status));
    }
    server_process restarted(TOWARD_SERVER_BINARY, server_args(data));
    auto bob = connect_to(restarted, data);
    ASSERT_EQ(bob->request(resume_frame(bob_token))->status(), v1::STATUS_OK);
    EXPECT_EQ(fetch_all(*bob), acknowledged);
}

// `restore --force` must not replace the store under a running server, in
// another process, even after a backup ran beside it.
TEST(durability, restore_is_refused_while_a_server_process_holds_the_store) {
    temp_dir dir;
    const auto data = dir.path() / "data";
    const auto backup = dir.path() / "toward.backup";
    server_process proc(TOWARD_SERVER_BINARY, server_args(data));
    auto alice = connect_to(proc, data);
    register_user(*alice, "alice");
    ASSERT_EQ(run_tool(TOWARD_SERVER_BINARY,
                       {"backup", "--data", data.string(), "--to", backup.string()}),
              0);
    auto bob = connect_to(proc, data);
    register_user(*bob, "bob");  // only in the live store, not in the backup
    EXPECT_EQ(run_tool(TOWARD_SERVER_BINARY,
                       {"restore", "--from", backup.string(), "--data", data.string(), "--force"}),
              1);
    EXPECT_EQ(deleted_open_files(proc.pid()), std::vector<std::string>{});
    auto again = connect_to(proc, data);
    auto login = again->request(login_frame("bob"));
    ASSERT_TRUE(login);
    EXPECT_EQ(login->status(), v1::STATUS_OK) << login->error();
}

TEST(durability, sigterm_finishes_and_exits_zero) {
    temp_dir dir;
    const auto data = dir.path() / "data";
    server_process proc(TOWARD_SERVER_BINARY, server_args(data));
    auto alice = connect_to(proc, data);
    register_user(*alice, "alice");
    const int status = proc.kill_and_wait(SIGTERM);
    ASSERT_TRUE(WIFEXITED(status)) << proc.log();
    EXPECT_EQ(WEXITSTATUS(status), 0) << proc.log();
}

}  // namespace
}  // namespace toward::testing
