#include "accounts.hpp"

#include <boost/asio/use_awaitable.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "frames.hpp"

namespace toward::bench {

namespace {

using nlohmann::json;

json to_json(const account& a) {
    return {{"user_name", a.user_name}, {"session_token", a.session_token}};
}

account account_from(const json& j) {
    return {j.at("user_name").get<std::string>(), j.at("session_token").get<std::string>()};
}

json read_json(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) return nullptr;
    try {
        return json::parse(in);
    } catch (const std::exception& e) {
        throw std::runtime_error("cannot parse " + path.string() + ": " + e.what());
    }
}

void write_json(const std::filesystem::path& path, const json& value) {
    std::filesystem::create_directories(path.parent_path());
    const auto tmp = path.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << value.dump(1) << '\n';
        if (!out) throw std::runtime_error("cannot write " + tmp);
    }
    std::filesystem::rename(tmp, path);
}

// Sends `frame`, waits for its reply and throws unless it is STATUS_OK.
net::awaitable<v1::ServerFrame> checked_request(protocol_client& client, v1::ClientFrame frame,
                                                const char* what) {
    auto reply = co_await client.async_request(std::move(frame), net::use_awaitable);
    if (reply.status() != v1::STATUS_OK) {
        throw protocol_error(
            reply.status(),
            std::string(what) + ": " + v1::Status_Name(reply.status()) + " " + reply.error());
    }
    co_return reply;
}

}  // namespace

std::string new_user_name() {
    return "bench-" + hex16(random_u64());
}

std::vector<pair_accounts> load_cached_pairs(const std::filesystem::path& dir) {
    std::vector<pair_accounts> pairs;
    if (dir.empty()) return pairs;
    const auto doc = read_json(dir / "pairs.json");
    if (doc.is_null()) return pairs;
    for (const auto& p : doc.at("pairs")) {
        pairs.push_back({account_from(p.at("inviter")), account_from(p.at("joiner"))});
    }
    return pairs;
}

void save_cached_pairs(const std::filesystem::path& dir, const std::vector<pair_accounts>& pairs) {
    if (dir.empty()) return;
    json list = json::array();
    for (const auto& p : pairs) {
        list.push_back({{"inviter", to_json(p.inviter)}, {"joiner", to_json(p.joiner)}});
    }
    write_json(dir / "pairs.json", {{"pairs", list}});
}

std::vector<account> load_cached_users(const std::filesystem::path& dir) {
    std::vector<account> users;
    if (dir.empty()) return users;
    const auto doc = read_json(dir / "users.json");
    if (doc.is_null()) return users;
    for (const auto& u : doc.at("users")) users.push_back(account_from(u));
    return users;
}

void save_cached_users(const std::filesystem::path& dir, const std::vector<account>& users) {
    if (dir.empty()) return;
    json list = json::array();
    for (const auto& u : users) list.push_back(to_json(u));
    write_json(dir / "users.json", {{"users", list}});
}

net::awaitable<v1::AuthOk> authenticate(protocol_client& client, account& acct) {
    if (!acct.session_token.empty()) {
        auto reply =
            co_await client.async_request(resume_frame(acct.session_token), net::use_awaitable);
        if (reply.status() == v1::STATUS_BAD_TOKEN) {
            throw protocol_error(reply.status(),
                                 "resume " + acct.user_name +
                                     ": BAD_TOKEN (the --data cache is from another server's "
                                     "store: delete it)");
        }
        if (reply.status() != v1::STATUS_OK) {
            throw protocol_error(reply.status(), "resume " + acct.user_name + ": " +
                                                     v1::Status_Name(reply.status()) + " " +
                                                     reply.error());
        }
        co_return reply.auth();
    }
    auto reply = co_await checked_request(client, register_frame(acct.user_name), "register");
    acct.session_token = reply.auth().session_token();
    co_return reply.auth();
}

net::awaitable<std::uint64_t> pair_clients(protocol_client& inviter, protocol_client& joiner) {
    auto invite = co_await checked_request(inviter, create_invite_frame(), "create_invite");
    const auto paired = co_await checked_request(
        joiner, redeem_frame(invite.invite_created().invite_id()), "redeem_invite");
    co_await inviter.async_wait_for([](const v1::ServerFrame& f) { return f.has_paired(); },
                                    net::use_awaitable);
    co_return paired.paired().partner().pair_id();
}

}  // namespace toward::bench
