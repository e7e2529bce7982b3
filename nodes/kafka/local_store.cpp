// The local store: each key has one owner, which alone assigns its offsets (README.md).
#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include "common/core/fnv1a.hpp"
#include "common/runtime/storage/group_commit.hpp"
#include "common/runtime/storage/record_log.hpp"
#include "nodes/kafka/logs.hpp"
#include "nodes/kafka/requests.hpp"
#include "nodes/kafka/stores.hpp"

namespace squall::kafka {

namespace {

using offset_map = std::map<std::string, std::int64_t>;

class owner_server {
public:
    owner_server(node& n, options opts)
        : node_{n}, opts_{opts}, log_{n.store(), "kafka"}, commit_{n, [this] { sync(); }} {}

    // Reads what an earlier run of this node stored, before init.
    void recover() {
        const record_log::contents stored = log_.recover();
        if (stored.snapshot) { logs_ = logs::from_json(nlohmann::json::parse(*stored.snapshot)); }
        for (const std::string& record : stored.records) { apply(nlohmann::json::parse(record)); }
        log_.sync();  // what survived a process kill is in the OS, not yet on the disk
        durable_sizes_ = logs_.sizes();
    }

    void send(const message& m) {
        send_request request = parse_send(m.body());
        const std::string& owner = owner_of(request.key);
        if (owner != node_.id()) {
            const rpc_result r =
                node_.call(owner, {{"type", "send"}, {"key", request.key}, {"msg", request.msg}}, opts_.peer_timeout);
            if (r.timeout()) {  // the owner may have appended it: indefinite
                throw rpc_error(error_code::crash, "owner " + owner + " did not answer; the send may have happened");
            }
            pass_on_error(r);
            node_.reply(m, {{"type", "send_ok"}, {"offset", r.body().at("offset")}});
            return;
        }
        // The offset is taken and the record appended in one step (no fiber switch between), so
        // concurrent sends get distinct offsets in the order of their records.
        const std::int64_t offset = logs_.append(request.key, request.msg);
        unsynced_sizes_[request.key] = logs_.size(request.key);
        record({{"s", {request.key, std::move(request.msg)}}});
        durable();
        node_.reply(m, {{"type", "send_ok"}, {"offset", offset}});
    }

    void poll(const message& m) {
        nlohmann::json msgs = nlohmann::json::object();
        for (const auto& [owner, offsets] : by_owner(parse_offsets(m.body()))) {
            if (owner == node_.id()) {
                for (const auto& [key, offset] : offsets) {
                    nlohmann::json found = logs_.read_from(key, offset, visible(key, offset));
                    if (!found.empty()) { msgs[key] = std::move(found); }
                }
                continue;
            }
            // A key whose owner does not answer is left out: poll_ok may omit keys that have
            // nothing available, and the consumer asks again from the same offset.
            const rpc_result r = node_.call(owner, {{"type", "poll"}, {"offsets", offsets}}, opts_.peer_timeout);
            if (!r.ok()) {
                node_.log("poll: owner " + owner + " did not answer; its keys are left out");
                continue;
            }
            const nlohmann::json remote = r.body().value("msgs", nlohmann::json::object());
            for (const auto& [key, found] : remote.items()) { msgs[key] = found; }
        }
        node_.reply(m, {{"type", "poll_ok"}, {"msgs", std::move(msgs)}});
    }

    void commit_offsets(const message& m) {
        bool all = true;
        for (const auto& [owner, offsets] : by_owner(parse_offsets(m.body()))) {
            if (owner == node_.id()) {
                for (const auto& [key, offset] : offsets) {
                    logs_.commit(key, offset);
                    record({{"c", {key, offset}}});
                }
                continue;
            }
            const rpc_result r =
                node_.call(owner, {{"type", "commit_offsets"}, {"offsets", offsets}}, opts_.peer_timeout);
            all = all && r.ok();
        }
        durable();
        if (!all) {  // some owners may have taken theirs: indefinite
            throw rpc_error(error_code::crash, "an owner did not answer; some offsets may be committed");
        }
        node_.reply(m, {{"type", "commit_offsets_ok"}});
    }

