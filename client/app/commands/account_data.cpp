// export, delete-account: what the user can do with their own data (issue #7).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ostream>

#include "commands/commands.hpp"
#include "history_export.hpp"
#include "terminal_text.hpp"

namespace toward::app {
namespace {

namespace fs = std::filesystem;

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// "1 message", "2 messages".
std::string count_of(std::size_t n, const std::string& noun) {
    return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

// Writes `text` to `path` with mode 0600, through a temporary file and a
// rename, so `path` is never left half written. Refuses an existing file
// unless `force`.
app_status write_private_file(const fs::path& path, const std::string& text, bool force) {
    std::error_code ec;
    if (!force && fs::exists(path, ec)) {
        return fail(path.string() + " already exists: choose another file, or add --force to " +
                    "replace it");
    }
    const fs::path partial = path.string() + ".partial";
    fs::remove(partial, ec);
    const int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return fail("cannot create " + path.string() + ": " + std::strerror(errno));
    bool written = ::fchmod(fd, 0600) == 0;  // whatever the umask says
    for (std::size_t done = 0; written && done < text.size();) {
        const auto n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        written = n > 0;
        if (written) done += static_cast<std::size_t>(n);
    }
    const int write_errno = errno;
    written = written && ::fsync(fd) == 0;
    ::close(fd);
    if (written) fs::rename(partial, path, ec);
    if (!written || ec) {
        fs::remove(partial, ec);
        return fail("cannot write " + path.string() + ": " +
                    (written ? ec.message() : std::strerror(write_errno)));
    }
    return {};
}

// The name of this home's user and partner, empty where there is none.
app_result<export_header> header_of(local_store& store) {
    export_header header;
    header.exported_at_ms = now_ms();
    auto user = store.setting(setting::user_name);
    if (!user) return user.error();
    if (*user) header.user = **user;
    auto partner = store.partner();
    if (!partner) return partner.error();
    if (*partner) header.partner = (*partner)->user_name;
    return header;
}

}  // namespace

app_status run_export(command_context& ctx, const export_request& request) {
    auto header = header_of(ctx.store());
    if (!header) return header.error();
    auto messages = ctx.store().history(0);
    if (!messages) return messages.error();
    const bool markdown = request.format == "markdown";
    if (request.output.empty()) {
        if (markdown) {
            ctx.out() << export_markdown(*header, *messages);
        } else {
            ctx.print_json(export_json(*header, *messages));
        }
        return {};
    }
    const std::string text =
        markdown ? export_markdown(*header, *messages)
                 : export_json(*header, *messages)
                           .dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
                       "\n";
    if (auto saved = write_private_file(request.output, text, request.force); !saved) return saved;
    ctx.out() << "exported " << count_of(messages->size(), "message") << " to " << request.output
              << " (" << request.format << ", readable only by you)\n";
    return {};
}

app_status run_delete_account(command_context& ctx, bool confirmed) {
    auto user = ctx.user_name();
    if (!user) return user.error();
    auto partner = ctx.store().partner();
    if (!partner) return partner.error();
    // Both names came from the server: shown harmless, compared as they are.
    const std::string partner_name = *partner ? safe_for_terminal((*partner)->user_name) : "";
    const std::string user_name = safe_for_terminal(*user);
    if (!confirmed) {
        ctx.err() << "This deletes the account " << user_name
                  << " from the server: its keys, sessions and invites"
                  << (partner_name.empty() ? ""
                                           : ", and the pair with " + partner_name +
                                                 " with every message and bid record of it")
                  << ". It also erases this home's keys, session and history.\n"
                  << "To keep a copy of your history, run `toward export --output FILE` "
                     "first.\n";
        auto typed = ctx.confirmation("Type your user name (" + user_name + ") to delete: ");
        if (!typed) return typed.error();
        if (*typed != *user) {
            return fail("nothing was deleted: what you typed is not " + user_name);
        }
    }
    auto password = ctx.password("Password for " + user_name + ": ");
    if (!password) return password.error();
    auto client = ctx.connect_and_resume();
    if (!client) return client.error();
    v1::ClientFrame frame;
    frame.mutable_delete_account()->set_password(*password);
    if (auto reply = (*client)->request(std::move(frame)); !reply) return reply.error();

    auto messages = ctx.store().history(0);
    auto unsent = ctx.store().outbox();
    if (auto erased = ctx.store().erase_everything(); !erased) {
        return fail("the account is deleted from the server, but this home could not be erased (" +
                    erased.error().message + "): delete " + ctx.home().string() + " yourself");
    }
    ctx.out() << "deleted the account " << user_name << " from the server"
              << (partner_name.empty() ? "" : "; " + partner_name + " has been told") << '\n';
    ctx.out() << "erased from this home: your keys and session"
              << (partner_name.empty() ? "" : ", " + partner_name + "'s keys")
              << ", the encryption sessions, "
              << (messages ? count_of(messages->size(), "message") + " of history"
                           : std::string("the history"))
              << (unsent && !unsent->empty()
                      ? " (" + std::to_string(unsent->size()) + " of them not yet sent)"
                      : std::string())
              << ", pending invites and the remembered server\n";
    return {};
}

}  // namespace toward::app
