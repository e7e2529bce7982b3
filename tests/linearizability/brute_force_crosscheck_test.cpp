// The search against a deliberately simple checker: random small histories from a simulated
// store (some with a corrupted read), judged by trying every order that respects real time,
// with no cache and no pruning. Both must agree on every history: lin-kv (partitioned and
// as one search), cas-register with the etcd meaning of a failed cas, and kv.
#include <catch2/catch.hpp>

#include <array>
#include <functional>
#include <map>
#include <random>
#include <vector>

#include "tests/linearizability/history_builder.hpp"
#include "workloads/linearizability/checker.hpp"

namespace {

using nlohmann::json;
using squall::lin::op_status;
using squall::lin::operation;
using squall::lin::verdict;

// --- the simple checker ---

using store = std::map<json, json>;  // key -> value; a missing key is absent
// Applies one operation to the store; false when its outcome is impossible there.
using apply_fn = std::function<bool(const operation&, store&)>;

bool some_order_works(const std::vector<operation>& ops, std::vector<bool>& placed, const store& state,
                      std::size_t remaining, const apply_fn& apply) {
    if (remaining == 0) { return true; }
    for (std::size_t i = 0; i < ops.size(); ++i) {
        if (placed[i]) { continue; }
        bool must_wait = false;  // some unplaced op returned before this one was called
        for (std::size_t j = 0; j < ops.size() && !must_wait; ++j) {
            must_wait = !placed[j] && ops[j].return_position < ops[i].call_position;
        }
        if (must_wait) { continue; }
        store next = state;
        if (!apply(ops[i], next)) { continue; }
        placed[i] = true;
        if (some_order_works(ops, placed, next, remaining - 1, apply)) { return true; }
        placed[i] = false;
    }
    return false;
}

verdict brute_force(const squall::history::history& events, bool fail_is_false_cas, const apply_fn& apply) {
    std::vector<operation> ops;
    for (const auto& o : squall::lin::pair_operations(events)) {
        const bool counts = o.status != op_status::failed || (fail_is_false_cas && o.f == "cas");
        const bool read = o.f == "read" || o.f == "get";
        if (counts && !(read && o.status != op_status::ok)) { ops.push_back(o); }
    }
    std::vector<bool> placed(ops.size(), false);
    return some_order_works(ops, placed, {}, ops.size(), apply) ? verdict::valid : verdict::invalid;
}

// Registers: read, write, cas on [key, value] tuples.
bool apply_register(const operation& o, store& s) {
    const json& key = o.input[0];
    const json current = s.count(key) != 0 ? s[key] : json();
    if (o.f == "read") { return current == o.output[1]; }
    if (o.f == "write") {
        s[key] = o.input[1];
        return true;
    }
    const bool matches = current == o.input[1][0];
    if (matches && o.status != op_status::failed) { s[key] = o.input[1][1]; }
    if (o.status == op_status::indeterminate) { return true; }
    return matches == (o.status == op_status::ok);
}

// Strings: get, put, append; an absent key reads as "".
bool apply_string(const operation& o, store& s) {
    const json& key = o.input[0];
    const std::string current = s.count(key) != 0 ? s[key].get<std::string>() : "";
    if (o.f == "get") { return current == o.output[1]; }
    s[key] = o.f == "put" ? o.input[1].get<std::string>() : current + o.input[1].get<std::string>();
    return true;
}

// --- the generator: a store that applies each op at a random moment while it is open ---

struct open_op {
    std::string f;
    json key, argument;
    bool applied = false;
    bool took_effect = false;
    json seen;
};

class simulation {
public:
    simulation(std::uint32_t seed, bool strings) : rng_(seed), strings_(strings) {}

    squall::history::history run(int total_ops) {
        squall::lin::testing::history_builder h;
        std::map<int, open_op> open;  // by process
        for (int invoked = 0; invoked < total_ops || !open.empty();) {
            const int process = roll(4);
            const auto it = open.find(process);
            if (it == open.end()) {
                if (invoked == total_ops) { continue; }
                open_op o = next_op();
                h.invoke(process, o.f, json::array({o.key, o.argument}));
                open.emplace(process, o);
                ++invoked;
            } else if (!it->second.applied) {
                apply(it->second);
            } else {
                complete(h, process, it->second);
                open.erase(it);
            }
        }
        return h.events();
    }

private:
    int roll(int n) { return int(rng_() % std::uint32_t(n)); }

