// Benchmark accounts: random user names, the cache of names and session
// tokens in --data DIR (so later runs against the same server resume instead
// of registering), and the coroutines that authenticate and pair them.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "protocol_client.hpp"

namespace toward::bench {

struct account {
    std::string user_name;
    std::string session_token;  // empty until registered
};

struct pair_accounts {
    account inviter;
    account joiner;
};

// "bench-" and 16 random hex digits: a valid, practically unique user name.
std::string new_user_name();

// The cache files: DIR/pairs.json and DIR/users.json. Loading a missing file
// gives nothing; a file that cannot be parsed throws std::runtime_error.
// An empty `dir` means no cache: load gives nothing and save does nothing.
std::vector<pair_accounts> load_cached_pairs(const std::filesystem::path& dir);
void save_cached_pairs(const std::filesystem::path& dir, const std::vector<pair_accounts>& pairs);
std::vector<account> load_cached_users(const std::filesystem::path& dir);
void save_cached_users(const std::filesystem::path& dir, const std::vector<account>& users);

// Authenticates a connected client: resume with the account's token, or
// register a new account (filling in its token). Returns the AuthOk.
// Throws protocol_error on a refusal, boost::system::system_error when the
// connection fails.
net::awaitable<v1::AuthOk> authenticate(protocol_client& client, account& acct);

// Pairs two authenticated, unpaired clients with an invite and waits until
// the inviter has seen the Paired push. Returns the server's pair id. Throws
// as above.
net::awaitable<std::uint64_t> pair_clients(protocol_client& inviter, protocol_client& joiner);

}  // namespace toward::bench
