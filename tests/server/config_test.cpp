// Configuration: TOML file, flags over the file, and refusals of unsafe setups.
#include <gtest/gtest.h>

#include <fstream>
#include <limits>

#include "config.hpp"
#include "server.hpp"
#include "temp_dir.hpp"
#include "test_server.hpp"

namespace toward::server {
namespace {

bool parse(std::vector<std::string> args, server_config& config) {
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    int exit_code = 0;
    return parse_server_config(static_cast<int>(argv.size()), argv.data(), config, exit_code);
}

TEST(config, defaults_listen_on_loopback_with_the_owasp_scrypt_cost) {
    server_config config;
    EXPECT_EQ(config.listen, "127.0.0.1:8443");
    EXPECT_EQ(config.auth.scrypt_log2_n, 17);
    EXPECT_EQ(config.limits.max_frame_bytes, 65536);
    EXPECT_EQ(config.limits.auth_timeout_s, 10);
    EXPECT_EQ(config.synchronous, "full");
    EXPECT_NO_THROW(validate(config));
}

TEST(config, toml_sets_nested_settings) {
    server_config config;
    apply_toml(R"(
        listen = "127.0.0.1:9000"
        [limits]
        max_frame_bytes = 2048
        [store]
        synchronous = "normal"
        [tls]
        dev = true
    )",
               "test.toml", config);
    EXPECT_EQ(config.listen, "127.0.0.1:9000");
    EXPECT_EQ(config.limits.max_frame_bytes, 2048);
    EXPECT_EQ(config.synchronous, "normal");
    EXPECT_TRUE(config.dev_tls);
}

TEST(config, an_unknown_key_or_a_wrong_type_is_an_error_naming_it) {
    server_config config;
    try {
        apply_toml("[limits]\nmax_frame_byte = 1\n", "t.toml", config);
        FAIL() << "unknown key accepted";
    } catch (const config_error& e) {
        EXPECT_NE(std::string(e.what()).find("limits.max_frame_byte"), std::string::npos);
    }
    EXPECT_THROW(apply_toml("listen = 5\n", "t.toml", config), config_error);
    EXPECT_THROW(apply_toml("listen = \n", "t.toml", config), config_error);
}

TEST(config, metrics_listen_only_on_loopback) {
    server_config config;
    EXPECT_TRUE(config.metrics_listen.empty());  // no metrics listener unless asked
    config.metrics_listen = "127.0.0.1:9464";
    EXPECT_NO_THROW(validate(config));
    config.metrics_listen = "[::1]:9464";
    EXPECT_NO_THROW(validate(config));
    for (const char* bad : {"0.0.0.0:9464", "203.0.113.5:9464", "9464", "metrics:9464"}) {
        config.metrics_listen = bad;
        try {
            validate(config);
            FAIL() << "accepted " << bad;
        } catch (const config_error& e) {
            EXPECT_NE(std::string(e.what()).find("metrics.listen"), std::string::npos) << e.what();
        }
    }
}

TEST(config, a_busy_port_is_one_plain_line) {
    toward::testing::test_server first;
    toward::testing::temp_dir dir;
    auto config = toward::testing::test_config(dir.path() / "data");
    config.listen = "127.0.0.1:" + std::to_string(first.instance().port());
    try {
        toward::server::server second(config);
        FAIL() << "two servers on one port";
    } catch (const std::exception& e) {
        const std::string what = e.what();
        EXPECT_EQ(what.rfind("cannot listen on 127.0.0.1:", 0), 0u) << what;
        EXPECT_NE(what.find("in use"), std::string::npos) << what;
        EXPECT_EQ(what.find(".hpp"), std::string::npos) << what;
    }
}

TEST(config, a_float_where_a_whole_number_belongs_is_the_wrong_type) {
    server_config config;
    const auto before = config.limits.max_frame_bytes;
    for (const char* text :
         {"[limits]\nmax_frame_bytes = 9.3e19\n", "[limits]\nmax_frame_bytes = 2048.0\n",
          "[limits]\nmax_frame_bytes = nan\n"}) {
        try {
            apply_toml(text, "t.toml", config);
            FAIL() << "accepted " << text;
        } catch (const config_error& e) {
            EXPECT_NE(std::string(e.what()).find("wrong type"), std::string::npos) << e.what();
        }
        EXPECT_EQ(config.limits.max_frame_bytes, before);
    }
}

TEST(config, a_flag_wins_over_the_file) {
    testing::temp_dir dir;
    const auto file = dir.path() / "server.toml";
    std::ofstream(file) << "listen = \"127.0.0.1:9000\"\n[limits]\nmessages_per_second = 5\n";
    server_config config;
    ASSERT_TRUE(parse({"toward-server", "--config", file.string(), "--messages-per-second", "7",
                       "--dev-tls", "--data", "/tmp/x"},
                      config));
    EXPECT_EQ(config.listen, "127.0.0.1:9000");
    EXPECT_EQ(config.limits.messages_per_second, 7);
    EXPECT_TRUE(config.dev_tls);
    EXPECT_EQ(config.data_dir, "/tmp/x");
}

TEST(config, the_help_resources_file_comes_from_the_file_or_its_flag) {
    server_config from_file;
    apply_toml("[help]\nresources_file = \"/srv/help.txt\"\n", "t.toml", from_file);
    EXPECT_EQ(from_file.help_resources_file, "/srv/help.txt");
    server_config from_flag;
    ASSERT_TRUE(
        parse({"toward-server", "--help-resources-file", "/etc/toward/help.txt"}, from_flag));
    EXPECT_EQ(from_flag.help_resources_file, "/etc/toward/help.txt");
    EXPECT_TRUE(server_config{}.help_resources_file.empty());
}

TEST(config, plain_websocket_on_a_public_address_is_refused_unless_behind_a_proxy) {
    server_config config;
    config.listen = "0.0.0.0:8080";
    EXPECT_THROW(validate(config), config_error);
    config.behind_proxy = true;
    EXPECT_NO_THROW(validate(config));
    config.behind_proxy = false;
    config.dev_tls = true;
    EXPECT_NO_THROW(validate(config));
    config.dev_tls = false;
    config.listen = "[::1]:8080";
    EXPECT_NO_THROW(validate(config));  // loopback
}

TEST(config, nonsense_values_are_refused) {
    server_config config;
    config.limits.max_frame_bytes = 0;
    EXPECT_THROW(validate(config), config_error);
    config = {};
    config.synchronous = "sometimes";
    EXPECT_THROW(validate(config), config_error);
    config = {};
    config.tls_cert = "cert.pem";  // without a key
    EXPECT_THROW(validate(config), config_error);
    server_config parsed;
    EXPECT_THROW(parse({"toward-server", "--max-frame-bytes", "12abc"}, parsed), config_error);
}

// Found by tests/fuzz/server_config: 2 * max_frame_bytes overflowed (UB), and
// huge timeouts or invite lifetimes overflowed where the server converts them.
TEST(config, values_the_server_cannot_compute_with_are_refused) {
    server_config config;
    config.limits.max_frame_bytes = std::numeric_limits<std::int64_t>::max();
    config.limits.write_queue_bytes = std::numeric_limits<std::int64_t>::max();
    EXPECT_THROW(validate(config), config_error);
    config = {};
    config.limits.auth_timeout_s = 86400 + 1;
    EXPECT_THROW(validate(config), config_error);
    config = {};
    config.limits.idle_timeout_s = std::numeric_limits<std::int64_t>::max();
    EXPECT_THROW(validate(config), config_error);
    config = {};
    config.invite_ttl_hours = 365 * 24 + 1;
    EXPECT_THROW(validate(config), config_error);
    config.invite_ttl_hours = 365 * 24;
    config.limits.auth_timeout_s = 86400;
    config.limits.idle_timeout_s = 86400;
    EXPECT_NO_THROW(validate(config));
}

}  // namespace
}  // namespace toward::server
