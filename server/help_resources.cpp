#include "help_resources.hpp"

#include <unistd.h>

#include <array>
#include <fstream>

#include "util/log.hpp"

namespace toward::server {
namespace {

// The directory of the running executable, or empty when unknown.
std::filesystem::path executable_dir() {
    std::array<char, 4096> buffer{};
    const auto n = ::readlink("/proc/self/exe", buffer.data(), buffer.size() - 1);
    if (n <= 0) return {};
    return std::filesystem::path(std::string(buffer.data(), static_cast<std::size_t>(n)))
        .parent_path();
}

// Replaces bytes that are not UTF-8 with '?': a proto3 string must be valid
// UTF-8, or the client cannot parse the frame.
void make_valid_utf8(std::string& text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        std::size_t length = lead < 0x80           ? 1
                             : (lead >> 5) == 0x6  ? 2
                             : (lead >> 4) == 0xE  ? 3
                             : (lead >> 3) == 0x1E ? 4
                                                   : 0;
        bool valid = length != 0 && i + length <= text.size();
        for (std::size_t k = 1; valid && k < length; ++k) {
            valid = (static_cast<unsigned char>(text[i + k]) >> 6) == 0x2;
        }
        if (!valid) {
            text[i] = '?';
            length = 1;
        }
        i += length;
    }
}

}  // namespace

std::filesystem::path help_resources_path(const server_config& config) {
    if (!config.help_resources_file.empty()) return config.help_resources_file;
    if (const auto bin = executable_dir(); !bin.empty()) {
        const auto installed = bin.parent_path() / "share" / "toward" / "help-resources.txt";
        std::error_code ec;
        if (std::filesystem::is_regular_file(installed, ec)) return installed;
    }
    return std::filesystem::path(TOWARD_SOURCE_DIR) / "docs" / "HELP_RESOURCES.txt";
}

result<std::string> read_help_resources(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        log::warn("help resources: cannot read ", path.string());
        return make_error_code(errc::not_found);
    }
    std::string text(max_help_resources_bytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_help_resources_bytes) {
        // Too long for one frame: keep whole lines only.
        log::warn("help resources: ", path.string(), " is over ", max_help_resources_bytes,
                  " bytes; sending its beginning");
        text.resize(max_help_resources_bytes);
        const auto last_line_end = text.rfind('\n');
        text.resize(last_line_end == std::string::npos ? 0 : last_line_end + 1);
    }
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
        log::warn("help resources: ", path.string(), " is empty");
        return make_error_code(errc::not_found);
    }
    make_valid_utf8(text);
    return text;
}

}  // namespace toward::server
