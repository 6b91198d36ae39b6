// triggers add/list/remove (SPEC §7): words or situations that set off a
// strong reaction, and what helps instead. Each partner keeps their own list
// here; every change sends the whole list to the partner, end to end.
#include <ostream>

#include "commands/commands.hpp"
#include "commands/share_now.hpp"
#include "outgoing.hpp"
#include "sealed_content.hpp"
#include "terminal_text.hpp"
#include "trigger_sharing.hpp"

namespace toward::app {
namespace {

constexpr std::size_t max_trigger_bytes = 200;
constexpr std::size_t max_helps_bytes = 500;
constexpr std::size_t max_triggers = 50;

nlohmann::json trigger_json(const v1::Trigger& trigger) {
    return {{"id", trigger.id()}, {"text", trigger.text()}, {"helps", trigger.helps()}};
}

nlohmann::json triggers_json(const std::vector<v1::Trigger>& triggers) {
    auto list = nlohmann::json::array();
    for (const auto& trigger : triggers) list.push_back(trigger_json(trigger));
    return list;
}

// The partner's texts, made harmless; their later lines sit deeper than the
// "  #ID" of an entry and the "what helps:" under it.
std::string format_trigger(const v1::Trigger& trigger) {
    std::string line =
        "  #" + std::to_string(trigger.id()) + " " + safe_for_terminal(trigger.text());
    if (!trigger.helps().empty()) {
        line += "\n      what helps: " + safe_for_terminal(trigger.helps(), "        ");
    }
    return line + '\n';
}

// Makes a change to our list and shares the new list; nothing is changed when
// the change fails.
app_result<bool> change_and_share(command_context& ctx, const std::function<app_status()>& change) {
    auto user = ctx.user_name();
    if (!user) return user.error();
    auto partner = sendable_partner(ctx.store());
    if (!partner) return partner.error();
    const auto now = ctx.now_ms();
    auto queued =
        queue_sealed(ctx.store(), *user, *partner, [&]() -> app_result<v1::SealedContent> {
            if (auto changed = change(); !changed) return changed.error();
            return own_trigger_list(ctx.store(), now);  // read after the change
        });
    if (!queued) return queued.error();
    std::unique_ptr<session_client> client;
    return share_now(ctx, client, queued->id, partner->user_name);
}

}  // namespace

app_status run_triggers_add(command_context& ctx, const std::string& text, const std::string& helps,
                            bool json) {
    if (text.find_first_not_of(" \t") == std::string::npos) {
        return fail("name the trigger: a word or a situation, like \"being interrupted\"");
    }
    if (auto ok = check_shared_text(text, "the trigger", max_trigger_bytes); !ok) return ok;
    if (auto ok = check_shared_text(helps, "what helps", max_helps_bytes); !ok) return ok;
    auto own = ctx.store().own_triggers();
    if (!own) return own.error();
    if (own->size() >= max_triggers) {
        return fail("your list already holds " + std::to_string(max_triggers) +
                    " triggers: remove one you no longer need first");
    }
    std::uint64_t id = 0;
    auto shared = change_and_share(ctx, [&]() -> app_status {
        auto added = ctx.store().add_own_trigger(text, helps);
        if (!added) return added.error();
        id = *added;
        return {};
    });
    if (!shared) return shared.error();
    if (json) {
        ctx.print_json({{"id", id}, {"text", text}, {"helps", helps}, {"shared", *shared}});
    } else {
        ctx.out() << "added trigger #" << id << ": " << safe_for_terminal(text) << '\n';
        if (*shared) ctx.out() << "shared with your partner, end to end encrypted\n";
    }
    return {};
}

app_status run_triggers_remove(command_context& ctx, std::uint64_t id, bool json) {
    auto own = ctx.store().own_triggers();
    if (!own) return own.error();
    const bool known =
        std::any_of(own->begin(), own->end(), [id](const v1::Trigger& t) { return t.id() == id; });
    if (!known) {
        return fail("you have no trigger #" + std::to_string(id) +
                    " (`toward triggers list` shows yours)");
    }
    auto shared = change_and_share(ctx, [&]() -> app_status {
        auto removed = ctx.store().remove_own_trigger(id);
        if (!removed) return removed.error();
        return {};
    });
    if (!shared) return shared.error();
    if (json) {
        ctx.print_json({{"removed", id}, {"shared", *shared}});
    } else {
        ctx.out() << "removed trigger #" << id << '\n';
        if (*shared) ctx.out() << "your partner sees the new list\n";
    }
    return {};
}

app_status run_triggers_list(command_context& ctx, bool json, shared_view view) {
    bool up_to_date = view == shared_view::as_stored;
    if (view == shared_view::fetch_first) {
        up_to_date = refresh_from_server(ctx);
    }
    auto own = ctx.store().own_triggers();
    if (!own) return own.error();
    auto theirs = ctx.store().partner_triggers();
    if (!theirs) return theirs.error();
    if (json) {
        nlohmann::json out{
            {"mine", triggers_json(*own)}, {"partner", nullptr}, {"up_to_date", up_to_date}};
        if (*theirs) {
            const auto& list = (*theirs)->list;
            out["partner"] = {
                {"user", (*theirs)->author},
                {"updated_at_ms", list.updated_at_ms()},
                {"triggers", triggers_json({list.triggers().begin(), list.triggers().end()})}};
        }
        ctx.print_json(out);
        return {};
    }
    auto& out = ctx.out();
    out << "Your triggers:\n";
    if (own->empty()) out << "  none yet: `toward triggers add TEXT --helps TEXT` names one\n";
    for (const auto& trigger : *own) out << format_trigger(trigger);
    if (*theirs) {
        out << '\n' << safe_for_terminal((*theirs)->author) << "'s triggers:\n";
        if ((*theirs)->list.triggers().empty()) out << "  none at the moment\n";
        for (const auto& trigger : (*theirs)->list.triggers()) out << format_trigger(trigger);
    } else {
        out << "\nYour partner has not shared any triggers yet.\n";
    }
    return {};
}

}  // namespace toward::app
