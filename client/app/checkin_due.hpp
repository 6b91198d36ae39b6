// Which check-in is due for this user, from the pair settings the server sent
// and the client's clock (docs/CHECKIN.md): the latest occurrence of the
// pair's schedule in the pair's time zone, until this user has answered it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "app_result.hpp"
#include "local_store.hpp"
#include "together/checkin_schedule.hpp"
#include "toward/v1/toward.pb.h"

namespace toward::app {

// The wire's schedule as the scheduling maths takes it.
together::checkin_schedule schedule_of(const v1::PairSettings& settings);

// "Sunday at 19:00, every week" / "off".
std::string describe_schedule(const v1::PairSettings& settings);

// The check-in that comes round last at or before now_ms; nullopt when the
// pair has no schedule (or none has come round since it was set).
std::optional<together::checkin_occurrence> current_checkin(const v1::PairSettings& settings,
                                                            std::int64_t now_ms);

// The occurrence `toward checkin` answers: the current one, else (no
// schedule) today's date in the pair's zone.
std::string occurrence_to_answer(const v1::PairSettings& settings, std::int64_t now_ms);

// Today's date ("YYYY-MM-DD") in the pair's zone.
std::string pair_local_date(const v1::PairSettings& settings, std::int64_t now_ms);

// The current check-in when this user has not answered it yet.
app_result<std::optional<together::checkin_occurrence>> unanswered_checkin(
    local_store& store, const v1::PairSettings& settings, std::int64_t now_ms);

// The kind line that offers it: "It's check-in time ...".
std::string checkin_offer_text(const together::checkin_occurrence& occurrence);

// For a long-running command (chat): when the next check-in comes round,
// and the offer once it has, unless this user has answered it meanwhile.
class checkin_offer_clock {
  public:
    // Recomputes the next check-in; call it whenever the settings may have changed.
    void plan(local_store& store, std::int64_t now_ms);
    // The offer when one came round since plan; then plans the next one.
    std::optional<std::string> due(local_store& store, std::int64_t now_ms);

  private:
    std::optional<std::int64_t> next_ms_;
};

}  // namespace toward::app
