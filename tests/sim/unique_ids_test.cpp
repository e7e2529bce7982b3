#include <catch2/catch.hpp>

#include <set>

#include "common/runtime/sim/cluster.hpp"
#include "nodes/unique-ids/unique_ids.hpp"

using namespace squall;
using namespace std::chrono_literals;

TEST_CASE("unique-ids: ids are unique across nodes, partitions and restarts", "[unique-ids][sim]") {
    std::set<std::string> ids;
    std::size_t generated = 0;
    // Two runs with different seeds stand for one cluster before and after every node restarted
    // (same node ids, counters back at zero, fresh boot randomness).
    for (const std::uint64_t boot_seed : {1u, 2u}) {
        sim::cluster c({.node_count = 3, .seed = boot_seed}, [](node& n, std::size_t) { unique_ids::install(n); });
        c.init();
        c.partition({0}, {1, 2});  // no coordination needed: partitions change nothing
        for (int i = 0; i < 300; ++i) {
            const auto reply = c.call("c1", c.id(static_cast<std::size_t>(i) % 3), {{"type", "generate"}});
            REQUIRE(reply);
            REQUIRE((*reply)["type"] == "generate_ok");
            ids.insert((*reply)["id"].get<std::string>());
            ++generated;
        }
    }
    CHECK(ids.size() == generated);
}
