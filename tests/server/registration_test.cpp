// Who may create an account (registration = open | invite-only | closed),
// and what one account may hold: open invites and a pair's stored bytes.
#include <gtest/gtest.h>

#include <csignal>
#include <regex>

#include "metrics.hpp"
#include "protocol.hpp"
#include "server_process.hpp"
#include "temp_dir.hpp"
#include "test_server.hpp"

namespace toward::testing {
namespace {

v1::ServerFrame register_with(client::connection& conn, const std::string& name,
                              const std::string& code) {
    auto frame = register_frame(name);
    frame.mutable_register_()->set_registration_code(code);
    auto reply = conn.request(frame);
    EXPECT_TRUE(reply);
    return reply ? *reply : v1::ServerFrame{};
}

std::vector<std::string> invite_only_args(const std::filesystem::path& data) {
    // registration is left at its default, invite-only.
    return {"--data",      data.string(),     "--dev-tls", "--listen",
            "127.0.0.1:0", "--scrypt-log2-n", "4"};
}

TEST(registration, the_first_start_logs_a_code_for_two_accounts_and_nobody_registers_without) {
    temp_dir dir;
    const auto data = dir.path() / "data";
    server_process proc(TOWARD_SERVER_BINARY, invite_only_args(data));
    std::smatch found;
    const auto log = proc.log();
    ASSERT_TRUE(std::regex_search(log, found, std::regex("--code ([a-z2-9-]+)"))) << log;
    const std::string code = found[1];

    auto stranger = connect_to(proc, data);
    EXPECT_EQ(register_with(*stranger, "mallory", "").status(),
              v1::STATUS_REGISTRATION_CODE_INVALID);
    EXPECT_EQ(register_with(*stranger, "mallory", "aaaa-bbbb-cccc-dddd").status(),
              v1::STATUS_REGISTRATION_CODE_INVALID);
    // Case and dashes do not matter; the code is good for two accounts.
    auto alice = connect_to(proc, data);
    std::string typed = code;
    typed.erase(std::remove(typed.begin(), typed.end(), '-'), typed.end());
    for (auto& c : typed) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(register_with(*alice, "alice", typed).status(), v1::STATUS_OK);
    auto bob = connect_to(proc, data);
    EXPECT_EQ(register_with(*bob, "bob", code).status(), v1::STATUS_OK);
    auto third = connect_to(proc, data);
    EXPECT_EQ(register_with(*third, "carol", code).status(), v1::STATUS_REGISTRATION_CODE_INVALID);
    // A refused registration stored nothing: the name was never taken.
    auto probe = connect_to(proc, data);
    auto login = probe->request(login_frame("mallory"));
    ASSERT_TRUE(login);
    EXPECT_EQ(login->status(), v1::STATUS_BAD_CREDENTIALS);
}

TEST(registration, the_operator_makes_one_time_codes_while_the_server_runs) {
    temp_dir dir;
    const auto data = dir.path() / "data";
    server_process proc(TOWARD_SERVER_BINARY, invite_only_args(data));
    const auto made = run_tool_output(
        TOWARD_SERVER_BINARY, {"registration-code", "--data", data.string(), "--uses", "1"});
    ASSERT_EQ(made.exit_code, 0);
    const auto code = made.stdout_text.substr(0, made.stdout_text.find('\n'));
    EXPECT_TRUE(std::regex_match(code, std::regex("[a-z2-9]{4}(-[a-z2-9]{4}){3}"))) << code;

    auto dana = connect_to(proc, data);
    EXPECT_EQ(register_with(*dana, "dana", code).status(), v1::STATUS_OK);
    auto eve = connect_to(proc, data);
    EXPECT_EQ(register_with(*eve, "eve", code).status(), v1::STATUS_REGISTRATION_CODE_INVALID);

    // No store there: the operator is told, and nothing is created.
    const auto missing = run_tool_output(
        TOWARD_SERVER_BINARY, {"registration-code", "--data", (dir.path() / "none").string()});
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "none"));
}

TEST(registration, a_hostile_code_costs_no_hash_and_changes_nothing) {
    test_server srv([](server::server_config& config) { config.registration = "invite-only"; });
    auto conn = srv.connect();
    // Longer than any code: refused before any hash, the name stays free.
    auto long_code = register_with(*conn, "mallory", std::string(65, 'a'));
    EXPECT_EQ(long_code.status(), v1::STATUS_INVALID_ARGUMENT);
    // Only dashes and spaces: no code at all.
    EXPECT_EQ(register_with(*conn, "mallory", " - -- ").status(),
              v1::STATUS_REGISTRATION_CODE_INVALID);
    EXPECT_EQ(srv.instance().stats().auth_failures.load(), 0u);  // no hash was spent
    auto probe = srv.connect();
    auto login = probe->request(login_frame("mallory"));
    ASSERT_TRUE(login);
    EXPECT_EQ(login->status(), v1::STATUS_BAD_CREDENTIALS);
}

TEST(registration, a_code_outlives_a_kill_and_a_restart_and_is_used_once) {
    temp_dir dir;
    const auto data = dir.path() / "data";
    std::string code;
    {
        server_process proc(TOWARD_SERVER_BINARY, invite_only_args(data));
        std::smatch found;
        const auto log = proc.log();
        ASSERT_TRUE(std::regex_search(log, found, std::regex("--code ([a-z2-9-]+)"))) << log;
        code = found[1];
        auto alice = connect_to(proc, data);
        EXPECT_EQ(register_with(*alice, "alice", code).status(), v1::STATUS_OK);
        proc.kill_and_wait(SIGKILL);
    }
    server_process restarted(TOWARD_SERVER_BINARY, invite_only_args(data));
    // An account exists: no new first-start code is logged.
    EXPECT_EQ(restarted.log().find("registration is by code"), std::string::npos);
    auto bob = connect_to(restarted, data);
    EXPECT_EQ(register_with(*bob, "bob", code).status(), v1::STATUS_OK);  // its second use
    auto carol = connect_to(restarted, data);
    EXPECT_EQ(register_with(*carol, "carol", code).status(), v1::STATUS_REGISTRATION_CODE_INVALID);
}

