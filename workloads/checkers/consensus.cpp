#include "workloads/checkers/consensus.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace squall::checkers {
namespace {

using nlohmann::json;

bool is_pair(const json& v) { return v.is_array() && v.size() == 2; }

struct answer {
    json decided;
    std::int64_t invoked_ns = 0;
    std::int64_t completed_ns = 0;
    std::int64_t process = 0;
};

struct instance_view {
    std::map<std::string, std::int64_t> proposed;  // value text -> first invocation time
    std::vector<answer> answers;                   // in completion order
};

void add_example(json& list, json example) {
    if (list.size() < 16) { list.push_back(std::move(example)); }
}

}  // namespace

json check_consensus(const history::history& h) {
    std::map<std::string, json> instance_ids;         // key text -> instance as in the history
    std::map<std::string, instance_view> instances;   // by the instance's text
    std::map<std::int64_t, const history::op*> open;  // process -> its pending invoke
    std::int64_t attempted = 0;
    std::int64_t acknowledged = 0;
    json malformed = json::array();
    for (const auto& o : h) {
        if (!o.is_client() || o.f != "propose") { continue; }
        if (o.type == history::op_type::invoke) {
            open[o.process] = &o;
            ++attempted;
            if (!is_pair(o.value)) {
                add_example(malformed, o.index);
                continue;
            }
            const std::string key = o.value[0].dump();
            instance_ids.emplace(key, o.value[0]);
            instances[key].proposed.emplace(o.value[1].dump(), o.time_ns);  // keeps the first
            continue;
        }
        const auto inv = open.find(o.process);
        const history::op* invoke = inv == open.end() ? nullptr : inv->second;
        if (inv != open.end()) { open.erase(inv); }
        if (o.type != history::op_type::ok) { continue; }
        ++acknowledged;
        if (invoke == nullptr || !is_pair(o.value) || !is_pair(invoke->value) || o.value[0] != invoke->value[0]) {
            add_example(malformed, o.index);
            continue;
        }
        instances[o.value[0].dump()].answers.push_back(answer{o.value[1], invoke->time_ns, o.time_ns, o.process});
    }

    json agreement = json::array();
    json validity = json::array();
    json stability = json::array();
    std::int64_t agreement_count = 0;
    std::int64_t validity_count = 0;
    std::int64_t stability_count = 0;
    std::int64_t decided_instances = 0;
    for (const auto& [key, view] : instances) {
        const json& id = instance_ids[key];
        std::set<std::string> values;
        for (const answer& a : view.answers) { values.insert(a.decided.dump()); }
        decided_instances += values.empty() ? 0 : 1;
        if (values.size() > 1) {
            ++agreement_count;
            json decided = json::array();
            for (const std::string& v : values) { decided.push_back(json::parse(v)); }
            add_example(agreement, {{"instance", id}, {"decided", decided}});
        }
        for (const answer& a : view.answers) {
            const auto p = view.proposed.find(a.decided.dump());
            if (p == view.proposed.end() || p->second > a.completed_ns) {
                ++validity_count;
                add_example(validity, {{"instance", id},
                                       {"decided", a.decided},
                                       {"process", a.process},
                                       {"why", p == view.proposed.end() ? "never proposed for this instance"
                                                                        : "proposed only after the answer"}});
            }
        }
        // Stability: the earliest-completing answer seen so far binds every later invocation.
        const answer* first_seen = nullptr;
        for (const answer& a : view.answers) {
            if (first_seen == nullptr || a.completed_ns < first_seen->completed_ns) { first_seen = &a; }
        }
        for (const answer& a : view.answers) {
            if (first_seen != nullptr && a.invoked_ns > first_seen->completed_ns && a.decided != first_seen->decided) {
                ++stability_count;
                add_example(stability, {{"instance", id},
                                        {"seen", first_seen->decided},
                                        {"seen-at-ns", first_seen->completed_ns},
                                        {"later", a.decided},
                                        {"later-invoked-ns", a.invoked_ns}});
            }
        }
    }

    json types = json::array();
    if (agreement_count > 0) { types.push_back("agreement"); }
    if (validity_count > 0) { types.push_back("validity"); }
    if (stability_count > 0) { types.push_back("stability"); }
    if (!malformed.empty()) { types.push_back("malformed"); }
    return {{"valid?", types.empty()},
            {"anomaly-types", types},
            {"attempted-count", attempted},
            {"acknowledged-count", acknowledged},
            {"instance-count", instances.size()},
            {"decided-instance-count", decided_instances},
            {"agreement-count", agreement_count},
            {"agreement", agreement},
            {"validity-count", validity_count},
            {"validity", validity},
            {"stability-count", stability_count},
            {"stability", stability},
            {"malformed", malformed}};
}

}  // namespace squall::checkers
