// Bid tracking over the wire: pair settings and consent, pauses, retagging,
// and the weekly summary.
#include <boost/asio/steady_timer.hpp>

#include "message_tags.hpp"
#include "protocol_session_impl.hpp"
#include "summary/iso_week.hpp"
#include "summary/weekly_summary.hpp"
#include "together/checkin_schedule.hpp"
#include "util/log.hpp"

namespace toward::server {
namespace {

constexpr std::int64_t max_pause_minutes = 24 * 60;
constexpr std::int64_t min_window_s = 5 * 60;
constexpr std::int64_t max_window_s = 7 * 24 * 3600;

// "4h", "90m", "1h30m", "2d" → seconds; std::nullopt for anything else.
std::optional<std::int64_t> parse_duration_s(std::string_view text) {
    std::int64_t total = 0;
    std::int64_t number = 0;
    bool have_digits = false;
    if (text.empty()) return std::nullopt;
    for (char c : text) {
        if (c >= '0' && c <= '9') {
            number = number * 10 + (c - '0');
            if (number > 100000) return std::nullopt;
            have_digits = true;
            continue;
        }
        if (!have_digits) return std::nullopt;
        switch (c) {
            case 'd':
                total += number * 86400;
                break;
            case 'h':
                total += number * 3600;
                break;
            case 'm':
                total += number * 60;
                break;
            case 's':
                total += number;
                break;
            default:
                return std::nullopt;
        }
        number = 0;
        have_digits = false;
    }
    if (have_digits) return std::nullopt;  // a number without its unit
    return total;
}

void fill_settings(v1::PairSettings& out, const pair_settings_view& view) {
    out.set_response_window_minutes(static_cast<std::uint32_t>(view.response_window_s / 60));
    out.set_time_zone(view.time_zone);
    out.set_my_tracking(view.my_tracking);
    out.set_partner_tracking(view.partner_tracking);
    out.set_tracking(view.my_tracking && view.partner_tracking);
    if (view.checkin.on()) {
        auto* checkin = out.mutable_checkin();
        checkin->set_every_weeks(view.checkin.every_weeks);
        checkin->set_weekday(view.checkin.weekday);
        checkin->set_minute_of_day(view.checkin.minute_of_day);
        checkin->set_anchor_ms(view.checkin.anchor_ms);
    }
}

void fill_partner_week(v1::PartnerWeek& out, const summary::partner_week& in) {
    out.set_user(in.user);
    out.set_bids_made(static_cast<std::uint32_t>(in.bids_made));
    for (int c = 1; c <= summary::category_count; ++c) {
        auto* entry = out.add_bids_by_category();
        entry->set_category(static_cast<v1::BidCategory>(c));
        entry->set_count(
            static_cast<std::uint32_t>(in.bids_by_category[static_cast<std::size_t>(c - 1)]));
    }
    auto* responded = out.mutable_responded();
    responded->set_toward(static_cast<std::uint32_t>(in.responded.toward));
    responded->set_away(static_cast<std::uint32_t>(in.responded.away));
    responded->set_against(static_cast<std::uint32_t>(in.responded.against));
    responded->set_missed(static_cast<std::uint32_t>(in.responded.missed));
    responded->set_open(static_cast<std::uint32_t>(in.responded.open));
    if (in.turning_toward_rate) out.set_turning_toward_rate(*in.turning_toward_rate);
    if (in.latency_median_s) out.set_latency_median_s(*in.latency_median_s);
    if (in.latency_p90_s) out.set_latency_p90_s(*in.latency_p90_s);
    for (const auto& day : in.daily) {
        auto* entry = out.add_daily();
        entry->set_date(day.date);
        entry->set_bids_made(static_cast<std::uint32_t>(day.bids_made));
        entry->set_turned_toward(static_cast<std::uint32_t>(day.turned_toward));
        entry->set_resolved(static_cast<std::uint32_t>(day.resolved));
    }
}

void fill_summary(v1::WeeklySummary& out, const summary::weekly_summary& in,
                  const activity_view& activity) {
    out.set_week(summary::format_iso_week(in.current.week));
    out.set_time_zone(in.time_zone);
    if (in.current.couple_turning_toward_rate)
        out.set_couple_turning_toward_rate(*in.current.couple_turning_toward_rate);
    for (const auto& partner : in.current.partners) fill_partner_week(*out.add_partners(), partner);
    for (const auto& week : in.trend) {
        auto* entry = out.add_trend();
        entry->set_week(summary::format_iso_week(week.week));
        if (week.couple_turning_toward_rate)
            entry->set_couple_turning_toward_rate(*week.couple_turning_toward_rate);
        for (std::size_t p = 0; p < 2; ++p) {
            auto* rate = entry->add_partner_rates();
            rate->set_user(activity.settings.partners[p]);
            if (week.turning_toward_rates[p])
                rate->set_turning_toward_rate(*week.turning_toward_rates[p]);
        }
    }
    if (in.note) out.set_note(*in.note);
    out.set_reference_rate_together(summary::reference_rate_together);
    out.set_reference_rate_apart(summary::reference_rate_apart);
    out.set_tracking(activity.tracking);
    out.set_response_window_minutes(
        static_cast<std::uint32_t>(activity.settings.response_window_ms / 60000));
}

}  // namespace

void protocol_session::handle_get_settings(std::uint64_t request_id) {
    ctx_.db.load_settings(user_, on_strand<pair_settings_view>([self = shared_from_this(),
                                                                request_id](auto settings) {
                              if (!settings)
                                  return self->reply_error(request_id, error_of(settings));
                              v1::ServerFrame frame;
                              fill_settings(*frame.mutable_settings(), *settings);
                              self->reply(request_id, frame);
                          }));
}

void protocol_session::handle_set_setting(std::uint64_t request_id,
                                          const v1::SetSettingRequest& request) {
    setting_change change;
    const auto& value = request.value();
    if (request.key() == "response-window") {
        const auto seconds = parse_duration_s(value);
        if (!seconds || *seconds < min_window_s || *seconds > max_window_s) {
            return reply_error(request_id, errc::invalid_argument,
                               "response-window is a duration from 5m to 7d, like 4h or 90m");
        }
        change.which = setting_change::key::response_window;
        change.response_window_s = *seconds;
    } else if (request.key() == "time-zone") {
        if (!summary::find_time_zone(value)) {
            return reply_error(request_id, errc::invalid_argument,
                               "time-zone is an IANA name such as Europe/Berlin");
        }
        change.which = setting_change::key::time_zone;
        change.time_zone = value;
    } else if (request.key() == "tracking") {
        if (value != "on" && value != "off") {
            return reply_error(request_id, errc::invalid_argument, "tracking is on or off");
        }
        change.which = setting_change::key::tracking;
        change.tracking = value == "on";
    } else if (request.key() == "check-in") {
        std::string problem;
        auto schedule = together::parse_checkin_setting(value, problem);
        if (!schedule) return reply_error(request_id, errc::invalid_argument, problem);
        change.which = setting_change::key::checkin;
        change.checkin = *schedule;
        // Every other week counts from the week it was set in.
        change.checkin.anchor_ms = ctx_.time.now_ms();
    } else {
        return reply_error(request_id, errc::invalid_argument,
                           "settings are response-window, time-zone, tracking and check-in");
    }
    ctx_.db.update_settings(
        user_, std::move(change),
        on_strand<pair_settings_view>([self = shared_from_this(), request_id](auto settings) {
            if (!settings) return self->reply_error(request_id, error_of(settings));
            v1::ServerFrame frame;
            fill_settings(*frame.mutable_settings(), *settings);
            self->reply(request_id, frame);
            // The partner sees the same settings from the other side.
            auto theirs = *settings;
            std::swap(theirs.my_tracking, theirs.partner_tracking);
            v1::ServerFrame push;
            fill_settings(*push.mutable_settings(), theirs);
            self->tell_partner(push);
        }));
}

void protocol_session::handle_pause(std::uint64_t request_id, const v1::PauseRequest& request) {
    if (request.minutes() > max_pause_minutes) {
        return reply_error(request_id, errc::invalid_argument, "a pause lasts at most 24 hours");
    }
    const auto start = ctx_.time.now_ms();
    const auto end = start + static_cast<std::int64_t>(request.minutes()) * 60'000;
    ctx_.db.start_pause(
        user_, start, end,
        on_strand<pause_outcome>([self = shared_from_this(), request_id,
                                  minutes = request.minutes()](result<pause_outcome> paused) {
            if (!paused) return self->reply_error(request_id, error_of(paused));
            v1::ServerFrame frame;
            auto* update = frame.mutable_pause_update();
            update->set_user_name(self->user_name_);
            update->set_start_ms(paused->start_ms);
            update->set_end_ms(paused->end_ms);
            update->set_ended(minutes == 0);
            // Armed before the reply: once the client hears "paused", the
            // reminder that replaced the last one is in place.
            if (minutes > 0) self->remind_when_pause_ends(*paused, minutes);
            self->reply(request_id, frame);
            self->tell_partner(frame);
        }));
}

void protocol_session::remind_when_pause_ends(const pause_outcome& paused, std::uint32_t minutes) {
    // The timer owns itself through its handler, so it outlives this
    // connection; the reminder reaches whichever connections are open then,
    // unless the pause was ended early or replaced meanwhile (the partners
    // heard of that at the time).
    auto timer =
        std::make_shared<boost::asio::steady_timer>(strand_, std::chrono::minutes(minutes));
    v1::ServerFrame frame;
    auto* update = frame.mutable_pause_update();
    update->set_user_name(user_name_);
    update->set_start_ms(paused.start_ms);
    update->set_end_ms(paused.end_ms);
    update->set_ended(true);
    ctx_.reminders.replace(user_, timer);
    timer->async_wait([timer, &ctx = ctx_, bytes = serialize(frame), user = user_,
                       partner = paused.partner, start = paused.start_ms,
                       end = paused.end_ms](boost::system::error_code ec) {
        ctx.reminders.forget(user, timer.get());
        if (ec) return;
        ctx.db.load_pause_end(user, start, [&ctx, bytes, user, partner, end](auto now_ends) {
            if (!now_ends || *now_ends != end) return;
            for (const auto who : {user, partner}) {
                ctx.online.for_each_session(
                    who, [&](const auto& session) { session->notify_frame(bytes); });
            }
        });
    });
}

void protocol_session::handle_retag(std::uint64_t request_id, const v1::RetagRequest& request) {
    retag_draft draft;
    draft.seq = request.seq();
    draft.kind = request.kind() == v1::KIND_UNSPECIFIED ? v1::KIND_CHAT : request.kind();
    draft.bid_category = request.bid_category();
    draft.response_bid_seq = request.response().bid_seq();
    draft.turn = request.response().turn();
    if (draft.seq == 0) return reply_error(request_id, errc::invalid_argument, "seq is 0");
    if (auto problem = check_tags(request.kind(), request.bid_category(), request.has_response(),
                                  request.response());
        !problem.empty()) {
        return reply_error(request_id, errc::invalid_argument, problem);
    }
    ctx_.db.retag_message(user_, draft,
                          on_strand<retag_outcome>([self = shared_from_this(), request_id,
                                                    request](result<retag_outcome> done) {
                              if (!done) {
                                  return self->reply_error(request_id, error_of(done),
                                                           error_of(done) == errc::invalid_argument
                                                               ? "bid tracking is off for this pair"
                                                               : "");
                              }
                              v1::ServerFrame frame;
                              auto* update = frame.mutable_retag_update();
                              update->set_seq(request.seq());
                              update->set_kind(request.kind() == v1::KIND_UNSPECIFIED
                                                   ? v1::KIND_CHAT
                                                   : request.kind());
                              update->set_bid_category(request.bid_category());
                              if (request.has_response())
                                  *update->mutable_response() = request.response();
                              update->set_retag_seq(done->retag_seq);
                              self->reply(request_id, frame);
                              self->tell_partner(frame);
                          }));
}

void protocol_session::handle_fetch_retags(std::uint64_t request_id,
                                           const v1::FetchRetagsRequest& request) {
    constexpr std::uint32_t page = 500;
    const std::uint32_t limit = request.limit() == 0 ? page : std::min(request.limit(), page);
    // One more than asked, to tell whether more follow.
    ctx_.db.fetch_retags(
        user_, request.after_retag_seq(), limit + 1,
        on_strand<std::vector<stored_retag>>([self = shared_from_this(), request_id,
                                              limit](result<std::vector<stored_retag>> found) {
            if (!found) return self->reply_error(request_id, error_of(found));
            v1::ServerFrame frame;
            auto* list = frame.mutable_retag_list();
            list->set_more(found->size() > limit);
            if (found->size() > limit) found->resize(limit);
            for (const auto& retag : *found) {
                auto* update = list->add_retags();
                update->set_seq(retag.seq);
                update->set_kind(static_cast<v1::MessageKind>(retag.kind));
                update->set_bid_category(static_cast<v1::BidCategory>(retag.bid_category));
                if (retag.kind == v1::KIND_RESPONSE) {
                    update->mutable_response()->set_bid_seq(retag.response_bid_seq);
                    update->mutable_response()->set_turn(static_cast<v1::Turn>(retag.turn));
                }
                update->set_retag_seq(retag.retag_seq);
            }
            self->reply(request_id, frame);
        }));
}

void protocol_session::handle_summary(std::uint64_t request_id, const v1::SummaryRequest& request) {
    std::optional<summary::iso_week> requested;
    if (!request.week().empty()) {
        requested = summary::parse_iso_week(request.week());
        if (!requested) {
            return reply_error(request_id, errc::invalid_argument,
                               "week is YYYY-Www, like 2026-W48");
        }
    }
    const auto now = ctx_.time.now_ms();
    const auto* utc = summary::find_time_zone("UTC");
    // Load from a day before the oldest trend week in UTC: every zone's week
    // starts within a day of it.
    const auto anchor = requested.value_or(summary::week_of(now, utc));
    const auto since = summary::week_range(summary::oldest_week_needed(anchor), utc).start_ms -
                       2 * 24 * 3600 * 1000;
    ctx_.db.load_activity(
        user_, since,
        on_strand<activity_view>([self = shared_from_this(), request_id, requested, now,
                                  utc](result<activity_view> activity) {
            if (!activity) return self->reply_error(request_id, error_of(activity));
            const auto* zone = summary::find_time_zone(activity->settings.time_zone);
            if (!zone) zone = utc;
            const auto week = requested.value_or(summary::week_of(now, zone));
            const auto figures = summary::compute_weekly_summary(
                activity->activity, activity->settings, zone, week, now);
            v1::ServerFrame frame;
            fill_summary(*frame.mutable_summary(), figures, *activity);
            self->reply(request_id, frame);
        }));
}

}  // namespace toward::server
