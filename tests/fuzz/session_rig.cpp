#include "session_rig.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <cstdlib>
#include <future>
#include <iostream>
#include <vector>

#include "fuzz_check.hpp"
#include "protocol_session.hpp"
#include "server_context.hpp"
#include "store/sqlite_store.hpp"
#include "toward/v1/toward.pb.h"
#include "util/log.hpp"

namespace toward::fuzz {

// The transport's side of a connection: frames are "written" at once, but
// counted as queued until read_output() reports the queue drained.
class memory_sink final : public server::frame_sink {
  public:
    void send_frame(std::shared_ptr<const std::string> frame) override {
        written.push_back(std::move(frame));
        ++queued;
    }
    void close_after(std::shared_ptr<const std::string> last_frame, std::string) override {
        if (last_frame) written.push_back(std::move(last_frame));
        closing = true;
    }
    std::size_t queued_frames() const override { return queued; }

    std::vector<std::shared_ptr<const std::string>> written;
    std::size_t queued = 0;
    bool closing = false;
    bool closed = false;
};

namespace {

server::server_config rig_config(const std::filesystem::path& dir) {
    server::server_config config;
    config.data_dir = dir.string();
    config.synchronous = "normal";  // no fsync per input: a crash here loses nothing
    config.auth.scrypt_log2_n = 1;  // hashing is not what is fuzzed
    config.registration = "open";
    config.limits.max_frame_bytes = 8 * 1024;  // inputs can cross it
    return config;
}

server::sqlite_store_options store_options(const server::server_config& config) {
    server::sqlite_store_options options(config.database_path());
    options.synchronous_full = false;
    return options;
}

// TOWARD_FUZZ_TRACE=1 prints every frame the server writes: for reading a finding.
bool tracing() {
    static const bool on = std::getenv("TOWARD_FUZZ_TRACE") != nullptr;
    return on;
}

// Blocks until everything queued for hashing before it has run (one thread: FIFO).
void wait_for(server::hashing_queue& hashing) {
    std::promise<void> done;
    hashing.run([&done] { done.set_value(); });
    done.get_future().wait();
}

// Blocks until every job queued in the store before it has completed (FIFO).
void wait_for(server::store& store) {
    std::promise<void> done;
    store.check_writable([&done](result<void>) { done.set_value(); });
    done.get_future().wait();
}

}  // namespace

session_rig::session_rig() : config_(rig_config(dir_.path())) {
    log::set_min_level(log::level::error);
    server::validate(config_);
    store_ = std::make_unique<server::sqlite_store>(store_options(config_));
    context_ = std::make_unique<server::server_context>(config_, *store_, time_, hashing_);
    for (int i = 0; i < connections; ++i) open(i);
    settle();
}

session_rig::~session_rig() {
    for (int i = 0; i < connections; ++i) close(i);
    settle();
    store_->stop();
    hashing_.join();
    context_->reminders.clear();  // its timers belong to io_
}

void session_rig::open(int which) {
    auto& c = connections_[static_cast<std::size_t>(which)];
    c.sink = std::make_shared<memory_sink>();
    c.session = std::make_shared<server::protocol_session>(
        *context_, boost::asio::make_strand(io_), c.sink, "192.0.2." + std::to_string(which + 1));
    c.session->start();
}

void session_rig::close(int which) {
    auto& c = connections_[static_cast<std::size_t>(which)];
    if (!c.sink->closed) c.session->on_closed();
    c.sink->closed = true;
}

void session_rig::receive(int which, std::string_view frame) {
    time_.advance_ms(100);  // inputs play out in time, as a client's frames would
    const auto bytes = with_latest_ids(frame);
    connections_[static_cast<std::size_t>(which)].session->on_frame(bytes);
    settle();
}

void session_rig::reconnect(int which) {
    close(which);
    settle();
    open(which);
    settle();
}

void session_rig::settle() {
    // Work moves between the I/O handlers, the store thread and the hashing
    // thread (a login: store, hashing, store, I/O). A job queued at the start
    // of a round has posted its I/O handler by the end of the next one, so two
    // rounds in a row that run nothing mean nothing is left.
    int quiet = 0;
    for (int rounds = 0; quiet < 2; ++rounds) {
        check(rounds < 10'000, "the server comes to rest after an input");
        wait_for(hashing_);
        wait_for(*store_);
        io_.restart();
        const auto ran = io_.poll() + read_output();
        quiet = ran == 0 ? quiet + 1 : 0;
    }
}

std::size_t session_rig::read_output() {
    std::size_t events = 0;
    for (auto& c : connections_) {
        if (tracing() && !c.sink->written.empty())
            std::cerr << "connection " << (&c - connections_.data()) << ":\n";
        for (const auto& bytes : c.sink->written) {
            v1::ServerFrame frame;
            check(frame.ParseFromString(*bytes), "every frame the server writes parses");
            if (tracing()) std::cerr << "server -> " << frame.ShortDebugString() << "\n";
            if (frame.has_invite_created()) latest_invite_id_ = frame.invite_created().invite_id();
            if (frame.has_auth() && !frame.auth().session_token().empty())
                latest_token_ = frame.auth().session_token();
        }
        c.sink->written.clear();
        if (c.sink->closed) continue;
        if (c.sink->closing) {
            c.sink->closed = true;
            c.session->on_closed();
            ++events;
        } else if (c.sink->queued > 0) {
            c.sink->queued = 0;
            c.session->on_queue_drained();
            ++events;
        }
    }
    return events;
}

std::string session_rig::with_latest_ids(std::string_view bytes) const {
    v1::ClientFrame frame;
    if (!frame.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
        return std::string(bytes);
    bool changed = false;
    auto replace = [&changed](std::string* field, const std::string& latest) {
        if (*field != "@") return;
        *field = latest;
        changed = true;
    };
    if (frame.has_redeem_invite())
        replace(frame.mutable_redeem_invite()->mutable_invite_id(), latest_invite_id_);
    if (frame.has_lookup_invite())
        replace(frame.mutable_lookup_invite()->mutable_invite_id(), latest_invite_id_);
    if (frame.has_resume()) replace(frame.mutable_resume()->mutable_session_token(), latest_token_);
    return changed ? frame.SerializeAsString() : std::string(bytes);
}

}  // namespace toward::fuzz
