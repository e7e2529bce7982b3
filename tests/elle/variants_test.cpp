// The -process and -realtime variants not covered next to their base classes: each history
// closes its cycle with one process or real-time edge; the minimally different one lets the
// two transactions overlap in time (or run on different processes), so no cycle closes.
#include <catch2/catch.hpp>

#include "tests/elle/txn_history_builder.hpp"

namespace squall::elle::test {
namespace {

json strict(const txn_history_builder& b) {
    return check_models(b.history(), model_kind::list_append, {"strict-serializable"});
}

// T1 -rw(a)-> T2 -wr(c)-> T3 -rw(d)-> T4, and T4 -> T1 by process or real time when `ordered`.
txn_history_builder nonadjacent(bool ordered, bool same_process) {
    txn_history_builder b;
    const json t1 = R"([["r","a",[]]])"_json;
    const json t2 = R"([["append","a",1],["append","c",1]])"_json;
    const json t3 = R"([["r","c",[1]],["r","d",[]]])"_json;
    const json t4 = R"([["append","d",1]])"_json;
    const json t9 = R"([["r","a",[1]],["r","d",[1]]])"_json;
    const std::int64_t p1 = same_process ? 4 : 1;
    b.invoke(2, t2).invoke(3, t3).invoke(4, t4).invoke(9, t9);
    if (ordered) {
        b.ok(4, t4).invoke(p1, t1);
    } else {
        b.invoke(1, t1).ok(4, t4);
    }
    b.ok(ordered ? p1 : 1, t1).ok(2, t2).ok(3, t3).ok(9, t9);
    return b;
}

// T1 -rw(x)-> T2 -rw(y)-> T3, and T3 -> T1 by process or real time when `ordered`.
txn_history_builder adjacent(bool ordered, bool same_process) {
    txn_history_builder b;
    const json t1 = R"([["r","x",[]]])"_json;
    const json t2 = R"([["append","x",1],["r","y",[]]])"_json;
    const json t3 = R"([["append","y",1]])"_json;
    const json t9 = R"([["r","x",[1]],["r","y",[1]]])"_json;
    const std::int64_t p1 = same_process ? 3 : 1;
    b.invoke(2, t2).invoke(3, t3).invoke(9, t9);
    if (ordered) {
        b.ok(3, t3).invoke(p1, t1);
    } else {
        b.invoke(1, t1).ok(3, t3);
    }
    b.ok(ordered ? p1 : 1, t1).ok(2, t2).ok(9, t9);
    return b;
}

}  // namespace

TEST_CASE("G1c-process: a process read its own later append", "[elle][variants]") {
    for (bool same_process : {true, false}) {
        txn_history_builder b;
        if (same_process) {
            b.serial_ok(0, R"([["r","x",[1]]])"_json).serial_ok(0, R"([["append","x",1]])"_json);
        } else {
            b.concurrent_ok({{0, R"([["r","x",[1]]])"_json}, {1, R"([["append","x",1]])"_json}});
        }
        const json r = strict(b);
        CHECK(has_anomaly(r, "G1c-process") == same_process);
        CHECK((r["valid?"] == false) == same_process);
        CHECK(check_models(b.history(), model_kind::list_append, {"serializable"})["valid?"] == true);
    }
}

TEST_CASE("G0-realtime: an append ordered before one that completed earlier", "[elle][variants]") {
    for (bool ordered : {true, false}) {
        txn_history_builder b;
        b.invoke(9, R"([["r","x",null]])"_json);
        if (ordered) {
            b.serial_ok(0, R"([["append","x",2]])"_json).serial_ok(1, R"([["append","x",1]])"_json);
        } else {
            b.concurrent_ok({{0, R"([["append","x",2]])"_json}, {1, R"([["append","x",1]])"_json}});
        }
        b.ok(9, R"([["r","x",[1,2]]])"_json);
        const json r = strict(b);
        CHECK(has_anomaly(r, "G0-realtime") == ordered);
        CHECK((r["valid?"] == false) == ordered);
        if (ordered) { CHECK(names(r["not"], "strong-read-uncommitted")); }
    }
}

TEST_CASE("G-nonadjacent-process and -realtime", "[elle][variants]") {
    for (bool same_process : {true, false}) {
        for (bool ordered : {true, false}) {
            const json r = strict(nonadjacent(ordered, same_process));
            const std::string name = same_process ? "G-nonadjacent-process" : "G-nonadjacent-realtime";
            INFO(name << (ordered ? "" : " (overlapping)") << ": " << r["anomaly-types"].dump());
            CHECK(has_anomaly(r, name) == ordered);
            CHECK((r["valid?"] == false) == ordered);
            CHECK(r["anomalies"].size() == (ordered ? 1u : 0u));
        }
    }
}

TEST_CASE("G2-item-process and -realtime", "[elle][variants]") {
    for (bool same_process : {true, false}) {
        for (bool ordered : {true, false}) {
            const json r = strict(adjacent(ordered, same_process));
            const std::string name = same_process ? "G2-item-process" : "G2-item-realtime";
            INFO(name << (ordered ? "" : " (overlapping)") << ": " << r["anomaly-types"].dump());
            CHECK(has_anomaly(r, name) == ordered);
            CHECK((r["valid?"] == false) == ordered);
            CHECK(r["anomalies"].size() == (ordered ? 1u : 0u));
            if (ordered) {
                CHECK(check_models(adjacent(ordered, same_process).history(), model_kind::list_append,
                                   {"strong-snapshot-isolation"})["valid?"] == true);
            }
        }
    }
}

}  // namespace squall::elle::test
