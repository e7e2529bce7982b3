#include "nodes/txn-rw-register/registers.hpp"

#include <stdexcept>

namespace squall::txn_rw {

namespace {
constexpr std::int64_t max_time = std::int64_t{1} << 62;
}  // namespace

nlohmann::json registers::execute(const nlohmann::json& txn, const std::string& node, write_set& writes) {
    const stamp commit{++clock_, node};
    nlohmann::json done = nlohmann::json::array();
    for (const auto& op : txn) {
        const nlohmann::json& key = op[1];
        if (op[0] == "r") {
            const auto it = state_.find(key);
            done.push_back({"r", key, it == state_.end() ? nlohmann::json(nullptr) : it->second.value});
        } else {
            // Applied in place: the transaction runs in one step, so no other transaction sees
            // a value it overwrites later (no intermediate reads), and its own reads see it.
            state_[key] = versioned{op[2], commit};
            writes[key] = versioned{op[2], commit};
            done.push_back(op);
        }
    }
    return done;
}

void registers::merge(const write_set& writes) {
    for (const auto& [key, write] : writes) { clock_ = std::max(clock_, write.written.time); }
    merge_into(state_, writes);
}

void merge_into(write_set& into, const write_set& writes) {
    for (const auto& [key, write] : writes) {
        auto [it, inserted] = into.try_emplace(key, write);
        if (!inserted && it->second.written < write.written) { it->second = write; }
    }
}

nlohmann::json registers::to_json(const write_set& writes) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [key, write] : writes) {
        out.push_back({key, write.value, write.written.time, write.written.node});
    }
    return out;
}

write_set registers::from_json(const nlohmann::json& j) {
    if (!j.is_array()) { throw std::invalid_argument("a write set is an array"); }
    write_set out;
    for (const auto& w : j) {
        if (!w.is_array() || w.size() != 4 || !w[2].is_number_integer() || !w[3].is_string()) {
            throw std::invalid_argument("a write is [key, value, time, node]");
        }
        // No correct node gets near 2^62 transactions; a time beyond would let the clock overflow.
        if (w[2].is_number_unsigned() ? w[2].get<std::uint64_t>() > static_cast<std::uint64_t>(max_time)
                                      : w[2].get<std::int64_t>() < 0 || w[2].get<std::int64_t>() > max_time) {
            throw std::invalid_argument("a write's time is in [0, 2^62]");
        }
        merge_into(out, write_set{{w[0], versioned{w[1], stamp{w[2].get<std::int64_t>(), w[3].get<std::string>()}}}});
    }
    return out;
}

}  // namespace squall::txn_rw
