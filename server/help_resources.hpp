// The text about professional help that `toward help-resources` shows: a
// plain-text file the server's operator can edit (docs/HELP_RESOURCES.txt),
// read at each request so that an edit applies without a restart.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "config.hpp"
#include "util/errors.hpp"

namespace toward::server {

// At most this much of the file is sent; a longer file is cut at a line end.
inline constexpr std::size_t max_help_resources_bytes = 64 * 1024;

// The file to read: help.resources_file when set; else PREFIX/share/toward/
// help-resources.txt beside an installed binary (PREFIX/bin) when it exists;
// else the source tree's docs/HELP_RESOURCES.txt.
std::filesystem::path help_resources_path(const server_config& config);

// The file's text (cut to max_help_resources_bytes); errc::not_found when
// it is missing, unreadable or empty (the reason is logged, with the path).
result<std::string> read_help_resources(const std::filesystem::path& path);

}  // namespace toward::server
