// The search against a deliberately simple checker: random small lin-kv histories from a
// simulated store (some with a corrupted read), judged by trying every order that respects
// real time. Both must agree on every history, partitioned and unpartitioned alike.
#include <catch2/catch.hpp>

#include <array>
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

// --- the simple checker: depth-first over all real-time-respecting orders, no cache ---

struct simple_op {
    int key;
    std::string f;
    int a;        // read result, written value or cas from (-1: nil)
    int b;        // cas to
    bool unknown; // cas outcome unknown
    std::int64_t call, ret;
};

int as_int(const json& v) { return v.is_null() ? -1 : v.get<int>(); }

std::vector<simple_op> simplify(const std::vector<operation>& operations) {
    std::vector<simple_op> ops;
    for (const auto& o : operations) {
        if (o.status == op_status::failed) { continue; }
        if (o.f == "read" && o.status != op_status::ok) { continue; }
        simple_op s{o.input[0].get<int>(), o.f, 0, 0, o.status != op_status::ok,
                    o.call_position, o.return_position};
        if (o.f == "read") { s.a = as_int(o.output[1]); }
        if (o.f == "write") { s.a = as_int(o.input[1]); }
        if (o.f == "cas") {
            s.a = as_int(o.input[1][0]);
            s.b = as_int(o.input[1][1]);
        }
        ops.push_back(s);
    }
    return ops;
}

bool apply(const simple_op& op, std::map<int, int>& state) {
    auto [slot, added] = state.try_emplace(op.key, -1);
    int& value = slot->second;
    if (op.f == "read") { return value == op.a; }
    if (op.f == "write") {
        value = op.a;
        return true;
    }
    if (value == op.a) {
        value = op.b;
        return true;
    }
    return op.unknown;
}

bool some_order_works(const std::vector<simple_op>& ops, std::vector<bool>& placed,
                      const std::map<int, int>& state, std::size_t remaining) {
    if (remaining == 0) { return true; }
    for (std::size_t i = 0; i < ops.size(); ++i) {
        if (placed[i]) { continue; }
        bool must_wait = false;  // some unplaced op returned before this one was called
        for (std::size_t j = 0; j < ops.size() && !must_wait; ++j) {
            must_wait = !placed[j] && ops[j].ret < ops[i].call;
        }
        if (must_wait) { continue; }
        std::map<int, int> next = state;
        if (!apply(ops[i], next)) { continue; }
        placed[i] = true;
        if (some_order_works(ops, placed, next, remaining - 1)) { return true; }
        placed[i] = false;
    }
    return false;
}

// --- the generator: a store that applies each op at a random moment while it is open ---

struct open_op {
    std::string f;
    int key, a, b;
    bool applied = false;
    bool took_effect = false;
    int seen = -1;
};

json keyed(int key, json value) { return json::array({key, std::move(value)}); }

json value_json(int v) { return v < 0 ? json() : json(v); }

squall::history::history random_history(std::mt19937& rng, int total_ops) {
    squall::lin::testing::history_builder h;
    std::map<int, int> store;
    std::map<int, open_op> open;  // by process
    int invoked = 0;
    const auto roll = [&](int n) { return int(rng() % std::uint32_t(n)); };
    while (invoked < total_ops || !open.empty()) {
        const int process = roll(3);
        auto it = open.find(process);
        if (it == open.end()) {
            if (invoked == total_ops) { continue; }
            open_op o{std::array{"read", "write", "cas"}[roll(3)], roll(2), roll(3), roll(3)};
            const json input = o.f == "cas" ? keyed(o.key, {o.a, o.b})
                                            : keyed(o.key, o.f == "read" ? json() : json(o.a));
            h.invoke(process, o.f, input);
            open.emplace(process, o);
            ++invoked;
            continue;
        }
        open_op& o = it->second;
        if (!o.applied) {  // the moment the store applies it
            o.applied = true;
            int& value = store.try_emplace(o.key, -1).first->second;
            o.seen = value;
            if (o.f == "write" || (o.f == "cas" && value == o.a)) {
                value = o.f == "write" ? o.a : o.b;
                o.took_effect = true;
            }
            continue;
        }
        const json written = o.f == "cas" ? keyed(o.key, {o.a, o.b}) : keyed(o.key, o.a);
        if (o.f == "read") {
            const int shown = roll(6) == 0 ? roll(3) : o.seen;  // sometimes a corrupted read
            h.ok(process, "read", keyed(o.key, value_json(shown)));
        } else if (roll(5) == 0) {
            h.info(process, o.f, written);
        } else if (o.f == "cas" && !o.took_effect) {
            h.fail(process, "cas", written);
        } else {
            h.ok(process, o.f, written);
        }
        open.erase(it);
    }
    return h.events();
}

}  // namespace

TEST_CASE("the search agrees with trying every order", "[lin][crosscheck]") {
    std::mt19937 rng(20240607);
    int valid = 0, invalid = 0;
    for (int round = 0; round < 400; ++round) {
        const auto events = random_history(rng, 7);
        const auto operations = squall::lin::pair_operations(events);
        const auto ops = simplify(operations);
        std::vector<bool> placed(ops.size(), false);
        const bool expected_valid = some_order_works(ops, placed, {}, ops.size());
        const verdict expected = expected_valid ? verdict::valid : verdict::invalid;
        (expected_valid ? valid : invalid) += 1;
        INFO("round " << round);
        CHECK(squall::lin::check_lin_kv(events).result == expected);
        squall::lin::check_options one_search;
        one_search.partition_by_key = false;
        CHECK(squall::lin::check_lin_kv(events, one_search).result == expected);
    }
    // Both verdicts must be common, or the comparison proves little.
    CHECK(valid > 100);
    CHECK(invalid > 100);
}
