// rw-register: for each anomaly, a history that has it and a minimally different one that
// does not. Version orders come only from the initial nil state and writes-follow-reads.
#include <catch2/catch.hpp>

#include "tests/elle/txn_history_builder.hpp"

namespace squall::elle::test {
namespace {

json check_rw_register(const txn_history_builder& b, std::vector<std::string> models = {"strict-serializable"}) {
    return check_models(b.history(), model_kind::rw_register, std::move(models));
}

}  // namespace

TEST_CASE("rw-register G1a: reading an aborted write", "[elle][rw-register]") {
    for (bool aborted : {true, false}) {
        txn_history_builder b;
        b.invoke(0, R"([["w","x",1]])"_json);
        aborted ? b.fail(0, R"([["w","x",1]])"_json) : b.ok(0, R"([["w","x",1]])"_json);
        b.serial_ok(1, R"([["r","x",1]])"_json);
        const json r = check_rw_register(b, {"read-committed"});
        CHECK(has_anomaly(r, "G1a") == aborted);
        CHECK((r["valid?"] == false) == aborted);
    }
}

TEST_CASE("rw-register G1b: reading an overwritten intermediate write", "[elle][rw-register]") {
    for (bool intermediate : {true, false}) {
        txn_history_builder b;
        b.serial_ok(0, R"([["w","x",1],["w","x",2]])"_json);
        b.serial_ok(1, intermediate ? R"([["r","x",1]])"_json : R"([["r","x",2]])"_json);
        const json r = check_rw_register(b, {"read-committed"});
        CHECK(has_anomaly(r, "G1b") == intermediate);
        CHECK((r["valid?"] == false) == intermediate);
    }
}

TEST_CASE("rw-register internal: a read that misses the transaction's own write", "[elle][rw-register]") {
    for (bool broken : {true, false}) {
        txn_history_builder b;
        b.serial_ok(0, R"([["w","x",2]])"_json);
        b.serial_ok(1, broken ? R"([["w","x",1],["r","x",2]])"_json : R"([["w","x",1],["r","x",1]])"_json);
        const json r = check_rw_register(b, {"read-uncommitted"});
        CHECK(has_anomaly(r, "internal") == broken);
        CHECK((r["valid?"] == false) == broken);
    }
}

TEST_CASE("rw-register G0: writes-follow-reads orders two keys both ways", "[elle][rw-register]") {
    for (bool cyclic : {true, false}) {
        txn_history_builder b;
        b.concurrent_ok({{0, cyclic ? R"([["w","x",1],["r","y",1],["w","y",2]])"_json
                                    : R"([["w","x",1],["r","y",null],["w","y",2]])"_json},
                         {1, R"([["r","x",1],["w","x",2],["w","y",1]])"_json}});
        const json r = check_rw_register(b, {"read-uncommitted"});
        CHECK(has_anomaly(r, "G0") == cyclic);
        CHECK((r["valid?"] == false) == cyclic);
    }
}

TEST_CASE("rw-register G-single: read skew against the initial state", "[elle][rw-register]") {
    for (bool skewed : {true, false}) {
        txn_history_builder b;
        b.concurrent_ok({{0, R"([["w","x",1],["w","y",1]])"_json},
                         {1, skewed ? R"([["r","x",null],["r","y",1]])"_json : R"([["r","x",1],["r","y",1]])"_json}});
        const json r = check_rw_register(b, {"serializable"});
        CHECK(has_anomaly(r, "G-single") == skewed);
        CHECK((r["valid?"] == false) == skewed);
    }
}

TEST_CASE("rw-register G2-item: write skew", "[elle][rw-register]") {
    for (bool skew : {true, false}) {
        txn_history_builder b;
        b.concurrent_ok({{0, R"([["r","x",null],["r","y",null],["w","x",1]])"_json},
                         {1, skew ? R"([["r","x",null],["r","y",null],["w","y",1]])"_json
                                  : R"([["r","x",1],["r","y",null],["w","y",1]])"_json}});
        const json r = check_rw_register(b, {"serializable"});
        CHECK(has_anomaly(r, "G2-item") == skew);
        CHECK((r["valid?"] == false) == skew);
        CHECK(check_rw_register(b, {"snapshot-isolation"})["valid?"] == valid_true);
    }
}

TEST_CASE("rw-register lost update", "[elle][rw-register]") {
    for (bool lost : {true, false}) {
        txn_history_builder b;
        b.concurrent_ok({{0, R"([["r","x",null],["w","x",1]])"_json},
                         {1, lost ? R"([["r","x",null],["w","x",2]])"_json : R"([["r","x",1],["w","x",2]])"_json}});
        const json r = check_rw_register(b, {"cursor-stability"});
        CHECK(has_anomaly(r, "lost-update") == lost);
        CHECK((r["valid?"] == false) == lost);
    }
}

TEST_CASE("rw-register cyclic versions", "[elle][rw-register]") {
    for (bool cyclic : {true, false}) {
        txn_history_builder b;
        b.concurrent_ok({{0, R"([["r","x",2],["w","x",1]])"_json},
                         {1, cyclic ? R"([["r","x",1],["w","x",2]])"_json : R"([["r","x",null],["w","x",2]])"_json}});
        const json r = check_rw_register(b, {"read-uncommitted"});
        CHECK(has_anomaly(r, "cyclic-versions") == cyclic);
        CHECK((r["valid?"] == false) == cyclic);
    }
}

TEST_CASE("rw-register garbage and future reads", "[elle][rw-register]") {
    for (bool bad : {true, false}) {
        txn_history_builder garbage;
        garbage.serial_ok(0, R"([["w","x",1]])"_json);
        garbage.serial_ok(1, bad ? R"([["r","x",7]])"_json : R"([["r","x",1]])"_json);
        CHECK(has_anomaly(check_rw_register(garbage, {"read-uncommitted"}), "garbage-read") == bad);

        txn_history_builder future;
        future.serial_ok(0, bad ? R"([["r","x",1],["w","x",1]])"_json : R"([["r","x",null],["w","x",1]])"_json);
        const json r = check_rw_register(future, {"read-uncommitted"});
        CHECK(has_anomaly(r, "future-read") == bad);
        CHECK((r["valid?"] == false) == bad);
    }
}

TEST_CASE("rw-register G-single-realtime: a stale nil read", "[elle][rw-register]") {
    for (bool stale : {true, false}) {
        txn_history_builder b;
        b.serial_ok(0, R"([["w","x",1]])"_json);
        b.serial_ok(1, stale ? R"([["r","x",null]])"_json : R"([["r","x",1]])"_json);
        const json r = check_rw_register(b, {"strict-serializable"});
        CHECK(has_anomaly(r, "G-single-realtime") == stale);
        CHECK((r["valid?"] == false) == stale);
        CHECK(check_rw_register(b, {"serializable"})["valid?"] == valid_true);
    }
}

}  // namespace squall::elle::test
