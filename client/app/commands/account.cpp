// register, login, logout.
#include <ostream>

#include "commands/commands.hpp"
#include "key_bundle_codec.hpp"

namespace toward::app {
namespace {

// Publishes this home's bundle, so the server holds the keys of the account.
app_status publish_keys(command_context& ctx, session_client& client) {
    auto keys = ctx.ensure_keys();
    if (!keys) return keys.error();
    v1::ClientFrame frame;
    frame.mutable_publish_keys()->set_key_bundle(
        encode_key_bundle(crypto::make_public_bundle(keys->identity, keys->prekey)));
    auto reply = client.request(std::move(frame));
    if (!reply) return fail("cannot publish keys: " + reply.error().message);
    return {};
}

// Fails when this home already belongs to another user.
app_status check_home_user(command_context& ctx, const std::string& user_name, bool registering) {
    auto current = ctx.store().setting(setting::user_name);
    if (!current) return current.error();
    if (!*current) return {};
    if (**current != user_name) {
        return fail("this home belongs to " + **current + ": use another --home for " + user_name);
    }
    if (registering) {
        return fail(user_name + " is already registered in this home: use `toward login " +
                    user_name + "`");
    }
    return {};
}

}  // namespace

app_status run_register(command_context& ctx, const std::string& user_name,
                        const std::string& registration_code) {
    if (auto checked = check_home_user(ctx, user_name, true); !checked) return checked;
    auto endpoint = ctx.endpoint();
    if (!endpoint) return endpoint.error();
    auto password = ctx.password("Password for " + user_name + ": ");
    if (!password) return password.error();
    auto client = ctx.connect();
    if (!client) return client.error();
    if (auto registered = (*client)->register_user(user_name, *password, registration_code);
        !registered) {
        return registered;
    }
    if (auto remembered = ctx.remember_endpoint(*endpoint); !remembered) return remembered;
    if (auto published = publish_keys(ctx, **client); !published) return published;
    ctx.out() << "registered " << user_name << " on " << endpoint->url << '\n';
    return {};
}

app_status run_login(command_context& ctx, const std::string& user_name) {
    if (auto checked = check_home_user(ctx, user_name, false); !checked) return checked;
    auto endpoint = ctx.endpoint();
    if (!endpoint) return endpoint.error();
    auto had_keys = ctx.store().keys();
    if (!had_keys) return had_keys.error();
    auto password = ctx.password("Password for " + user_name + ": ");
    if (!password) return password.error();
    auto client = ctx.connect();
    if (!client) return client.error();
    if (auto logged_in = (*client)->login(user_name, *password); !logged_in) return logged_in;
    if (auto remembered = ctx.remember_endpoint(*endpoint); !remembered) return remembered;
    if (!*had_keys) {
        if (auto published = publish_keys(ctx, **client); !published) return published;
    }
    ctx.out() << "logged in as " << user_name << '\n';
    return {};
}

app_status run_logout(command_context& ctx) {
    auto client = ctx.connect_and_resume();
    if (!client) return client.error();
    v1::ClientFrame frame;
    frame.mutable_logout();
    auto reply = (*client)->request(std::move(frame));
    if (!reply) return fail("the session was not revoked: " + reply.error().message);
    if (auto erased = ctx.store().erase_setting(setting::session_token); !erased) return erased;
    ctx.out() << "logged out\n";
    return {};
}

}  // namespace toward::app
