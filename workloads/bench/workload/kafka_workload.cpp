#include "workloads/bench/workload/kafka_workload.hpp"

#include <algorithm>

#include "workloads/checkers/kafka.hpp"

namespace squall::bench {
namespace {

constexpr double assign_chance = 1.0 / 64;       // Jepsen's :sub-p
constexpr double chase_unseen_chance = 1.0 / 3;  // poll-unseen: an assign also takes unread keys
constexpr double crash_every_s = 30;             // per client, on average
constexpr std::int64_t final_poll_gap_ns = 200'000'000;

std::string key_name(std::int64_t k) { return std::to_string(k); }

bool is_offset_map(const nlohmann::json& j) {
    if (!j.is_object()) { return false; }
    return std::all_of(j.begin(), j.end(), [](const nlohmann::json& v) { return v.is_number_integer(); });
}

// {key: [[offset, msg], ...]}, offsets integers.
bool is_msgs(const nlohmann::json& j) {
    if (!j.is_object()) { return false; }
    for (const auto& pairs : j) {
        if (!pairs.is_array()) { return false; }
        for (const auto& p : pairs) {
            if (!p.is_array() || p.size() != 2 || !p[0].is_number_integer()) { return false; }
        }
    }
    return true;
}

}  // namespace

std::map<std::string, std::int64_t> kafka_max_offsets(const std::string& f, const nlohmann::json& value) {
    std::map<std::string, std::int64_t> out;
    if (!value.is_array()) { return out; }
    for (const auto& mop : value) {
        if (!mop.is_array() || mop.empty()) { continue; }
        if (f == "send" && mop[0] == "send" && mop.size() == 3 && mop[1].is_string() && mop[2].is_array() &&
            mop[2].size() == 2 && mop[2][0].is_number_integer()) {
            auto [it, fresh] = out.try_emplace(mop[1].get<std::string>(), 0);
            it->second = std::max(it->second, mop[2][0].get<std::int64_t>());
        } else if (f == "poll" && mop[0] == "poll" && mop.size() == 2 && mop[1].is_object()) {
            for (const auto& [k, pairs] : mop[1].items()) {
                std::int64_t top = -1;
                for (const auto& p : pairs) {
                    if (p.is_array() && !p.empty() && p[0].is_number_integer()) {
                        top = std::max(top, p[0].get<std::int64_t>());
                    }
                }
                auto [it, fresh] = out.try_emplace(k, top);
                it->second = std::max(it->second, top);
            }
        }
    }
    return out;
}

kafka_workload::kafka_workload(rng r, const test_options& o)
    : rng_(r.split()),
      gen_(r.split(), txn_generator_options{o.key_count.value_or(10), 1, 1, o.max_writes_per_key}),
      crash_interval_s_(crash_every_s / std::max(1, o.concurrency)) {}

op_spec kafka_workload::from_mop(const micro_op& m) const {
    if (m.write) { return op_spec{"send", nlohmann::json::array({{"send", key_name(m.key), *m.value}})}; }
    return op_spec{"poll", nlohmann::json::array({nlohmann::json::array({"poll"})})};
}

std::optional<op_spec> kafka_workload::next_op(int, std::int64_t) {
    const std::int64_t now = now_ns();
    if (!next_crash_ns_) { next_crash_ns_ = now; }  // Jepsen's stagger emits its first op at once
    if (now >= *next_crash_ns_) {
        *next_crash_ns_ += static_cast<std::int64_t>(rng_.unit() * 2 * crash_interval_s_ * 1e9);
        return op_spec{"crash", nullptr};
    }
    if (!held_) { held_ = gen_.next().front(); }
    if (rng_.chance(assign_chance)) {
        std::vector<std::string> keys = {key_name(held_->key)};
        if (rng_.chance(chase_unseen_chance) && !sent_.empty()) {
            for (const auto& [k, offset] : sent_) {
                if (std::find(keys.begin(), keys.end(), k) == keys.end()) { keys.push_back(k); }
            }
        }
        return op_spec{"assign", keys};  // the held op comes next
    }
    const micro_op m = *held_;
    held_.reset();
    return from_mop(m);
}

std::optional<op_spec> kafka_workload::final_op(int thread) {
    if (max_offsets_.empty()) { return std::nullopt; }  // nothing was ever sent or polled
    finals_[thread] = final_state{max_offsets_, 0};
    return op_spec{"crash", nullptr};
}

std::optional<paced_op> kafka_workload::next_final_op(int thread) {
    auto it = finals_.find(thread);
    if (it == finals_.end() || it->second.target.empty()) { return std::nullopt; }
    final_state& s = it->second;
    if (s.stage == 0) {
        s.stage = 1;
        nlohmann::json keys = nlohmann::json::array();
        for (const auto& [k, offset] : s.target) { keys.push_back(k); }
        return paced_op{op_spec{"assign", keys, {{"seek-to-beginning?", true}}}, 0};
    }
    const std::int64_t delay = s.stage == 1 ? 0 : static_cast<std::int64_t>(rng_.unit() * 2 * final_poll_gap_ns);
    s.stage = 2;
    return paced_op{from_mop(micro_op{}), delay};
}

nlohmann::json kafka_workload::request(const op_spec& op) const {
    if (op.f == "send") { return {{"type", "send"}, {"key", op.value[0][1]}, {"msg", op.value[0][2]}}; }
    if (op.f == "poll") { return {{"type", "poll"}, {"offsets", nlohmann::json::object()}}; }
    if (op.f == "assign") { return {{"type", "list_committed_offsets"}, {"keys", op.value}}; }
    return {{"type", op.f}};
}

std::optional<nlohmann::json> kafka_workload::ok_value(const op_spec& op, nlohmann::json& reply) const {
    if (op.f == "send") {
        auto it = reply.find("offset");
        if (it == reply.end() || !it->is_number_integer()) { return std::nullopt; }
        return nlohmann::json::array({{"send", op.value[0][1], {*it, op.value[0][2]}}});
    }
    if (op.f == "poll") {
        auto it = reply.find("msgs");
        if (it == reply.end() || !is_msgs(*it)) { return std::nullopt; }
        return nlohmann::json::array({{"poll", std::move(*it)}});
    }
    if (op.f == "assign") {
        auto it = reply.find("offsets");
        if (it == reply.end() || !is_offset_map(*it)) { return std::nullopt; }
        return op.value;
    }
    return std::nullopt;
}

std::optional<nlohmann::json> kafka_workload::step_request(int thread, const op_spec& op, int step,
                                                           const nlohmann::json& value) {
    if (op.f == "crash") { return std::nullopt; }
    if (op.f == "assign") {
        if (step > 0 || (op.extra.is_object() && op.extra.value("seek-to-beginning?", false))) { return std::nullopt; }
        return request(op);
    }
    if (op.f == "send") { return step == 0 ? std::optional(request(op)) : std::nullopt; }
    // poll, then commit the highest offset polled per key (if any were).
    if (step == 0) {
        nlohmann::json offsets = nlohmann::json::object();
        for (const auto& [k, offset] : offsets_[thread]) { offsets[k] = offset; }
        return nlohmann::json{{"type", "poll"}, {"offsets", offsets}};
    }
    if (step > 1) { return std::nullopt; }
    nlohmann::json commit = nlohmann::json::object();
    for (const auto& [k, pairs] : value[0][1].items()) {
        for (const auto& p : pairs) {
            const std::int64_t o = p[0].get<std::int64_t>();
            commit[k] = std::max(commit.value(k, std::int64_t{0}), o);
        }
    }
    if (commit.empty()) { return std::nullopt; }
    return nlohmann::json{{"type", "commit_offsets"}, {"offsets", commit}};
}

bool kafka_workload::step_ok(int thread, const op_spec& op, int step, nlohmann::json& value, nlohmann::json& reply) {
    if (op.f == "poll" && step == 1) { return true; }  // commit_offsets_ok carries nothing
    if (op.f == "assign") {
        auto it = reply.find("offsets");
        if (it == reply.end() || !is_offset_map(*it)) { return false; }
        // Keys already assigned keep their place; the others start at the committed offset.
        auto& mine = offsets_[thread];
        std::map<std::string, std::int64_t> next;
        for (const auto& k : op.value) {
            const std::string key = k.get<std::string>();
            if (auto m = mine.find(key); m != mine.end()) {
                next[key] = m->second;
            } else {
                next[key] = it->value(key, std::int64_t{0});
            }
        }
        mine = std::move(next);
        return true;
    }
    auto ok = ok_value(op, reply);
    if (!ok) { return false; }
    value = std::move(*ok);
    if (op.f == "poll") {
        auto& mine = offsets_[thread];
        for (const auto& [k, pairs] : value[0][1].items()) {
            std::int64_t top = -1;
            for (const auto& p : pairs) { top = std::max(top, p[0].get<std::int64_t>()); }
            auto [it, fresh] = mine.try_emplace(k, top + 1);
            it->second = std::max(it->second, top + 1);
        }
    }
    return true;
}

history::op_type kafka_workload::local_outcome(int thread, const op_spec& op) {
    if (op.f == "assign") {  // seek to the beginning: offset 0 on every key
        auto& mine = offsets_[thread];
        mine.clear();
        for (const auto& k : op.value) { mine[k.get<std::string>()] = 0; }
        return history::op_type::ok;
    }
    return history::op_type::info;  // crash: the client is torn down and replaced
}

void kafka_workload::on_complete(int thread, const op_spec& op, history::op_type type, const nlohmann::json& value) {
    if (type == history::op_type::info) { offsets_.erase(thread); }  // a fresh client knows no offsets
    if (type != history::op_type::ok) { return; }
    const auto seen = kafka_max_offsets(op.f, value);
    for (const auto& [k, o] : seen) {
        auto [it, fresh] = max_offsets_.try_emplace(k, o);
        it->second = std::max(it->second, o);
    }
    if (op.f == "send") {
        for (const auto& [k, o] : seen) { sent_[k] = std::max(sent_.count(k) ? sent_[k] : o, o); }
    }
    if (op.f == "poll") {
        for (const auto& [k, o] : seen) { polled_[k] = std::max(polled_.count(k) ? polled_[k] : o, o); }
    }
    // Keys every poll has caught up with are not unseen any more.
    for (auto it = sent_.begin(); it != sent_.end();) {
        auto p = polled_.find(it->first);
        if (p != polled_.end() && p->second >= it->second) {
            polled_.erase(p);
            it = sent_.erase(it);
        } else {
            ++it;
        }
    }
    for (auto it = polled_.begin(); it != polled_.end();) {
        it = sent_.count(it->first) ? std::next(it) : polled_.erase(it);
    }
    if (auto f = finals_.find(thread); f != finals_.end() && op.f == "poll") {
        for (const auto& [k, o] : seen) {
            auto t = f->second.target.find(k);
            if (t != f->second.target.end() && t->second <= o) { f->second.target.erase(t); }
        }
    }
}

nlohmann::json kafka_workload::check(const history::history& h) const { return checkers::check_kafka(h); }

}  // namespace squall::bench
