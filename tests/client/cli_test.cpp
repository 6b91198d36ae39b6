// The command line itself: failures as one line and a non-zero status, TLS
// verification, the home directory, and settings remembered after login.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include "client_harness.hpp"
#include "home.hpp"

namespace toward::testing {
namespace {

// err holds exactly one line, "toward: ...".
void expect_one_failure_line(const command_result& result) {
    EXPECT_NE(result.exit_code, 0) << result;
    EXPECT_EQ(result.err.rfind("toward: ", 0), 0u) << result;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result;
}

TEST(client_cli, a_wrong_ca_file_fails_with_a_clear_tls_error) {
    test_server srv;
    test_server other;  // its own development CA, which did not sign srv's certificate
    client_home alice(srv, "alice");
    auto result =
        alice.run({"--server", srv.url(), "--ca-file", other.ca_file(), "register", "alice"});
    expect_one_failure_line(result);
    EXPECT_NE(result.err.find("TLS handshake"), std::string::npos) << result;
    EXPECT_NE(result.err.find("certificate verify failed"), std::string::npos) << result;
}

TEST(client_cli, failures_print_one_line_and_exit_non_zero) {
    test_server srv;
    client_home alice(srv, "alice");
    expect_one_failure_line(alice.run({"send", "hello"}));    // not logged in
    expect_one_failure_line(alice.run({"no-such-command"}));  // usage
    EXPECT_EQ(alice.run({"no-such-command"}).exit_code, app::exit_usage);
    expect_one_failure_line(alice.run({"register", "alice"}));  // no server known
    expect_one_failure_line(alice.run({"pair", "not-a-code"}));

    alice.register_user();
    expect_one_failure_line(alice.run({"send", "hello"}));  // not paired
    expect_one_failure_line(alice.run({"send", "--bid=snacks", "hello"}));
    expect_one_failure_line(alice.run({"safety-number"}));
    auto dead = alice.run({"--server", "wss://127.0.0.1:1/v1/ws", "sync"});
    expect_one_failure_line(dead);
    EXPECT_NE(dead.err.find("cannot connect to wss://127.0.0.1:1/v1/ws"), std::string::npos)
        << dead;
}

TEST(client_cli, version_and_no_subcommand_say_what_they_should) {
    test_server srv;
    client_home alice(srv, "alice");
    auto version = alice.run({"--version"});
    EXPECT_EQ(version.exit_code, 0) << version;
    EXPECT_EQ(version.out, "toward 0.1.0\n") << version;
    auto bare = alice.run({});
    EXPECT_EQ(bare.exit_code, app::exit_usage) << bare;
    EXPECT_NE(bare.err.find("Subcommands:"), std::string::npos) << bare;
    EXPECT_EQ(bare.err.find("A subcommand is required"), std::string::npos) << bare;
}

TEST(client_cli, breathe_refuses_zero_minutes_as_it_refuses_31) {
    test_server srv;
    client_home alice(srv, "alice");
    for (const char* minutes : {"0", "31"}) {
        auto result = alice.run({"breathe", "--minutes", minutes});
        EXPECT_EQ(result.exit_code, 1) << minutes << ": " << result;
        EXPECT_EQ(result.err, "toward: a breathing session lasts 1 to 30 minutes\n") << result;
    }
}

TEST(client_cli, the_server_is_remembered_after_register_and_the_session_after_login) {
    test_server srv;
    client_home alice(srv, "alice");
    alice.register_user();
    auto invite = alice.run({"invite"});  // no --server: the remembered one
    ASSERT_TRUE(invite.ok()) << invite;

    ASSERT_TRUE(alice.run({"logout"}).ok());
    expect_one_failure_line(alice.run({"invite"}));
    auto login = alice.run({"login", "alice"});
    ASSERT_TRUE(login.ok()) << login;
    EXPECT_TRUE(alice.run({"invite"}).ok());

    client_home intruder(srv, "mallory");
    intruder.options().password = [](const std::string&) -> app::app_result<std::string> {
        return std::string("a wrong password");
    };
    auto refused = intruder.run_with_server({"login", "alice"});
    expect_one_failure_line(refused);
}

TEST(client_cli, the_home_is_private_to_its_owner) {
    test_server srv;
    client_home alice(srv, "alice");
    alice.register_user();
    struct stat info {};
    ASSERT_EQ(::stat(alice.home().c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0700u);
    ASSERT_EQ(::stat((alice.home() / "toward.db").c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0077, 0u);
}

TEST(home, the_option_wins_then_toward_home_then_xdg_then_home) {
    std::map<std::string, std::string> vars;
    app::env_reader env = [&](const char* name) -> std::optional<std::string> {
        auto found = vars.find(name);
        if (found == vars.end()) return std::nullopt;
        return found->second;
    };
    EXPECT_FALSE(app::resolve_home(std::nullopt, env));
    vars["HOME"] = "/home/u";
    EXPECT_EQ(*app::resolve_home(std::nullopt, env), "/home/u/.local/share/toward");
    vars["XDG_DATA_HOME"] = "/xdg";
    EXPECT_EQ(*app::resolve_home(std::nullopt, env), "/xdg/toward");
    vars["TOWARD_HOME"] = "/th";
    EXPECT_EQ(*app::resolve_home(std::nullopt, env), "/th");
    EXPECT_EQ(*app::resolve_home(std::string("/opt"), env), "/opt");
}

}  // namespace
}  // namespace toward::testing