    void list_committed_offsets(const message& m) {
        offset_map wanted;
        for (const std::string& key : parse_keys(m.body())) { wanted.emplace(key, 0); }
        nlohmann::json found = nlohmann::json::object();
        for (const auto& [owner, keys] : by_owner(wanted)) {
            if (owner == node_.id()) {
                for (const auto& [key, unused] : keys) {
                    if (const auto offset = logs_.committed(key)) { found[key] = *offset; }
                }
                continue;
            }
            nlohmann::json names = nlohmann::json::array();
            for (const auto& [key, unused] : keys) { names.push_back(key); }
            // Unknown keys may be left out; so are the keys of an owner that does not answer.
            const rpc_result r =
                node_.call(owner, {{"type", "list_committed_offsets"}, {"keys", names}}, opts_.peer_timeout);
            if (!r.ok()) {
                node_.log("list_committed_offsets: owner " + owner + " did not answer; its keys are left out");
                continue;
            }
            const nlohmann::json remote = r.body().value("offsets", nlohmann::json::object());
            for (const auto& [key, offset] : remote.items()) { found[key] = offset; }
        }
        durable();
        node_.reply(m, {{"type", "list_committed_offsets_ok"}, {"offsets", std::move(found)}});
    }

private:
    // The owner of a key: a hash of its name picks one of node_ids(), so every node agrees
    // without asking anyone, and the keys spread evenly.
    const std::string& owner_of(const std::string& key) const {
        const auto& ids = node_.node_ids();
        return ids[fnv1a_64(key) % ids.size()];
    }

    std::map<std::string, offset_map> by_owner(const offset_map& offsets) const {
        std::map<std::string, offset_map> out;
        for (const auto& [key, offset] : offsets) { out[owner_of(key)].emplace(key, offset); }
        return out;
    }

    void apply(const nlohmann::json& r) {
        if (const auto s = r.find("s"); s != r.end()) { logs_.append(s->at(0).get<std::string>(), s->at(1)); }
        if (const auto c = r.find("c"); c != r.end()) {
            logs_.commit(c->at(0).get<std::string>(), c->at(1).get<std::int64_t>());
        }
    }

    void record(const nlohmann::json& r) {
        log_.append(r.dump());
        if (log_.should_compact()) {
            log_.compact(logs_.to_json().dump());  // durable when it returns
            mark_durable(std::exchange(unsynced_sizes_, {}));
        }
    }

    // A poll shows only synced messages, so an offset a consumer has seen is never handed out
    // again after a crash; a message still waiting for its sync shows in a later poll. So a
    // poll never waits for the disk.
    std::size_t visible(const std::string& key, std::int64_t offset) const {
        const auto it = durable_sizes_.find(key);
        const std::size_t from = static_cast<std::size_t>(std::max<std::int64_t>(offset, 0));
        if (it == durable_sizes_.end() || it->second <= from) { return 0; }
        return std::min(opts_.poll_limit, it->second - from);
    }

    void sync() {
        auto synced = std::exchange(unsynced_sizes_, {});
        log_.sync();
        mark_durable(synced);
    }

    void mark_durable(const std::map<std::string, std::size_t>& sizes) {
        for (const auto& [key, size] : sizes) { durable_sizes_[key] = std::max(durable_sizes_[key], size); }
    }

    // Returns once everything recorded so far is durable (one sync serves every waiting fiber).
    // With --sync never, records reach the OS at once (a killed process keeps them) but are
    // never synced, so they count as durable as soon as they are written.
    void durable() {
        if (!opts_.sync) {
            mark_durable(std::exchange(unsynced_sizes_, {}));
            return;
        }
        if (log_.has_unsynced()) { commit_.wait(); }
    }

    static void pass_on_error(const rpc_result& r) {
        if (r.is_error()) { throw rpc_error(r.code(), r.body().value("text", std::string{"the owner refused"})); }
    }

    node& node_;
    options opts_;
    logs logs_;
    record_log log_;                                     // every send and commit since the last snapshot of logs_
    std::map<std::string, std::size_t> durable_sizes_;   // per key, how many messages are synced
    std::map<std::string, std::size_t> unsynced_sizes_;  // per key, its size after appends not yet synced
    group_commit commit_;
};

}  // namespace

void install_local_store(node& n, const options& opts) {
    auto server = std::make_shared<owner_server>(n, opts);
    server->recover();
    n.on("send", [server](const message& m) { server->send(m); });
    n.on("poll", [server](const message& m) { server->poll(m); });
    n.on("commit_offsets", [server](const message& m) { server->commit_offsets(m); });
    n.on("list_committed_offsets", [server](const message& m) { server->list_committed_offsets(m); });
}

}  // namespace squall::kafka
