// Jepsen's files written by the bench (workloads/history/jepsen_files.hpp): EDN values, op maps,
// and a history written as EDN and read back gets the verdict it had, valid or not.
#include <sstream>

#include <catch2/catch.hpp>

#include "workloads/history/jepsen_files.hpp"
#include "workloads/linearizability/checker.hpp"
#include "workloads/linearizability/edn.hpp"
#include "workloads/linearizability/input_formats.hpp"

namespace {

using nlohmann::json;
using squall::history::op;
using squall::history::op_type;

op make(std::int64_t index, std::int64_t process, op_type type, std::string f, json value) {
    op o;
    o.index = index;
    o.time_ns = index * 1000;
    o.process = process;
    o.type = type;
    o.f = std::move(f);
    o.value = std::move(value);
    return o;
}

// Two clients on key 1: a write of 5 completes, then a read that starts after it returns
// `read` (5 is linearizable, 3 was never written).
squall::history::history kv_history(int read) {
    return {make(0, 0, op_type::invoke, "write", {1, 5}), make(1, 0, op_type::ok, "write", {1, 5}),
            make(2, 1, op_type::invoke, "read", {1, nullptr}), make(3, 1, op_type::ok, "read", {1, read})};
}

std::string edn_of(const squall::history::history& h) {
    std::ostringstream out;
    squall::history::write_history_edn(out, h);
    return out.str();
}

}  // namespace

TEST_CASE("Jepsen files: JSON values as EDN, keys as keywords or numbers", "[lin][edn]") {
    using squall::history::to_edn;
    CHECK(to_edn(nullptr) == "nil");
    CHECK(to_edn(json::array({1, "a \"b\"", true, 1.5})) == R"([1 "a \"b\"" true 1.5])");
    CHECK(to_edn(json{{"valid?", true}, {"0.5", 3}, {"n 1", "x"}}) == R"({0.5 3, "n 1" "x", :valid? true})");
    CHECK(squall::history::results_edn(json{{"valid?", "unknown"}}) == "{:valid? :unknown}\n");
    for (const json& v : {json::array({1, nullptr}), json{{"a", json::array({1, 2})}}, json("\u00e9\n")}) {
        CHECK(squall::lin::edn::read_one(to_edn(v)) == v);
    }
}

TEST_CASE("Jepsen files: an op map per line, the nemesis as :nemesis, txn micro-ops as keywords", "[lin][edn]") {
    squall::history::history h = {
        make(0, 2, op_type::invoke, "txn", json::array({{"r", 1, nullptr}, {"append", 1, 4}})),
        make(1, squall::history::nemesis_process, op_type::info, "start-partition", nullptr)};
    h[1].error = "healed";
    CHECK(
        edn_of(h) ==
        "{:index 0, :time 0, :type :invoke, :process 2, :f :txn, :value [[:r 1 nil] [:append 1 4]]}\n"
        "{:index 1, :time 1000, :type :info, :process :nemesis, :f :start-partition, :value nil, :error \"healed\"}\n");
}

TEST_CASE("Jepsen files: history.edn read back gets the verdict history.jsonl gets", "[lin][edn]") {
    for (const int read : {5, 3}) {
        const auto h = kv_history(read);
        const auto back = squall::lin::parse_jepsen_edn(edn_of(h));
        REQUIRE(back.size() == h.size());
        const auto direct = squall::lin::check_lin_kv(h).result;
        const auto via_edn = squall::lin::check_lin_kv(back).result;
        CHECK(direct == (read == 5 ? squall::lin::verdict::valid : squall::lin::verdict::invalid));
        CHECK(via_edn == direct);
    }
}