TEST(registration, a_closed_server_registers_nobody_and_keeps_its_accounts) {
    test_server srv([](server::server_config& config) { config.registration = "closed"; });
    auto conn = srv.connect();
    auto reply = conn->request(register_frame("frank"));
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status(), v1::STATUS_REGISTRATION_CLOSED);
    EXPECT_EQ(srv.instance().stats().auth_failures.load(), 0u);  // refused before any hash
}

TEST(registration, an_open_server_registers_without_a_code) {
    test_server srv([](server::server_config& config) { config.registration = "open"; });
    auto conn = srv.connect();
    EXPECT_FALSE(register_user(*conn, "grace").empty());
}

TEST(account_quotas, open_invites_per_user_are_capped) {
    test_server srv([](server::server_config& config) { config.limits.open_invites_per_user = 2; });
    auto alice = srv.connect();
    register_user(*alice, "alice");
    for (int i = 0; i < 2; ++i) {
        auto reply = alice->request(create_invite_frame("bundle " + std::to_string(i)));
        ASSERT_TRUE(reply);
        EXPECT_EQ(reply->status(), v1::STATUS_OK) << reply->error();
    }
    auto third = alice->request(create_invite_frame("bundle 3"));
    ASSERT_TRUE(third);
    EXPECT_EQ(third->status(), v1::STATUS_TOO_MANY_INVITES);
    EXPECT_NE(third->error().find("open invites"), std::string::npos) << third->error();
}

TEST(account_quotas, a_pair_cannot_store_more_than_its_quota_and_a_resend_is_still_acknowledged) {
    test_server srv([](server::server_config& config) {
        config.limits.pair_storage_mb = 1;
        config.limits.max_frame_bytes = 512 * 1024;
        config.retention_days = 0;
    });
    auto alice = srv.connect();
    auto bob = srv.connect();
    register_user(*alice, "alice");
    register_user(*bob, "bob");
    pair_users(*alice, *bob);
    const std::string big(300 * 1024, 'c');  // three fit in 1 MiB, a fourth does not
    for (int i = 0; i < 3; ++i) {
        auto reply = alice->request(send_frame("m" + std::to_string(i), big));
        ASSERT_TRUE(reply);
        EXPECT_EQ(reply->status(), v1::STATUS_OK) << reply->error();
    }
    auto over = alice->request(send_frame("m3", big));
    ASSERT_TRUE(over);
    EXPECT_EQ(over->status(), v1::STATUS_QUOTA_EXCEEDED);
    // The same partner writes to the same pair: bob is refused too.
    auto bob_over = bob->request(send_frame("b0", big));
    ASSERT_TRUE(bob_over);
    EXPECT_EQ(bob_over->status(), v1::STATUS_QUOTA_EXCEEDED);
    // A resend of a stored message gets its earlier acknowledgement.
    auto resent = alice->request(send_frame("m1", big));
    ASSERT_TRUE(resent);
    EXPECT_EQ(resent->status(), v1::STATUS_OK);
    EXPECT_EQ(resent->send_ack().seq(), 2u);
    // Small messages still fit, and nothing refused was stored.
    auto small = alice->request(send_frame("m4", "hi"));
    ASSERT_TRUE(small);
    EXPECT_EQ(small->status(), v1::STATUS_OK);
    EXPECT_EQ(small->send_ack().seq(), 4u);
    EXPECT_EQ(fetch_all(*bob).size(), 4u);
}

TEST(account_quotas, the_retention_purge_frees_the_quota_of_delivered_messages) {
    manual_clock time(1'800'000'000'000);
    test_server srv(
        [](server::server_config& config) {
            config.limits.pair_storage_mb = 1;
            config.limits.max_frame_bytes = 512 * 1024;
            config.retention_days = 1;
        },
        time);
    auto alice = srv.connect();
    auto bob = srv.connect();
    register_user(*alice, "alice");
    register_user(*bob, "bob");
    pair_users(*alice, *bob);
    const std::string big(300 * 1024, 'c');
    for (int i = 0; i < 3; ++i) {
        auto reply = alice->request(send_frame("m" + std::to_string(i), big));
        ASSERT_TRUE(reply);
        ASSERT_EQ(reply->status(), v1::STATUS_OK) << reply->error();
    }
    auto full = alice->request(send_frame("m3", big));
    ASSERT_TRUE(full);
    EXPECT_EQ(full->status(), v1::STATUS_QUOTA_EXCEEDED);
    // Bob has them all; two days later the purge empties them.
    auto delivered = bob->request(receipt_frame(v1::RECEIPT_DELIVERED, 3));
    ASSERT_TRUE(delivered);
    ASSERT_EQ(delivered->status(), v1::STATUS_OK) << delivered->error();
    time.advance_ms(2 * 24 * 3600 * 1000LL);
    auto purged = srv.instance().purge_expired_messages();
    ASSERT_TRUE(purged);
    EXPECT_EQ(*purged, 3u);
    auto again = alice->request(send_frame("m3", big));
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status(), v1::STATUS_OK) << again->error();
}

}  // namespace
}  // namespace toward::testing
