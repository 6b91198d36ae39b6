// The command line beyond serving: `backup` and `restore`, where their data
// directory comes from, and the retention setting.
#include <gtest/gtest.h>

#include <fstream>

#include "config.hpp"
#include "temp_dir.hpp"

namespace toward::server {
namespace {

bool parse(std::vector<std::string> args, server_command& command) {
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    int exit_code = 0;
    return parse_command_line(static_cast<int>(argv.size()), argv.data(), command, exit_code);
}

TEST(command_line, no_subcommand_serves_with_the_usual_flags) {
    server_command command;
    ASSERT_TRUE(
        parse({"toward-server", "--listen", "127.0.0.1:9000", "--retention-days", "7"}, command));
    const auto* config = std::get_if<server_config>(&command);
    ASSERT_TRUE(config);
    EXPECT_EQ(config->listen, "127.0.0.1:9000");
    EXPECT_EQ(config->retention_days, 7);
}

TEST(command_line, retention_defaults_to_thirty_days_and_is_set_in_the_store_table) {
    server_config config;
    EXPECT_EQ(config.retention_days, 30);
    apply_toml("[store]\nretention_days = 0\n", "t.toml", config);
    EXPECT_EQ(config.retention_days, 0);
    config.retention_days = -1;
    EXPECT_THROW(validate(config), config_error);
}

TEST(command_line, backup_takes_its_data_directory_from_the_flag_or_the_config_file) {
    testing::temp_dir dir;
    const auto file = dir.path() / "server.toml";
    std::ofstream(file) << "data = \"/var/lib/toward\"\nlisten = \"0.0.0.0:8443\"\n";

    server_command command;
    ASSERT_TRUE(parse({"toward-server", "backup", "--data", "/srv/d", "--to", "/tmp/b"}, command));
    auto* backup = std::get_if<backup_command>(&command);
    ASSERT_TRUE(backup);
    EXPECT_EQ(backup->data_dir, "/srv/d");
    EXPECT_EQ(backup->target, "/tmp/b");

    // The server's own file names the data directory; its other settings
    // (a public address without TLS here) do not matter to a backup.
    ASSERT_TRUE(
        parse({"toward-server", "backup", "--config", file.string(), "--to", "/tmp/b"}, command));
    EXPECT_EQ(std::get<backup_command>(command).data_dir, "/var/lib/toward");
    ASSERT_TRUE(
        parse({"toward-server", "--config", file.string(), "backup", "--to", "/tmp/b"}, command));
    EXPECT_EQ(std::get<backup_command>(command).data_dir, "/var/lib/toward");
}

TEST(command_line, restore_needs_an_existing_file_and_takes_force) {
    testing::temp_dir dir;
    const auto file = dir.path() / "b.db";
    std::ofstream(file) << "x";
    server_command command;
    ASSERT_TRUE(
        parse({"toward-server", "restore", "--from", file.string(), "--data", "/srv/d", "--force"},
              command));
    const auto* restore = std::get_if<restore_command>(&command);
    ASSERT_TRUE(restore);
    EXPECT_EQ(restore->source, file.string());
    EXPECT_EQ(restore->data_dir, "/srv/d");
    EXPECT_TRUE(restore->force);

    EXPECT_FALSE(
        parse({"toward-server", "restore", "--from", (dir.path() / "missing").string()}, command));
    EXPECT_FALSE(parse({"toward-server", "backup"}, command));  // --to is required
}

TEST(command_line, the_example_config_is_accepted_with_every_setting_uncommented) {
    std::ifstream in(TOWARD_SOURCE_DIR "/deploy/server.toml.example");
    ASSERT_TRUE(in);
    std::string text, line;
    int settings = 0;
    while (std::getline(in, line)) {
        // "# key = value" is a setting shown with its default.
        const auto equals = line.find(" = ");
        if (line.rfind("# ", 0) == 0 && equals != std::string::npos &&
            line.find_first_not_of("abcdefghijklmnopqrstuvwxyz_", 2) == equals) {
            line = line.substr(2);
        }
        if (line.find(" = ") != std::string::npos && line[0] != '#') ++settings;
        text += line + "\n";
    }
    server_config config;
    ASSERT_NO_THROW(apply_toml(text, "server.toml.example", config));
    EXPECT_EQ(settings, 33);  // all of them: deploy/check-deploy.sh compares the names with README
    EXPECT_EQ(config.data_dir, "/var/lib/toward");
    EXPECT_TRUE(config.behind_proxy);
    EXPECT_EQ(config.retention_days, 30);
}

TEST(command_line, the_serving_parser_refuses_a_subcommand) {
    server_config config;
    std::vector<std::string> args = {"toward-server", "backup", "--to", "/tmp/b"};
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    int exit_code = 0;
    EXPECT_THROW(parse_server_config(static_cast<int>(argv.size()), argv.data(), config, exit_code),
                 config_error);
}

}  // namespace
}  // namespace toward::server
