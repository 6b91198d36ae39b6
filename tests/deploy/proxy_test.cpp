// The proxy examples for real: nginx and Caddy, each run with a config made
// from deploy/nginx/toward.conf and deploy/Caddyfile (a development
// certificate instead of Let's Encrypt, free loopback ports instead of 443 and
// 8080), in front of a real `toward-server --behind-proxy`. Two partners
// register, pair and exchange messages through each over TLS.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "net/tls.hpp"
#include "protocol.hpp"
#include "server_process.hpp"
#include "temp_dir.hpp"

extern char** environ;

namespace toward::testing {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

void write_file(const fs::path& path, const std::string& text) {
    std::ofstream(path) << text;
}

// Replaces every `from` in `text`; fails the test when there is none, so a
// change to the deploy file that this derivation no longer fits is noticed.
void replace_all(std::string& text, const std::string& from, const std::string& to) {
    std::size_t count = 0;
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
        ++count;
    }
    EXPECT_GT(count, 0u) << "'" << from << "' is no longer in the deploy file";
}

void remove_lines_containing(std::string& text, const std::string& needle) {
    std::istringstream in(text);
    std::string kept, line;
    while (std::getline(in, line)) {
        if (line.find(needle) == std::string::npos) kept += line + "\n";
    }
    text = kept;
}

// A port that was free a moment ago, chosen by the OS.
unsigned short free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), size);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
    ::close(fd);
    return ntohs(address.sin_port);
}

bool accepts_connections(unsigned short port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return ok;
}

std::string find_program(const std::string& name) {
    std::string path = std::getenv("PATH") ? std::getenv("PATH") : "";
    path += ":/usr/sbin:/usr/local/sbin:/sbin";
    std::istringstream dirs(path);
    for (std::string dir; std::getline(dirs, dir, ':');) {
        const auto candidate = fs::path(dir) / name;
        if (!dir.empty() && ::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    }
    return {};
}

// A proxy as a child process in the foreground, its output in a log file,
// stopped with SIGTERM when the test is done.
class proxy_process {
  public:
    proxy_process(std::vector<std::string> args, std::vector<std::string> environment,
                  const fs::path& log)
        : log_(log) {
        std::vector<char*> argv;
        for (auto& arg : args) argv.push_back(arg.data());
        argv.push_back(nullptr);
        // The caller's variables replace the inherited ones of the same name.
        const auto overrides = environment;
        for (char** variable = environ; *variable; ++variable) {
            const std::string inherited = *variable;
            const auto name = inherited.substr(0, inherited.find('=') + 1);
            bool replaced = false;
            for (const auto& own : overrides) replaced = replaced || own.starts_with(name);
            if (!replaced) environment.push_back(inherited);
        }
        std::vector<char*> envp;
        for (auto& variable : environment) envp.push_back(variable.data());
        envp.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                         O_WRONLY | O_CREAT | O_TRUNC, 0600);
        posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
        if (::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), envp.data()) != 0)
            pid_ = -1;
        posix_spawn_file_actions_destroy(&actions);
    }
    ~proxy_process() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGTERM);
        ::waitpid(pid_, nullptr, 0);
    }
    proxy_process(const proxy_process&) = delete;
    proxy_process& operator=(const proxy_process&) = delete;

    // Waits until `port` accepts connections; false when the process exited
    // or it takes longer than `limit`.
    bool wait_until_listening(unsigned short port, std::chrono::seconds limit) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < deadline) {
            if (pid_ <= 0 || ::waitpid(pid_, nullptr, WNOHANG) == pid_) return false;
            if (accepts_connections(port)) return true;
            std::this_thread::sleep_for(
                std::chrono::milliseconds(20));  // poll, not a wait-and-hope
        }
        return false;
    }
    std::string log() const { return read_file(log_); }

  private:
    pid_t pid_ = -1;
    fs::path log_;
};

// Two partners through `url`: register, pair, a message each way.
void exchange_through(const std::string& url, const std::string& ca, const std::string& tag) {
    std::string error;
    auto alice = client::connection::open({url, ca}, error);
    ASSERT_TRUE(alice) << url << ": " << error;
    auto bob = client::connection::open({url, ca}, error);
    ASSERT_TRUE(bob) << url << ": " << error;
    register_user(*alice, "alice-" + tag);
    register_user(*bob, "bob-" + tag);
    pair_users(*alice, *bob);

    const auto sent = send_message(*alice, "a1", "from alice through " + tag);
    auto delivered = next_delivery(*bob);
    ASSERT_TRUE(delivered);
    EXPECT_EQ(delivered->seq(), sent.seq());
    EXPECT_EQ(delivered->ciphertext(), "from alice through " + tag);

    const auto answer = send_message(*bob, "b1", "from bob through " + tag);
    auto back = next_delivery(*alice);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->seq(), answer.seq());
    EXPECT_EQ(back->ciphertext(), "from bob through " + tag);
    alice->close();
    bob->close();
}

