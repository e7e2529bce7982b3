// The lin-kv store: each key's log is one value of the lin-kv service, [msg0, msg1, ...], and a
// send appends to it by compare-and-set, so offsets are list positions and lin-kv decides the
// order of concurrent sends (README.md).
#include <map>
#include <memory>
#include <string>

#include "common/runtime/kv_client.hpp"
#include "nodes/kafka/requests.hpp"
#include "nodes/kafka/stores.hpp"

namespace squall::kafka {

namespace {

std::string log_key(const std::string& key) { return "log:" + key; }
std::string committed_key(const std::string& key) { return "committed:" + key; }

class lin_kv_server {
public:
    lin_kv_server(node& n, options opts) : node_{n}, opts_{opts}, kv_{n, opts.kv_service, opts.peer_timeout} {}

    void send(const message& m) {
        const send_request request = parse_send(m.body());
        const std::string name = log_key(request.key);
        // The cas is first tried against the log as this node last saw it, which saves the
        // read when no other node appended since; a refused cas costs one read.
        nlohmann::json seen = known_.count(name) > 0 ? known_[name] : nlohmann::json::array();
        for (int attempt = 0; attempt < max_attempts; ++attempt) {
            nlohmann::json next = seen;
            next.push_back(request.msg);
            const service_result cas = kv_.cas(name, seen, next, /*create_if_not_exists=*/seen.empty());
            if (cas.ok()) {
                known_[name] = next;
                node_.reply(m, {{"type", "send_ok"}, {"offset", static_cast<std::int64_t>(seen.size())}});
                return;
            }
            if (!cas.definite()) {  // it may have taken effect; trying again could append the msg twice
                throw rpc_error(error_code::crash, "lin-kv did not answer a cas; the send may have happened");
            }
            const service_result current = kv_.read(name);
            if (current.ok()) {
                seen = current.value();
            } else if (current.is(error_code::key_does_not_exist)) {
                seen = nlohmann::json::array();
            } else {
                break;  // lin-kv does not answer
            }
            known_[name] = seen;
        }
        throw rpc_error(error_code::temporarily_unavailable,
                        "could not append to " + request.key + "; nothing was sent");
    }

    void poll(const message& m) {
        nlohmann::json msgs = nlohmann::json::object();
        for (const auto& [key, offset] : parse_offsets(m.body())) {
            const service_result log = kv_.read(log_key(key));
            if (!log.ok()) { continue; }  // missing: nothing sent yet; unanswered: the consumer asks again
            const nlohmann::json& list = log.value();
            nlohmann::json found = nlohmann::json::array();
            for (std::size_t i = static_cast<std::size_t>(std::max<std::int64_t>(offset, 0));
                 i < list.size() && found.size() < opts_.poll_limit; ++i) {
                found.push_back(nlohmann::json::array({static_cast<std::int64_t>(i), list[i]}));
            }
            if (!found.empty()) { msgs[key] = std::move(found); }
        }
        node_.reply(m, {{"type", "poll_ok"}, {"msgs", std::move(msgs)}});
    }

    // Raises each key's committed offset, never lowers it: read, then cas from what was read.
    void commit_offsets(const message& m) {
        for (const auto& [key, offset] : parse_offsets(m.body())) {
            const std::string name = committed_key(key);
            bool done = false;
            for (int attempt = 0; attempt < max_attempts && !done; ++attempt) {
                const service_result current = kv_.read(name);
                if (current.ok() && current.value().get<std::int64_t>() >= offset) {
                    done = true;
                } else if (current.ok() || current.is(error_code::key_does_not_exist)) {
                    const bool missing = !current.ok();
                    const service_result cas =
                        kv_.cas(name, missing ? nlohmann::json(offset) : current.value(), offset, missing);
                    done = cas.ok();
                    if (!cas.ok() && !cas.definite()) { break; }
                } else {
                    break;
                }
            }
            if (!done) {
                throw rpc_error(error_code::crash, "could not commit " + key + "; some offsets may be committed");
            }
        }
        node_.reply(m, {{"type", "commit_offsets_ok"}});
    }

    void list_committed_offsets(const message& m) {
        nlohmann::json found = nlohmann::json::object();
        for (const std::string& key : parse_keys(m.body())) {
            const service_result current = kv_.read(committed_key(key));
            if (current.ok()) { found[key] = current.value(); }  // unknown keys may be left out
        }
        node_.reply(m, {{"type", "list_committed_offsets_ok"}, {"offsets", std::move(found)}});
    }

private:
    static constexpr int max_attempts = 16;

    node& node_;
    options opts_;
    kv_client kv_;
    std::map<std::string, nlohmann::json> known_;  // each log as this node last saw it
};

}  // namespace

void install_lin_kv_store(node& n, const options& opts) {
    auto server = std::make_shared<lin_kv_server>(n, opts);
    n.on("send", [server](const message& m) { server->send(m); });
    n.on("poll", [server](const message& m) { server->poll(m); });
    n.on("commit_offsets", [server](const message& m) { server->commit_offsets(m); });
    n.on("list_committed_offsets", [server](const message& m) { server->list_committed_offsets(m); });
}

}  // namespace squall::kafka
