// list-append: for each anomaly, a history that has it and a minimally different one that
// does not.
#include <catch2/catch.hpp>

#include "tests/elle/txn_history_builder.hpp"

namespace squall::elle::test {
namespace {

json check_list_append(const txn_history_builder& b, std::vector<std::string> models = {"strict-serializable"}) {
    return check_models(b.history(), model_kind::list_append, std::move(models));
}

}  // namespace

TEST_CASE("G0: appends in opposite orders on two keys", "[elle][list-append]") {
    auto history = [](const json& y_order) {
        txn_history_builder b;
        b.concurrent_ok(
            {{0, R"([["append","x",1],["append","y",1]])"_json}, {1, R"([["append","x",2],["append","y",2]])"_json}});
        b.serial_ok(2, json::array({json::array({"r", "x", {1, 2}}), json::array({"r", "y", y_order})}));
        return b;
    };
    const json bad = check_list_append(history({2, 1}), {"read-uncommitted"});
    CHECK(bad["valid?"] == false);
    CHECK(has_anomaly(bad, "G0"));
    CHECK(names(bad["not"], "read-uncommitted"));
    const auto& g0 = bad["anomalies"]["G0"][0];
    CHECK(g0["cycle"].size() == 2);
    CHECK(g0["steps"][0]["type"] == "ww");
    CHECK(g0["explanation"].get<std::string>().find("appended") != std::string::npos);

    const json good = check_list_append(history({1, 2}));
    CHECK(good["valid?"] == valid_true);
    CHECK(good["anomaly-types"].empty());
}

TEST_CASE("G1a: reading an aborted append", "[elle][list-append]") {
    for (bool aborted : {true, false}) {
        txn_history_builder b;
        b.invoke(0, R"([["append","x",1]])"_json);
        aborted ? b.fail(0, R"([["append","x",1]])"_json) : b.ok(0, R"([["append","x",1]])"_json);
        b.serial_ok(1, R"([["r","x",[1]]])"_json);
        const json r = check_list_append(b, {"read-committed"});
        CHECK(has_anomaly(r, "G1a") == aborted);
        CHECK((r["valid?"] == false) == aborted);
        if (aborted) {
            CHECK(names(r["not"], "read-committed"));
            CHECK(!names(r["not"], "read-uncommitted"));
            CHECK(check_list_append(b, {"read-uncommitted"})["valid?"] == valid_true);
        }
    }
}

TEST_CASE("G1b: reading an intermediate append", "[elle][list-append]") {
    for (bool intermediate : {true, false}) {
        txn_history_builder b;
        b.serial_ok(0, R"([["append","x",1],["append","x",2]])"_json);
        b.serial_ok(1, intermediate ? R"([["r","x",[1]]])"_json : R"([["r","x",[1,2]]])"_json);
        const json r = check_list_append(b);
        CHECK(has_anomaly(r, "G1b") == intermediate);
        CHECK((r["valid?"] == false) == intermediate);
    }
}

TEST_CASE("G1c: each transaction reads the other's append", "[elle][list-append]") {
    for (bool circular : {true, false}) {
        txn_history_builder b;
        b.concurrent_ok(
            {{0, R"([["append","x",1],["r","y",[1]]])"_json},
             {1, circular ? R"([["append","y",1],["r","x",[1]]])"_json : R"([["append","y",1],["r","x",[]]])"_json}});
        const json r = check_list_append(b, {"read-committed"});
        CHECK(has_anomaly(r, "G1c") == circular);
        CHECK(!has_anomaly(r, "G0"));
        CHECK((r["valid?"] == false) == circular);
        if (circular) {
            CHECK(r["anomalies"]["G1c"][0]["steps"][0]["type"] == "wr");
            CHECK(check_list_append(b, {"read-uncommitted"})["valid?"] == valid_true);
        }
    }
}

TEST_CASE("G-single: read skew", "[elle][list-append]") {
    for (bool skewed : {true, false}) {
        txn_history_builder b;
        b.concurrent_ok({{0, R"([["append","x",1],["append","y",1]])"_json},
                         {1, skewed ? R"([["r","x",[]],["r","y",[1]]])"_json : R"([["r","x",[1]],["r","y",[1]]])"_json},
                         {2, R"([["r","x",[1]]])"_json}});
        const json r = check_list_append(b, {"serializable"});
        CHECK(has_anomaly(r, "G-single") == skewed);
        CHECK((r["valid?"] == false) == skewed);
        if (skewed) {
            CHECK(r["anomalies"]["G-single"][0]["cycle"].size() == 2);
            CHECK(names(r["not"], "consistent-view"));
            CHECK(names(r["also-not"], "snapshot-isolation"));
            CHECK(check_list_append(b, {"read-committed"})["valid?"] == valid_true);
        }
    }
}

TEST_CASE("G-nonadjacent: two rw edges that never meet", "[elle][list-append]") {
    // T1 -rw(a)-> T2 -wr(c)-> T3 -rw(d)-> T4 -wr(b)-> T1
    for (bool cyclic : {true, false}) {
        txn_history_builder b;
        b.concurrent_ok({{1, R"([["r","a",[]],["r","b",[1]]])"_json},
                         {2, R"([["append","a",1],["append","c",1]])"_json},
                         {3, cyclic ? R"([["r","c",[1]],["r","d",[]]])"_json : R"([["r","c",[1]],["r","d",[1]]])"_json},
                         {4, R"([["append","d",1],["append","b",1]])"_json},
                         {5, R"([["r","a",[1]],["r","d",[1]]])"_json}});
        const json r = check_list_append(b, {"snapshot-isolation"});
        CHECK(has_anomaly(r, "G-nonadjacent") == cyclic);
        CHECK(!has_anomaly(r, "G-single"));
        CHECK((r["valid?"] == false) == cyclic);
        if (cyclic) {
            CHECK(r["anomalies"]["G-nonadjacent"][0]["cycle"].size() == 4);
            CHECK(names(r["not"], "snapshot-isolation"));
            CHECK(names(r["not"], "repeatable-read"));
            CHECK(check_list_append(b, {"consistent-view"})["valid?"] == valid_true);
        }
    }
}

TEST_CASE("G2-item: write skew, which snapshot isolation allows", "[elle][list-append]") {
    for (bool skew : {true, false}) {
        txn_history_builder b;
        b.concurrent_ok({{0, R"([["r","x",[]],["r","y",[]],["append","x",1]])"_json},
                         {1, skew ? R"([["r","x",[]],["r","y",[]],["append","y",1]])"_json
                                  : R"([["r","x",[1]],["r","y",[]],["append","y",1]])"_json}});
        b.serial_ok(2, R"([["r","x",[1]],["r","y",[1]]])"_json);
        const json r = check_list_append(b, {"serializable"});
        CHECK(has_anomaly(r, "G2-item") == skew);
        CHECK((r["valid?"] == false) == skew);
        if (skew) {
            CHECK(names(r["not"], "repeatable-read"));
            CHECK(!names(r["not"], "snapshot-isolation"));
            CHECK(!names(r["also-not"], "snapshot-isolation"));
            CHECK(check_list_append(b, {"snapshot-isolation"})["valid?"] == valid_true);
        }
    }
}

TEST_CASE("lost update: both read the same version and appended", "[elle][list-append]") {
    for (bool lost : {true, false}) {
        txn_history_builder b;
        b.concurrent_ok(
            {{0, R"([["r","x",[]],["append","x",1]])"_json},
             {1, lost ? R"([["r","x",[]],["append","x",2]])"_json : R"([["r","x",[1]],["append","x",2]])"_json}});
        b.serial_ok(2, R"([["r","x",[1,2]]])"_json);
        const json r = check_list_append(b, {"cursor-stability"});
        CHECK(has_anomaly(r, "lost-update") == lost);
        CHECK((r["valid?"] == false) == lost);
        if (lost) { CHECK(names(r["not"], "cursor-stability")); }
    }
}

TEST_CASE("internal: a read that misses the transaction's own append", "[elle][list-append]") {
    for (bool broken : {true, false}) {
        txn_history_builder b;
        b.serial_ok(0, R"([["append","x",1]])"_json);
        b.serial_ok(1, broken ? R"([["r","x",[1]],["append","x",2],["r","x",[1]]])"_json
                              : R"([["r","x",[1]],["append","x",2],["r","x",[1,2]]])"_json);
        const json r = check_list_append(b, {"read-uncommitted"});
        CHECK(has_anomaly(r, "internal") == broken);
        CHECK((r["valid?"] == false) == broken);
    }
}

TEST_CASE("dirty update: a committed append on top of an aborted one", "[elle][list-append]") {
    for (bool aborted : {true, false}) {
        txn_history_builder b;
        b.invoke(0, R"([["append","x",1]])"_json);
        aborted ? b.fail(0, R"([["append","x",1]])"_json) : b.ok(0, R"([["append","x",1]])"_json);
        b.serial_ok(1, R"([["append","x",2]])"_json);
        b.serial_ok(2, R"([["r","x",[1,2]]])"_json);
        const json r = check_list_append(b, {"read-uncommitted"});
        CHECK(has_anomaly(r, "dirty-update") == aborted);
        CHECK((r["valid?"] == false) == aborted);
    }
}

TEST_CASE("duplicate elements in a read", "[elle][list-append]") {
    for (bool duplicated : {true, false}) {
        txn_history_builder b;
        b.serial_ok(0, R"([["append","x",1]])"_json);
        b.serial_ok(1, duplicated ? R"([["r","x",[1,1]]])"_json : R"([["r","x",[1]]])"_json);
        const json r = check_list_append(b, {"read-uncommitted"});
        CHECK(has_anomaly(r, "duplicate-elements") == duplicated);
        CHECK((r["valid?"] == false) == duplicated);
    }
}

TEST_CASE("incompatible orders: two reads that are not prefixes of each other", "[elle][list-append]") {
    for (bool incompatible : {true, false}) {
        txn_history_builder b;
        b.concurrent_ok({{0, R"([["append","x",1]])"_json}, {1, R"([["append","x",2]])"_json}});
        b.serial_ok(2, R"([["r","x",[1,2]]])"_json);
        b.serial_ok(3, incompatible ? R"([["r","x",[2,1]]])"_json : R"([["r","x",[1,2]]])"_json);
        const json r = check_list_append(b, {"read-uncommitted"});
        CHECK(has_anomaly(r, "incompatible-order") == incompatible);
        CHECK((r["valid?"] == false) == incompatible);
    }
}

TEST_CASE("future read: a read shows the transaction's own later append", "[elle][list-append]") {
    for (bool future : {true, false}) {
        txn_history_builder b;
        b.serial_ok(0, future ? R"([["r","x",[1]],["append","x",1]])"_json : R"([["append","x",1]])"_json);
        b.serial_ok(1, R"([["r","x",[1]]])"_json);
        const json r = check_list_append(b, {"read-uncommitted"});
        CHECK(has_anomaly(r, "future-read") == future);
        CHECK((r["valid?"] == false) == future);
    }
}

TEST_CASE("garbage read: an element nobody appended", "[elle][list-append]") {
    for (bool garbage : {true, false}) {
        txn_history_builder b;
        b.serial_ok(0, R"([["append","x",1]])"_json);
        b.serial_ok(1, garbage ? R"([["r","x",[1,9]]])"_json : R"([["r","x",[1]]])"_json);
        const json r = check_list_append(b, {"read-uncommitted"});
        CHECK(has_anomaly(r, "garbage-read") == garbage);
        CHECK((r["valid?"] == false) == garbage);
    }
}

TEST_CASE("G-single-realtime: a stale read after the append completed", "[elle][list-append]") {
    for (bool stale : {true, false}) {
        txn_history_builder b;
        b.invoke(9, R"([["r","x",null]])"_json);  // concurrent with both; reveals x's order
        b.serial_ok(0, R"([["append","x",1]])"_json);
        b.serial_ok(1, stale ? R"([["r","x",[]]])"_json : R"([["r","x",[1]]])"_json);
        b.ok(9, R"([["r","x",[1]]])"_json);
        const json strict = check_list_append(b, {"strict-serializable"});
        CHECK(has_anomaly(strict, "G-single-realtime") == stale);
        CHECK((strict["valid?"] == false) == stale);
        CHECK(check_list_append(b, {"serializable"})["valid?"] == valid_true);
        if (stale) {
            CHECK(names(strict["not"], "strong-snapshot-isolation"));
            const auto& steps = strict["anomalies"]["G-single-realtime"][0]["steps"];
            CHECK((steps[0]["type"] == "realtime" || steps[1]["type"] == "realtime"));
        }
    }
}

TEST_CASE("G-single-process: a process does not see its own earlier append", "[elle][list-append]") {
    for (bool same_process : {true, false}) {
        txn_history_builder b;
        b.invoke(9, R"([["r","x",null]])"_json);
        if (same_process) {
            b.serial_ok(0, R"([["append","x",1]])"_json);
            b.serial_ok(0, R"([["r","x",[]]])"_json);
        } else {
            // Concurrent, on two processes: the read may come first.
            b.concurrent_ok({{0, R"([["append","x",1]])"_json}, {1, R"([["r","x",[]]])"_json}});
        }
        b.ok(9, R"([["r","x",[1]]])"_json);
        const json session = check_list_append(b, {"strong-session-serializable"});
        CHECK(has_anomaly(session, "G-single-process") == same_process);
        CHECK((session["valid?"] == false) == same_process);
        CHECK(check_list_append(b, {"serializable"})["valid?"] == valid_true);
        CHECK(check_list_append(b, {"strict-serializable"})["valid?"] == json(!same_process));
    }
}

TEST_CASE("indeterminate transactions: an observed info append is a committed write", "[elle][list-append]") {
    txn_history_builder b;
    b.invoke(0, R"([["append","x",1]])"_json).info(0, R"([["append","x",1]])"_json);
    b.serial_ok(1, R"([["r","x",[1]]])"_json);
    b.serial_ok(2, R"([["r","x",[]]])"_json);  // after a read that saw 1: stale
    const json r = check_list_append(b, {"strict-serializable"});
    CHECK(r["valid?"] == false);
    CHECK(check_list_append(b, {"serializable"})["valid?"] == valid_true);
}

TEST_CASE("no committed transaction: unknown, as Elle's empty-transaction-graph", "[elle][list-append]") {
    txn_history_builder b;
    b.invoke(0, R"([["append","x",1]])"_json).fail(0, R"([["append","x",1]])"_json);
    const json r = check_list_append(b);
    CHECK(r["valid?"] == "unknown");
    CHECK(has_anomaly(r, "empty-transaction-graph"));
}

}  // namespace squall::elle::test