class proxy_test : public ::testing::Test {
  protected:
    void SetUp() override {
        cert_ = dir_.path() / "tls" / "cert.pem";
        key_ = dir_.path() / "tls" / "key.pem";
        server::ensure_dev_certificate(cert_, key_);
        backend_ = std::make_unique<server_process>(
            TOWARD_SERVER_BINARY,
            std::vector<std::string>{"--behind-proxy", "--listen", "127.0.0.1:0", "--data",
                                     (dir_.path() / "data").string(), "--scrypt-log2-n", "4",
                                     "--registration", "open"});
        const auto& url = backend_->url();  // ws://127.0.0.1:PORT/v1/ws
        const auto colon = url.rfind(':');
        backend_address_ = url.substr(std::string("ws://").size(),
                                      url.find('/', colon) - std::string("ws://").size());
    }

    temp_dir dir_;
    fs::path cert_;
    fs::path key_;
    std::unique_ptr<server_process> backend_;
    std::string backend_address_;  // 127.0.0.1:PORT
};

TEST_F(proxy_test, two_partners_exchange_messages_through_nginx) {
    const auto nginx = find_program("nginx");
    if (nginx.empty()) GTEST_SKIP() << "nginx is not installed (deploy/install-deps.sh adds it)";
    const auto prefix = dir_.path() / "nginx";
    fs::create_directories(prefix / "tmp");
    const auto port = free_port();
    const auto http_port = free_port();

    auto site = read_file(TOWARD_SOURCE_DIR "/deploy/nginx/toward.conf");
    replace_all(site, "/etc/letsencrypt/live/chat.example.org/fullchain.pem", cert_.string());
    replace_all(site, "/etc/letsencrypt/live/chat.example.org/privkey.pem", key_.string());
    replace_all(site, "chat.example.org", "localhost");
    replace_all(site, "listen 443 ssl;", "listen 127.0.0.1:" + std::to_string(port) + " ssl;");
    replace_all(site, "listen 80;", "listen 127.0.0.1:" + std::to_string(http_port) + ";");
    replace_all(site, "127.0.0.1:8080", backend_address_);
    remove_lines_containing(site, "listen [::]");
    write_file(prefix / "toward.conf", site);

    const auto p = prefix.string();
    std::string main_config = "daemon off;\nworker_processes 1;\npid " + p + "/nginx.pid;\n";
    // As root, workers would run as `nobody`, which cannot enter this test's
    // private temporary directory.
    if (::geteuid() == 0) main_config += "user root;\n";
    main_config += "error_log " + p + "/error.log info;\nevents { worker_connections 64; }\n" +
                   "http {\n  access_log off;\n" + "  client_body_temp_path " + p +
                   "/tmp/body;\n  proxy_temp_path " + p + "/tmp/proxy;\n  fastcgi_temp_path " + p +
                   "/tmp/fastcgi;\n  uwsgi_temp_path " + p + "/tmp/uwsgi;\n  scgi_temp_path " + p +
                   "/tmp/scgi;\n  include " + p + "/toward.conf;\n}\n";
    write_file(prefix / "nginx.conf", main_config);

    proxy_process proxy({nginx, "-p", p, "-e", p + "/error.log", "-c", p + "/nginx.conf"}, {},
                        prefix / "output.log");
    ASSERT_TRUE(proxy.wait_until_listening(port, std::chrono::seconds(20)))
        << proxy.log() << read_file(prefix / "error.log");
    exchange_through("wss://localhost:" + std::to_string(port) + "/v1/ws", cert_.string(), "nginx");
}

TEST_F(proxy_test, two_partners_exchange_messages_through_caddy) {
    const auto caddy = find_program("caddy");
    if (caddy.empty()) GTEST_SKIP() << "caddy is not installed (deploy/install-deps.sh adds it)";
    const auto home = dir_.path() / "caddy";
    fs::create_directories(home);
    const auto port = free_port();
    const auto http_port = free_port();

    auto site = read_file(TOWARD_SOURCE_DIR "/deploy/Caddyfile");
    replace_all(site, "chat.example.org {",
                "https://localhost:" + std::to_string(port) + " {\n\tbind 127.0.0.1\n\ttls " +
                    cert_.string() + " " + key_.string());
    replace_all(site, "127.0.0.1:8080", backend_address_);
    // No admin endpoint, no ACME, no redirect listener on port 80.
    const std::string global = "{\n\tadmin off\n\tauto_https disable_redirects\n\thttp_port " +
                               std::to_string(http_port) + "\n\thttps_port " +
                               std::to_string(port) + "\n}\n";
    write_file(home / "Caddyfile", global + site);

    const auto h = home.string();
    proxy_process proxy(
        {caddy, "run", "--config", h + "/Caddyfile", "--adapter", "caddyfile"},
        {"HOME=" + h, "XDG_DATA_HOME=" + h + "/data", "XDG_CONFIG_HOME=" + h + "/config"},
        home / "output.log");
    ASSERT_TRUE(proxy.wait_until_listening(port, std::chrono::seconds(20))) << proxy.log();
    exchange_through("wss://localhost:" + std::to_string(port) + "/v1/ws", cert_.string(), "caddy");
}

}  // namespace
}  // namespace toward::testing
