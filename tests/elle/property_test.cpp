// Properties over generated histories (a seeded loop; rapidcheck is not a dependency):
//   - a serial execution is valid at every model, for both workloads;
//   - moving a transaction before one whose write it read breaks real-time order only: the
//     checker must flag strict-serializable and still accept serializable.
#include <catch2/catch.hpp>

#include <map>
#include <random>

#include "tests/elle/txn_history_builder.hpp"
#include "workloads/elle/consistency_models.hpp"

namespace squall::elle::test {
namespace {

struct serial_run {
    std::vector<std::pair<std::int64_t, json>> txns;  // (process, completed txn)
    std::vector<bool> aborted;
};

// Executes random transactions one at a time against an in-memory store. Aborted transactions
// change nothing; keys roll forward like Maelstrom's generator.
serial_run generate_serial(std::uint64_t seed, bool lists, int count) {
    std::mt19937_64 rng(seed);
    std::map<int, json> store;  // key -> list, or register value
    serial_run run;
    int next_value = 1;
    int first_key = 0;
    for (int i = 0; i < count; ++i) {
        if (rng() % 8 == 0) { ++first_key; }
        const int length = 1 + static_cast<int>(rng() % 4);
        const bool abort = rng() % 10 == 0;
        json txn = json::array();
        auto state = store;
        for (int m = 0; m < length; ++m) {
            const int key = first_key + static_cast<int>(rng() % 4);
            if (rng() % 2 == 0) {
                json seen = state.count(key) ? state[key] : json();
                txn.push_back({"r", key, seen});
            } else {
                const int v = next_value++;
                txn.push_back({lists ? "append" : "w", key, v});
                if (lists) {
                    if (!state.count(key)) { state[key] = json::array(); }
                    state[key].push_back(v);
                } else {
                    state[key] = v;
                }
            }
        }
        if (!abort) { store = std::move(state); }
        run.txns.emplace_back(static_cast<std::int64_t>(rng() % 10), std::move(txn));
        run.aborted.push_back(abort);
    }
    return run;
}

txn_history_builder serial_history(const serial_run& run, std::size_t swap_at = SIZE_MAX) {
    txn_history_builder b;
    for (std::size_t i = 0; i < run.txns.size(); ++i) {
        std::size_t j = i;
        if (swap_at != SIZE_MAX && i == swap_at) { j = i + 1; }
        if (swap_at != SIZE_MAX && i == swap_at + 1) { j = swap_at; }
        const auto& [process, txn] = run.txns[j];
        b.invoke(process, txn);
        run.aborted[j] ? b.fail(process, txn) : b.ok(process, txn);
    }
    return b;
}

// An adjacent committed pair on different processes where the second read a key the first
// wrote (so the second depends on the first).
std::size_t dependent_pair(const serial_run& run) {
    for (std::size_t i = 0; i + 1 < run.txns.size(); ++i) {
        if (run.aborted[i] || run.aborted[i + 1] || run.txns[i].first == run.txns[i + 1].first) { continue; }
        for (const auto& w : run.txns[i].second) {
            if (w[0] == "r") { continue; }
            bool written_later = false;
            for (const auto& r : run.txns[i + 1].second) {
                if (r[1] == w[1] && r[0] != "r") { written_later = true; }
                if (r[1] == w[1] && r[0] == "r" && !written_later) { return i; }
            }
        }
    }
    return SIZE_MAX;
}

}  // namespace

TEST_CASE("serial histories are valid at every model", "[elle][property]") {
    for (bool lists : {true, false}) {
        for (std::uint64_t seed = 1; seed <= 60; ++seed) {
            const auto run = generate_serial(seed, lists, 40 + static_cast<int>(seed % 7) * 10);
            const auto model = lists ? model_kind::list_append : model_kind::rw_register;
            const json r = check_models(serial_history(run).history(), model, known_models());
            INFO("seed " << seed << (lists ? " list-append" : " rw-register") << ": " << r.dump());
            CHECK(r["valid?"] == true);
        }
    }
}

TEST_CASE("a swap that breaks only real-time order fails strict-serializable, not serializable", "[elle][property]") {
    int tried = 0;
    for (bool lists : {true, false}) {
        for (std::uint64_t seed = 100; seed < 160; ++seed) {
            const auto run = generate_serial(seed, lists, 50);
            const std::size_t at = dependent_pair(run);
            if (at == SIZE_MAX) { continue; }
            ++tried;
            const auto h = serial_history(run, at).history();
            const auto model = lists ? model_kind::list_append : model_kind::rw_register;
            INFO("seed " << seed << (lists ? " list-append" : " rw-register") << ", swapped at " << at);
            CHECK(check_models(h, model, {"strict-serializable"})["valid?"] == false);
            CHECK(check_models(h, model, {"serializable"})["valid?"] == true);
        }
    }
    CHECK(tried >= 60);
}

}  // namespace squall::elle::test
