// safety-number, accept-key.
#include <ostream>

#include "commands/commands.hpp"
#include "crypto/safety_number.hpp"
#include "key_bundle_codec.hpp"
#include "terminal_text.hpp"

namespace toward::app {
namespace {

// The 60 digits as twelve groups of five.
std::vector<std::string> groups_of(const std::string& number) {
    std::vector<std::string> groups;
    for (std::size_t i = 0; i < number.size(); i += 5) groups.push_back(number.substr(i, 5));
    return groups;
}

app_result<std::string> number_with(const own_keys& keys, const std::string& user_name,
                                    const std::string& partner_name,
                                    const std::string& partner_bundle) {
    auto bundle = decode_key_bundle(partner_bundle, partner_name + "'s");
    if (!bundle) return bundle.error();
    const auto own = crypto::make_public_bundle(keys.identity, keys.prekey);
    auto number = crypto::safety_number(crypto::identity_fingerprint_key(own), user_name,
                                        crypto::identity_fingerprint_key(*bundle), partner_name);
    if (!number) return fail("cannot compute the safety number: " + number.error().message());
    return std::move(*number);
}

app_result<partner_record> require_partner(command_context& ctx) {
    ctx.finish_pending_pairing();
    auto partner = ctx.store().partner();
    if (!partner) return partner.error();
    if (!*partner) return fail("not paired: run `toward invite` or `toward pair CODE` first");
    return std::move(**partner);
}

}  // namespace

app_status run_safety_number(command_context& ctx, bool json) {
    auto user = ctx.user_name();
    if (!user) return user.error();
    auto partner = require_partner(ctx);
    if (!partner) return partner.error();
    auto keys = ctx.store().keys();
    if (!keys) return keys.error();
    if (!*keys) return fail("this home has no keys yet");
    auto number = number_with(**keys, *user, partner->user_name, partner->bundle);
    if (!number) return number.error();
    std::optional<std::string> pending;
    if (!partner->pending_bundle.empty()) {
        auto computed = number_with(**keys, *user, partner->user_name, partner->pending_bundle);
        if (!computed) return computed.error();
        pending = std::move(*computed);
    }

    if (json) {
        ctx.print_json({{"safety_number", *number},
                        {"groups", groups_of(*number)},
                        {"user", *user},
                        {"partner", partner->user_name},
                        {"pending_safety_number",
                         pending ? nlohmann::json(*pending) : nlohmann::json(nullptr)}});
        return {};
    }
    auto print = [&](const std::string& digits) {
        const auto groups = groups_of(digits);
        for (std::size_t i = 0; i < groups.size(); ++i) {
            ctx.out() << (i % 4 == 0 ? "  " : " ") << groups[i] << (i % 4 == 3 ? "\n" : "");
        }
    };
    const auto partner_name = safe_for_terminal(partner->user_name);
    ctx.out() << "Safety number of " << safe_for_terminal(*user) << " and " << partner_name
              << ":\n";
    print(*number);
    ctx.out() << "Compare it with " << partner_name
              << "'s screen, in person or by phone: the same digits mean the same keys.\n";
    if (pending) {
        ctx.out() << "With " << partner_name << "'s NEW key (not accepted yet):\n";
        print(*pending);
    }
    return {};
}

app_status run_accept_key(command_context& ctx) {
    auto partner = require_partner(ctx);
    if (!partner) return partner.error();
    if (partner->trust == partner_trust::rejected) {
        return fail(partner->problem + " (unpair and pair again with a new invite)");
    }
    if (partner->pending_bundle.empty()) {
        return fail(partner->user_name + "'s key has not changed: nothing to accept");
    }
    auto bundle = decode_key_bundle(partner->pending_bundle, partner->user_name + "'s new");
    if (!bundle) return bundle.error();
    partner->bundle = partner->pending_bundle;
    partner->accepted_identity = identity_of(*bundle);
    partner->pending_bundle.clear();
    auto saved = ctx.store().transaction([&]() -> app_status {
        // Sessions made with the old key cannot continue with the new one.
        if (auto cleared = ctx.store().clear_sessions(); !cleared) return cleared;
        return ctx.store().save_partner(*partner);
    });
    if (!saved) return saved;
    ctx.out() << "accepted " << safe_for_terminal(partner->user_name) << "'s new identity key\n";
    return {};
}

}  // namespace toward::app
