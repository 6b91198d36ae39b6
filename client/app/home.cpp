#include "home.hpp"

#include <cstdlib>
#include <system_error>

namespace toward::app {

std::optional<std::string> process_env(const char* name) {
    const char* value = std::getenv(name);
    if (!value || !*value) return std::nullopt;
    return std::string(value);
}

app_result<std::filesystem::path> resolve_home(const std::optional<std::string>& option,
                                               const env_reader& env) {
    if (option && !option->empty()) return std::filesystem::path(*option);
    if (auto home = env("TOWARD_HOME")) return std::filesystem::path(*home);
    if (auto data = env("XDG_DATA_HOME")) return std::filesystem::path(*data) / "toward";
    if (auto user_home = env("HOME")) {
        return std::filesystem::path(*user_home) / ".local" / "share" / "toward";
    }
    return fail("no home directory: pass --home or set TOWARD_HOME");
}

app_status prepare_home(const std::filesystem::path& home) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(home, ec);
    if (ec) return fail("cannot create home " + home.string() + ": " + ec.message());
    if (!fs::is_directory(home, ec)) return fail("home " + home.string() + " is not a directory");
    fs::permissions(home, fs::perms::owner_all, fs::perm_options::replace, ec);
    if (ec) return fail("cannot restrict home " + home.string() + ": " + ec.message());
    return {};
}

}  // namespace toward::app
