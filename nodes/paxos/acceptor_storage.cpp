#include "nodes/paxos/acceptor_storage.hpp"

#include <stdexcept>

#include "nodes/paxos/codec.hpp"

namespace squall::paxos_node {

using nlohmann::json;

void acceptor_storage::take(const json& record) {
    if (!record.is_object() || !record.contains("instance") || !record.contains("state")) {
        throw std::invalid_argument("unreadable paxos record");
    }
    latest_[instance_key(record["instance"])] = record;
}

std::map<std::string, acceptor_storage::entry> acceptor_storage::load() {
    const record_log::contents c = log_.recover();
    if (c.snapshot) {
        for (const json& record : json::parse(*c.snapshot)) { take(record); }
    }
    for (const std::string& r : c.records) { take(json::parse(r)); }
    std::map<std::string, entry> out;
    for (const auto& [key, record] : latest_) { out[key] = entry{record["instance"], decode_state(record["state"])}; }
    return out;
}

void acceptor_storage::save(const json& instance, const paxos::persisted_state& s) {
    json record{{"instance", instance}, {"state", encode(s)}};
    log_.append(record.dump());
    latest_[instance_key(instance)] = std::move(record);
    if (log_.should_compact()) {
        json all = json::array();
        for (const auto& [key, r] : latest_) { all.push_back(r); }
        log_.compact(all.dump());
    }
}

}  // namespace squall::paxos_node
