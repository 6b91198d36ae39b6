// Wall-clock time behind an interface, so tests can move time by hand.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace toward {

// A source of the current time in Unix milliseconds. Implementations must be
// safe to call from any thread.
class clock {
  public:
    virtual ~clock() = default;
    virtual std::int64_t now_ms() const = 0;
};

// The real system clock.
class system_clock final : public clock {
  public:
    std::int64_t now_ms() const override {
        using namespace std::chrono;
        return duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    }
};

// A clock that only moves when told to; for tests.
class manual_clock final : public clock {
  public:
    explicit manual_clock(std::int64_t start_ms) : now_ms_(start_ms) {}
    std::int64_t now_ms() const override { return now_ms_.load(); }
    void advance_ms(std::int64_t delta) { now_ms_ += delta; }
    void set_ms(std::int64_t value) { now_ms_ = value; }

  private:
    std::atomic<std::int64_t> now_ms_;
};

}  // namespace toward
