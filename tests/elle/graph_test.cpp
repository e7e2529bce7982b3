// The graph's parts: the real-time frontier against the quadratic definition, Tarjan on a
// long cycle, and cycle naming; plus the -process and -realtime variants of G0 and G1c.
#include <catch2/catch.hpp>

#include <random>
#include <set>

#include "tests/elle/txn_history_builder.hpp"
#include "workloads/elle/cycle_search.hpp"
#include "workloads/elle/dependency_graph.hpp"
#include "workloads/elle/scc.hpp"

namespace squall::elle::test {

TEST_CASE("the real-time frontier's closure is exactly the real-time order", "[elle][graph]") {
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        std::mt19937_64 rng(seed);
        txn_history_builder b;
        std::set<std::int64_t> open;
        const json t = R"([["append","x",1]])"_json;
        for (int step = 0; step < 120; ++step) {
            const std::int64_t p = static_cast<std::int64_t>(rng() % 6);
            if (!open.count(p)) {
                b.invoke(p, t);
                open.insert(p);
            } else {
                rng() % 10 == 0 ? b.info(p, t) : b.ok(p, t);
                open.erase(p);
            }
        }
        const txn_history h = build_transactions(b.history(), true);
        const std::size_t n = h.txns.size();
        std::vector<edge> edges;
        add_realtime_edges(h, edges);
        // Transitive closure of the frontier edges (n is small).
        std::vector<std::vector<bool>> reach(n, std::vector<bool>(n, false));
        for (const edge& e : edges) { reach[e.from][e.to] = true; }
        for (std::size_t k = 0; k < n; ++k) {
            for (std::size_t i = 0; i < n; ++i) {
                if (!reach[i][k]) { continue; }
                for (std::size_t j = 0; j < n; ++j) {
                    if (reach[k][j]) { reach[i][j] = true; }
                }
            }
        }
        for (std::size_t i = 0; i < n; ++i) {
            for (std::size_t j = 0; j < n; ++j) {
                const bool precedes = h.txns[i].complete_position != no_position &&
                                      h.txns[i].complete_position < h.txns[j].invoke_position;
                INFO("seed " << seed << ": T" << i << " -> T" << j);
                CHECK(reach[i][j] == precedes);
            }
        }
        CHECK(edges.size() <= n * 6);
    }
}

TEST_CASE("Tarjan without recursion: one cycle of 300000 transactions", "[elle][graph]") {
    const std::size_t n = 300000;
    std::vector<edge> edges;
    for (txn_id i = 0; i < n; ++i) { edges.push_back({i, static_cast<txn_id>((i + 1) % n), ww}); }
    edges.push_back({5, 7, wr});  // a chord, merged into no existing pair
    const dependency_graph g = build_graph(n, edges);
    const auto components = strongly_connected_components(g);
    REQUIRE(components.size() == 1);
    CHECK(components[0].size() == n);
    std::vector<edge> chain;
    for (txn_id i = 0; i + 1 < n; ++i) { chain.push_back({i, i + 1, ww}); }
    CHECK(strongly_connected_components(build_graph(n, chain)).empty());
}

TEST_CASE("parallel edges merge into one entry with every type", "[elle][graph]") {
    std::vector<edge> edges = {{0, 1, ww}, {0, 1, realtime_order}, {1, 0, rw}};
    const dependency_graph g = build_graph(2, edges);
    CHECK(g.edge_count() == 2);
    CHECK(g.type_between(0, 1) == (ww | realtime_order));
    CHECK(g.type_between(1, 0) == rw);
}

TEST_CASE("cycles are named by the edges they use", "[elle][graph]") {
    CHECK(classify_cycle({ww, ww}) == "G0");
    CHECK(classify_cycle({ww, wr}) == "G1c");
    CHECK(classify_cycle({rw, wr}) == "G-single");
    CHECK(classify_cycle({rw, wr, rw, ww}) == "G-nonadjacent");
    CHECK(classify_cycle({rw, wr, ww, rw}) == "G2-item");  // the closing rw meets the first
    CHECK(classify_cycle({rw, rw}) == "G2-item");
    CHECK(classify_cycle({rw, process_order}) == "G-single-process");
    CHECK(classify_cycle({ww, process_order, realtime_order}) == "G0-realtime");
}

TEST_CASE("G0-process: a process's later append comes first in the list", "[elle][list-append]") {
    for (bool same_process : {true, false}) {
        txn_history_builder b;
        b.invoke(9, R"([["r","x",null]])"_json);
        if (same_process) {
            b.serial_ok(0, R"([["append","x",2]])"_json);
            b.serial_ok(0, R"([["append","x",1]])"_json);
        } else {
            b.concurrent_ok({{0, R"([["append","x",2]])"_json}, {1, R"([["append","x",1]])"_json}});
        }
        b.ok(9, R"([["r","x",[1,2]]])"_json);
        const json r = check_models(b.history(), model_kind::list_append, {"strong-session-read-uncommitted"});
        CHECK(has_anomaly(r, "G0-process") == same_process);
        CHECK((r["valid?"] == false) == same_process);
        CHECK(check_models(b.history(), model_kind::list_append, {"serializable"})["valid?"] == true);
    }
}

TEST_CASE("G1c-realtime: a transaction reads a write made after it completed", "[elle][list-append]") {
    for (bool from_the_future : {true, false}) {
        txn_history_builder b;
        const json first =
            from_the_future ? R"([["append","x",1],["r","y",[1]]])"_json : R"([["append","x",1],["r","y",[]]])"_json;
        b.serial_ok(0, first);
        b.serial_ok(1, R"([["append","y",1]])"_json);
        b.serial_ok(2, R"([["r","y",[1]]])"_json);
        const json r = check_models(b.history(), model_kind::list_append, {"strong-read-committed"});
        CHECK(has_anomaly(r, "G1c-realtime") == from_the_future);
        CHECK((r["valid?"] == false) == from_the_future);
        if (from_the_future) {
            CHECK(names(r["not"], "strong-read-committed"));
            CHECK(check_models(b.history(), model_kind::list_append, {"serializable"})["valid?"] == true);
        }
    }
}

}  // namespace squall::elle::test
