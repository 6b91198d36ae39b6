#include "checkin_due.hpp"

#include <cstdio>

#include "summary/iso_week.hpp"

namespace toward::app {
namespace {

const date::time_zone* zone_of(const v1::PairSettings& settings) {
    const auto* zone = summary::find_time_zone(settings.time_zone());
    return zone ? zone : summary::find_time_zone("UTC");
}

}  // namespace

together::checkin_schedule schedule_of(const v1::PairSettings& settings) {
    if (!settings.has_checkin()) return {};
    const auto& wire = settings.checkin();
    return {wire.every_weeks(), wire.weekday(), wire.minute_of_day(), wire.anchor_ms()};
}

std::string describe_schedule(const v1::PairSettings& settings) {
    const auto schedule = schedule_of(settings);
    if (!schedule.on()) return "off";
    char time[8];
    std::snprintf(time, sizeof time, "%02u:%02u", schedule.minute_of_day / 60 % 24,
                  schedule.minute_of_day % 60);
    return std::string(together::weekday_name(schedule.weekday)) + " at " + time +
           (schedule.every_weeks == 2 ? ", every other week" : ", every week");
}

std::optional<together::checkin_occurrence> current_checkin(const v1::PairSettings& settings,
                                                            std::int64_t now_ms) {
    return together::latest_checkin(schedule_of(settings), zone_of(settings), now_ms);
}

std::string occurrence_to_answer(const v1::PairSettings& settings, std::int64_t now_ms) {
    if (auto current = current_checkin(settings, now_ms)) return current->date;
    return pair_local_date(settings, now_ms);
}

std::string pair_local_date(const v1::PairSettings& settings, std::int64_t now_ms) {
    return together::local_date(now_ms, zone_of(settings));
}

app_result<std::optional<together::checkin_occurrence>> unanswered_checkin(
    local_store& store, const v1::PairSettings& settings, std::int64_t now_ms) {
    using found = std::optional<together::checkin_occurrence>;
    auto current = current_checkin(settings, now_ms);
    if (!current) return found{};
    auto partner = store.partner();
    if (!partner) return partner.error();
    if (!*partner) return found{};
    auto mine = store.find_checkin((*partner)->pair_id, current->date, true);
    if (!mine) return mine.error();
    if (*mine) return found{};
    return current;
}

std::string checkin_offer_text(const together::checkin_occurrence& occurrence) {
    return "It's check-in time (" + occurrence.date +
           "): a few quiet minutes for the two of you. Run `toward checkin` when you are ready.";
}

void checkin_offer_clock::plan(local_store& store, std::int64_t now_ms) {
    next_ms_.reset();
    auto settings = store.cached_pair_settings();
    if (!settings || !*settings) return;
    auto next = together::next_checkin(schedule_of(**settings), zone_of(**settings), now_ms);
    if (next) next_ms_ = next->at_ms;
}

std::optional<std::string> checkin_offer_clock::due(local_store& store, std::int64_t now_ms) {
    if (!next_ms_ || now_ms < *next_ms_) return std::nullopt;
    std::optional<std::string> offer;
    auto settings = store.cached_pair_settings();
    if (settings && *settings) {
        auto unanswered = unanswered_checkin(store, **settings, now_ms);
        if (unanswered && *unanswered) offer = checkin_offer_text(**unanswered);
    }
    plan(store, now_ms);
    return offer;
}

}  // namespace toward::app
