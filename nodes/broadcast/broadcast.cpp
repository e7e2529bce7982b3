#include "nodes/broadcast/broadcast.hpp"

#include <map>
#include <memory>
#include <set>

#include "common/runtime/storage/group_commit.hpp"
#include "common/runtime/storage/record_log.hpp"

namespace squall::broadcast {

namespace {

using message_set = std::set<nlohmann::json>;

struct peer_link {
    message_set unsent;     // not yet sent to this peer (or sent, and the batch was lost)
    message_set in_flight;  // sent in a batch whose gossip_ok has not arrived yet
};

class broadcaster {
public:
    broadcaster(node& n, options opts)
        : node_{n}, opts_{opts}, log_{n.store(), "broadcast"}, commit_{n, [this] { log_.sync(); }} {}

    // Reads what an earlier run of this node stored, before init.
    void recover() {
        const record_log::contents stored = log_.recover();
        if (stored.snapshot) { add_all(nlohmann::json::parse(*stored.snapshot)); }
        for (const std::string& record : stored.records) { add_all(nlohmann::json::parse(record)); }
    }

    void start() {
        ensure_links();
        node_.every(hub() ? opts_.hub_tick : opts_.leaf_tick, [this] { flush(); });
    }

    // Adds messages learned from `from` (a client or a peer), queues them for the others, and
    // returns once they are durable, so the caller may acknowledge them.
    void learn(const nlohmann::json& messages, const std::string& from) {
        ensure_links();
        nlohmann::json fresh = nlohmann::json::array();
        for (const auto& m : messages) {
            if (auto link = links_.find(from); link != links_.end()) {
                link->second.unsent.erase(m);  // the sender has it
                link->second.in_flight.erase(m);
            }
            if (!seen_.insert(m).second) { continue; }
            fresh.push_back(m);
            for (auto& [peer, link] : links_) {
                if (peer != from) { link.unsent.insert(m); }
            }
        }
        if (!fresh.empty()) {
            log_.append(fresh.dump());
            if (log_.should_compact()) { log_.compact(nlohmann::json(seen_).dump()); }
        }
        // Also when nothing was new: another fiber's append of the same message may still be
        // waiting for its sync.
        if (log_.has_unsynced()) { commit_.wait(); }
    }

    nlohmann::json read() {
        nlohmann::json messages(seen_);
        if (log_.has_unsynced()) { commit_.wait(); }  // answer only with what is durable
        return messages;
    }

private:
    bool hub() const { return !node_.node_ids().empty() && node_.node_ids().front() == node_.id(); }

    // Every message already known (recovered after a restart) is queued for every peer: we
    // cannot know which of them we had forwarded before the crash. Receivers drop duplicates.
    void ensure_links() {
        if (links_ready_) { return; }
        links_ready_ = true;
        const auto& ids = node_.node_ids();
        for (const std::string& peer : ids) {
            if (peer == node_.id()) { continue; }
            if (hub() || peer == ids.front()) { links_[peer].unsent = seen_; }
        }
    }

    void add_all(const nlohmann::json& messages) {
        for (const auto& m : messages) { seen_.insert(m); }
    }

    // Batches are pipelined: a new batch does not wait for the previous one's gossip_ok (a
    // round trip is two network latencies, longer than a tick). A batch that is not
    // acknowledged in time goes back to `unsent` and is sent again.
    void flush() {
        for (auto& [peer, link] : links_) {
            if (link.unsent.empty()) { continue; }
            auto batch = std::make_shared<message_set>(std::move(link.unsent));
            link.unsent.clear();
            link.in_flight.insert(batch->begin(), batch->end());
            node_.rpc(peer, {{"type", "gossip"}, {"messages", *batch}}, opts_.ack_timeout,
                      [this, peer = peer, batch](const rpc_result& result) {
                          peer_link& l = links_[peer];
                          for (const auto& m : *batch) {
                              if (l.in_flight.erase(m) > 0 && !result.ok()) { l.unsent.insert(m); }
                          }
                      });
        }
    }

    node& node_;
    options opts_;
    record_log log_;  // the messages in seen_, as appended batches on top of a snapshot
    group_commit commit_;
    message_set seen_;
    std::map<std::string, peer_link> links_;
    bool links_ready_ = false;
};

}  // namespace

options options::from_args(const std::vector<std::string>& args) {
    for (const std::string& arg : args) {
        if (arg == "--efficient") { return efficient(); }
    }
    return {};
}

void install(node& n, const options& opts) {
    auto state = std::make_shared<broadcaster>(n, opts);
    state->recover();
    n.on_init([state] { state->start(); });
    n.on("topology", [&n](const message& m) {
        n.reply(m, {{"type", "topology_ok"}});  // a suggestion we do not need: see the header
    });
    n.on("broadcast", [&n, state](const message& m) {
        const auto& body = m.body();
        if (!body.contains("message")) { throw rpc_error(error_code::malformed_request, "broadcast needs a message"); }
        state->learn(nlohmann::json::array({body["message"]}), m.src);
        n.reply(m, {{"type", "broadcast_ok"}});
    });
    n.on("read", [&n, state](const message& m) { n.reply(m, {{"type", "read_ok"}, {"messages", state->read()}}); });
    n.on("gossip", [&n, state](const message& m) {
        const auto& messages = m.body().value("messages", nlohmann::json::array());
        if (!messages.is_array()) { throw rpc_error(error_code::malformed_request, "gossip needs messages"); }
        state->learn(messages, m.src);
        n.reply(m, {{"type", "gossip_ok"}});
    });
}

}  // namespace squall::broadcast
