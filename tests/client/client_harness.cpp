#include "client_harness.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>
#include <iterator>
#include <sstream>

#include "protocol.hpp"

namespace toward::testing {

nlohmann::json command_result::json() const {
    try {
        return nlohmann::json::parse(out);
    } catch (const std::exception& e) {
        ADD_FAILURE() << "not JSON (" << e.what() << "): " << out;
        return nullptr;
    }
}

std::ostream& operator<<(std::ostream& os, const command_result& result) {
    return os << "exit " << result.exit_code << "\n--- out:\n"
              << result.out << "--- err:\n"
              << result.err;
}

bool watched_output::wait_for(const std::string& text, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return text_.find(text) != std::string::npos; });
}

std::string watched_output::text() const {
    std::lock_guard lock(mutex_);
    return text_;
}

watched_output::int_type watched_output::overflow(int_type c) {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    const char ch = traits_type::to_char_type(c);
    xsputn(&ch, 1);
    return c;
}

std::streamsize watched_output::xsputn(const char* s, std::streamsize n) {
    {
        std::lock_guard lock(mutex_);
        text_.append(s, static_cast<std::size_t>(n));
    }
    changed_.notify_all();
    return n;
}

client_home::client_home(const test_server& srv, std::string user_name)
    : srv_(&srv), name_(std::move(user_name)) {
    options_.env = [](const char*) -> std::optional<std::string> { return std::nullopt; };
    options_.password = [](const std::string&) -> app::app_result<std::string> {
        return std::string(test_password);
    };
}

command_result client_home::run(std::vector<std::string> args) {
    args.insert(args.begin(), {"--home", dir_.path().string()});
    std::ostringstream out;
    std::ostringstream err;
    command_result result;
    result.exit_code = app::run_command(args, out, err, options_);
    result.out = out.str();
    result.err = err.str();
    return result;
}

command_result client_home::run_watched(std::vector<std::string> args, watched_output& out) {
    args.insert(args.begin(), {"--home", dir_.path().string()});
    std::ostringstream err;
    command_result result;
    result.exit_code = app::run_command(args, out.stream(), err, options_);
    result.out = out.text();
    result.err = err.str();
    return result;
}

live_session client_home::connect_session() {
    live_session live;
    app::global_options globals;
    globals.home = dir_.path().string();
    auto context = app::command_context::open(globals, session_out_, session_out_, options_);
    EXPECT_TRUE(context) << (context ? "" : context.error().message);
    if (!context) return live;
    live.context = std::move(*context);
    auto client = live.context->connect_and_resume();
    EXPECT_TRUE(client) << (client ? "" : client.error().message);
    if (client) live.client = std::move(*client);
    return live;
}

command_result client_home::run_with_server(std::vector<std::string> args) {
    args.insert(args.begin(), {"--server", srv_->url(), "--ca-file", srv_->ca_file()});
    return run(std::move(args));
}

command_result client_home::run_with_input(std::vector<std::string> args,
                                           const std::string& typed) {
    int fds[2];
    if (::pipe(fds) != 0) {
        ADD_FAILURE() << "no pipe";
        return {};
    }
    // Small enough for the pipe's buffer: written whole before the command runs.
    EXPECT_EQ(::write(fds[1], typed.data(), typed.size()), static_cast<ssize_t>(typed.size()));
    ::close(fds[1]);
    const int before = options_.input_fd;
    options_.input_fd = fds[0];
    auto result = run(std::move(args));
    options_.input_fd = before;
    ::close(fds[0]);
    return result;
}

void client_home::register_user() {
    auto result = run_with_server({"register", name_});
    ASSERT_TRUE(result.ok()) << result;
}

std::string client_home::invite() {
    auto result = run({"invite", "--json"});
    EXPECT_TRUE(result.ok()) << result;
    if (!result.ok()) return {};
    return result.json().value("invite_code", "");
}

void pair_clients(client_home& a, client_home& b) {
    a.register_user();
    b.register_user();
    const auto code = a.invite();
    ASSERT_FALSE(code.empty());
    auto paired = b.run({"pair", code});
    ASSERT_TRUE(paired.ok()) << paired;
    auto synced = a.run({"sync"});
    ASSERT_TRUE(synced.ok()) << synced;
    EXPECT_NE(synced.err.find("paired with " + b.name()), std::string::npos) << synced;
}

void enable_bid_tracking(const test_server& srv, const client_home& a, const client_home& b) {
    auto first = srv.connect();
    auto second = srv.connect();
    auto logged_a = first->request(login_frame(a.name()));
    auto logged_b = second->request(login_frame(b.name()));
    ASSERT_TRUE(logged_a && logged_a->status() == v1::STATUS_OK);
    ASSERT_TRUE(logged_b && logged_b->status() == v1::STATUS_OK);
    enable_tracking(*first, *second);
}

void expect_not_on_server_disk(const test_server& srv, const std::vector<std::string>& secrets) {
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(srv.data_dir())) {
        if (!entry.is_regular_file()) continue;
        ++files;
        std::ifstream in(entry.path(), std::ios::binary);
        const std::string bytes{std::istreambuf_iterator<char>(in), {}};
        for (const auto& secret : secrets) {
            EXPECT_EQ(bytes.find(secret), std::string::npos) << secret << " in " << entry.path();
        }
    }
    EXPECT_GE(files, 1u);
    EXPECT_TRUE(std::filesystem::exists(srv.data_dir() / "data" / "toward.db"));
}

std::vector<std::string> texts_of(const nlohmann::json& messages) {
    std::vector<std::string> texts;
    for (const auto& message : messages) texts.push_back(message.value("text", ""));
    return texts;
}

}  // namespace toward::testing