    json random_value() { return strings_ ? json(std::string(1, char('a' + roll(3)))) : json(roll(3)); }

    open_op next_op() {
        open_op o;
        o.f = strings_ ? std::array{"get", "put", "append"}[roll(3)] : std::array{"read", "write", "cas"}[roll(3)];
        o.key = roll(2);
        if (o.f == "cas") { o.argument = {roll(3), roll(3)}; }
        if (o.f != "read" && o.f != "get" && o.f != "cas") { o.argument = random_value(); }
        return o;
    }

    void apply(open_op& o) {  // the moment the store applies it
        o.applied = true;
        json& value = values_[o.key];
        o.seen = strings_ && value.is_null() ? json("") : value;
        if (o.f == "write" || o.f == "put") {
            value = o.argument;
        } else if (o.f == "append") {
            value = o.seen.get<std::string>() + o.argument.get<std::string>();
        } else if (o.f == "cas" && value == o.argument[0]) {
            value = o.argument[1];
        } else {
            return;
        }
        o.took_effect = true;
    }

    void complete(squall::lin::testing::history_builder& h, int process, const open_op& o) {
        const json tuple = json::array({o.key, o.argument});
        if (o.f == "read" || o.f == "get") {
            const json shown = roll(6) == 0 ? random_value() : o.seen;  // sometimes corrupted
            h.ok(process, o.f, json::array({o.key, shown}));
        } else if (roll(5) == 0) {
            h.info(process, o.f, tuple);
        } else if (o.f == "cas" && !o.took_effect) {
            h.fail(process, "cas", tuple);
        } else {
            h.ok(process, o.f, tuple);
        }
    }

    std::mt19937 rng_;
    bool strings_;
    std::map<json, json> values_;
};

// Runs `rounds` random histories through `check` and the brute force; both verdicts must
// be common, or the agreement proves little.
void crosscheck(bool strings, std::uint32_t seed, bool fail_is_false_cas,
                const std::function<void(const squall::history::history&, verdict)>& check) {
    int valid = 0, invalid = 0;
    for (int round = 0; round < 800; ++round) {
        const auto events = simulation(seed + std::uint32_t(round), strings).run(8);
        const verdict expected = brute_force(events, fail_is_false_cas, strings ? apply_string : apply_register);
        (expected == verdict::valid ? valid : invalid) += 1;
        INFO("round " << round);
        check(events, expected);
    }
    CHECK(valid > 200);
    CHECK(invalid > 100);
}

}  // namespace

TEST_CASE("lin-kv agrees with trying every order", "[lin][crosscheck]") {
    crosscheck(false, 1000, false, [](const auto& events, verdict expected) {
        CHECK(squall::lin::check_lin_kv(events).result == expected);
        squall::lin::check_options one_search;
        one_search.partition_by_key = false;
        CHECK(squall::lin::check_lin_kv(events, one_search).result == expected);
    });
}

TEST_CASE("a failed cas that ran agrees with trying every order", "[lin][crosscheck]") {
    crosscheck(false, 2000, true, [](const auto& events, verdict expected) {
        squall::lin::check_options etcd;
        etcd.fail_means = squall::lin::failure_meaning::cas_returned_false;
        etcd.partition_by_key = false;
        CHECK(squall::lin::check_lin_kv(events, etcd).result == expected);
    });
}

TEST_CASE("kv agrees with trying every order", "[lin][crosscheck]") {
    crosscheck(true, 3000, false, [](const auto& events, verdict expected) {
        using squall::lin::model_kind;
        CHECK(squall::lin::check_history(model_kind::kv, events, {}).result == expected);
        squall::lin::check_options one_search;
        one_search.partition_by_key = false;
        CHECK(squall::lin::check_history(model_kind::kv, events, one_search).result == expected);
    });
}
