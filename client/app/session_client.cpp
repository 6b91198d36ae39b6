#include "session_client.hpp"

#include <charconv>

#include "partner_sync.hpp"
#include "trigger_sharing.hpp"
#include "util/errors.hpp"

namespace toward::app {

std::string describe_status(v1::Status status, const std::string& error) {
    if (!error.empty()) return error;
    return make_error_code(static_cast<errc>(status)).message();
}

session_client::session_client(local_store& store, server_endpoint endpoint,
                               std::unique_ptr<client::connection> connection, notice_sink notices,
                               client_hooks hooks)
    : store_(store),
      endpoint_(std::move(endpoint)),
      connection_(std::move(connection)),
      notices_(std::move(notices)),
      hooks_(std::move(hooks)) {}

session_client::~session_client() {
    if (connection_ && !connection_->closed()) connection_->close();
}

app_result<std::unique_ptr<session_client>> session_client::connect(local_store& store,
                                                                    const server_endpoint& endpoint,
                                                                    notice_sink notices,
                                                                    client_hooks hooks) {
    if (endpoint.url.empty()) {
        return fail("no server: pass --server wss://HOST:PORT/v1/ws (remembered after login)");
    }
    std::string error;
    auto connection = client::connection::open({endpoint.url, endpoint.ca_file}, error);
    if (!connection) return fail("cannot connect to " + endpoint.url + ": " + error);
    return std::unique_ptr<session_client>(new session_client(
        store, endpoint, std::move(connection), std::move(notices), std::move(hooks)));
}

std::optional<v1::ServerFrame> session_client::inbound(std::optional<v1::ServerFrame> frame) {
    if (frame && hooks_.inbound) hooks_.inbound(*frame);
    return frame;
}

app_result<v1::ServerFrame> session_client::request(v1::ClientFrame frame) {
    auto reply = inbound(connection_->request(std::move(frame), request_timeout));
    if (!reply) {
        if (connection_->closed()) {
            return fail("the server closed the connection: " + connection_->close_reason());
        }
        return fail("the server did not answer in time");
    }
    if (reply->status() != v1::STATUS_OK) {
        return fail("the server refused: " + describe_status(reply->status(), reply->error()));
    }
    return std::move(*reply);
}

app_status session_client::authenticate(v1::ClientFrame frame) {
    auto reply = request(std::move(frame));
    if (!reply) return reply.error();
    if (!reply->has_auth()) return fail("the server answered without authenticating");
    return apply_auth(reply->auth());
}

app_status session_client::register_user(const std::string& user_name, const std::string& password,
                                         const std::string& registration_code) {
    v1::ClientFrame frame;
    frame.mutable_register_()->set_user_name(user_name);
    frame.mutable_register_()->set_password(password);
    frame.mutable_register_()->set_registration_code(registration_code);
    auto reply = inbound(connection_->request(std::move(frame), request_timeout));
    if (reply && reply->status() == v1::STATUS_REGISTRATION_CODE_INVALID) {
        return fail(registration_code.empty()
                        ? "this server lets you register with a code only: ask the person who runs "
                          "it (toward-server registration-code makes one), then `toward register " +
                              user_name + " --code CODE`"
                        : "that registration code is unknown, used up or expired: ask the person "
                          "who runs the server for a new one (toward-server registration-code)");
    }
    if (reply && reply->status() == v1::STATUS_REGISTRATION_CLOSED) {
        return fail("this server does not register new accounts (its registration is closed)");
    }
    return finish_auth(reply);
}

app_status session_client::login(const std::string& user_name, const std::string& password) {
    v1::ClientFrame frame;
    frame.mutable_login()->set_user_name(user_name);
    frame.mutable_login()->set_password(password);
    return authenticate(std::move(frame));
}

app_status session_client::resume() {
    auto token = store_.setting(setting::session_token);
    if (!token) return token.error();
    if (!*token) return fail("not logged in: run `toward login USER` or `toward register USER`");
    v1::ClientFrame frame;
    frame.mutable_resume()->set_session_token(**token);
    auto reply = inbound(connection_->request(std::move(frame), request_timeout));
    if (reply && reply->status() == v1::STATUS_BAD_TOKEN) {
        (void)store_.erase_setting(setting::session_token);
        return fail("your session has ended: log in again with `toward login USER`");
    }
    return finish_auth(reply);
}

app_status session_client::finish_auth(const std::optional<v1::ServerFrame>& reply) {
    if (!reply) {
        return fail(connection_->closed()
                        ? "the server closed the connection: " + connection_->close_reason()
                        : "the server did not answer in time");
    }
    if (reply->status() != v1::STATUS_OK) {
        return fail("the server refused: " + describe_status(reply->status(), reply->error()));
    }
    if (!reply->has_auth()) return fail("the server answered without authenticating");
    return apply_auth(reply->auth());
}

app_status session_client::apply_auth(const v1::AuthOk& auth) {
    user_name_ = auth.user_name();
    if (auto saved = store_.set_setting(setting::user_name, user_name_); !saved) return saved;
    if (!auth.session_token().empty()) {
        if (auto saved = store_.set_setting(setting::session_token, auth.session_token()); !saved) {
            return saved;
        }
    }
    if (auto applied = apply_partner(auth.has_partner() ? &auth.partner() : nullptr); !applied) {
        return applied;
    }
    if (!auth.has_partner()) return {};
    // Retags made while this home was offline.
    auto applied = applied_retag_seq();
    if (!applied) return applied.error();
    if (auth.retag_seq() == *applied) return {};
    if (auto caught = catch_up_retags(auth.retag_seq()); !caught && notices_) {
        notices_({true, "the partner's retags could not be fetched: " + caught.error().message});
    }
    return {};
}

app_status session_client::apply_partner(const v1::PartnerInfo* info) {
    auto outcome = info ? reconcile_partner(store_, *info) : reconcile_no_partner(store_);
    if (!outcome) return outcome.error();
    if (outcome->change == partner_change::paired) {
        // Queued only; the outbox goes out with the next flush.
        auto shared = share_triggers_with_new_partner(store_, user_name_, now_ms());
        if (!shared) return shared.error();
    }
    if (outcome->change != partner_change::none && notices_) {
        notices_({outcome->change != partner_change::paired, outcome->message});
    }
    return {};
}

app_result<std::uint64_t> session_client::delivered_seq() {
    auto text = store_.setting(setting::delivered_seq);
    if (!text) return text.error();
    std::uint64_t seq = 0;
    if (*text) std::from_chars((*text)->data(), (*text)->data() + (*text)->size(), seq);
    return seq;
}

bool session_client::bid_tracking_on() {
    v1::ClientFrame frame;
    frame.mutable_get_settings();
    auto reply = request(std::move(frame));
    return !reply || !reply->has_settings() || reply->settings().tracking();
}

std::optional<v1::PairSettings> session_client::pair_settings() {
    v1::ClientFrame frame;
    frame.mutable_get_settings();
    auto reply = request(std::move(frame));
    if (!reply || !reply->has_settings()) return std::nullopt;
    // Kept for the check-in offer; a failure to keep it costs only that.
    (void)store_.cache_pair_settings(reply->settings());
    return reply->settings();
}

std::int64_t session_client::now_ms() const {
    static const toward::system_clock system;
    return (hooks_.time ? *hooks_.time : static_cast<const toward::clock&>(system)).now_ms();
}

app_result<together::clock_estimate> session_client::estimate_clock_offset(int samples) {
    std::vector<together::clock_sample> taken;
    for (int i = 0; i < samples; ++i) {
        v1::ClientFrame frame;
        frame.mutable_clock();
        const auto sent = now_ms();
        auto reply = request(std::move(frame));
        const auto received = now_ms();
        if (!reply) return reply.error();
        if (!reply->has_clock()) return fail("the server did not tell its time");
        taken.push_back({sent, reply->clock().server_time_ms(), received});
    }
    auto estimate = together::estimate_offset(taken);
    if (!estimate) return fail("this machine's clock moved backwards while asking the server's");
    return *estimate;
}

app_status session_client::send_receipt(v1::ReceiptKind kind) {
    auto seq = delivered_seq();
    if (!seq) return seq.error();
    if (*seq == 0) return {};
    v1::ClientFrame frame;
    frame.mutable_receipt()->set_kind(kind);
    frame.mutable_receipt()->set_up_to_seq(*seq);
    auto reply = request(std::move(frame));
    if (!reply) return reply.error();
    return {};
}

bool session_client::closed() const {
    return connection_->closed();
}

std::string session_client::close_reason() const {
    return connection_->close_reason();
}

}  // namespace toward::app
