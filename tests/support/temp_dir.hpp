// A fresh directory under the system's temp dir, removed with its contents.
#pragma once

#include <filesystem>
#include <string>

namespace toward::testing {

class temp_dir {
  public:
    temp_dir();
    ~temp_dir();
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

}  // namespace toward::testing
