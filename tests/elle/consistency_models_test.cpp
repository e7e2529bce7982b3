// The model lattice and --consistency-models parsing.
#include <catch2/catch.hpp>

#include "workloads/elle/consistency_models.hpp"
#include "workloads/elle/elle.hpp"

namespace squall::elle {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& name) {
    return std::find(list.begin(), list.end(), name) != list.end();
}

}  // namespace

TEST_CASE("parse_consistency_models takes a comma list and refuses unknown names", "[elle][models]") {
    std::string error;
    auto models = parse_consistency_models("serializable, snapshot-isolation,:read-committed", error);
    REQUIRE(models);
    CHECK(*models == std::vector<std::string>{"serializable", "snapshot-isolation", "read-committed"});
    models = parse_consistency_models("strong-serializable", error);
    REQUIRE(models);
    CHECK(*models == std::vector<std::string>{"strict-serializable"});
    CHECK_FALSE(parse_consistency_models("serializable,linearisable", error));
    CHECK(error.find("linearisable") != std::string::npos);
    CHECK_FALSE(parse_consistency_models("serializable,", error));
    CHECK_FALSE(parse_consistency_models("", error));
}

TEST_CASE("the weakest ruled-out models go in not, the rest in also-not", "[elle][models]") {
    auto j = model_judgement::judge({"G1a"});
    CHECK(j.not_models == std::vector<std::string>{"read-committed"});
    CHECK(contains(j.also_not, "serializable"));
    CHECK(contains(j.also_not, "strict-serializable"));
    CHECK_FALSE(contains(j.also_not, "read-uncommitted"));

    j = model_judgement::judge({"G2-item"});
    CHECK(j.not_models == std::vector<std::string>{"repeatable-read"});
    CHECK_FALSE(contains(j.also_not, "snapshot-isolation"));
    CHECK(contains(j.also_not, "serializable"));

    j = model_judgement::judge({"G-single"});
    CHECK(contains(j.not_models, "consistent-view"));
    CHECK(contains(j.not_models, "repeatable-read"));
    CHECK(contains(j.also_not, "snapshot-isolation"));

    j = model_judgement::judge({"G-single-realtime"});
    CHECK(j.not_models == std::vector<std::string>{"strong-snapshot-isolation"});
    CHECK(j.also_not == std::vector<std::string>{"strict-serializable"});

    j = model_judgement::judge({"G0-process"});
    CHECK(j.not_models == std::vector<std::string>{"strong-session-read-uncommitted"});
    CHECK_FALSE(contains(j.also_not, "serializable"));

    j = model_judgement::judge({});
    CHECK(j.not_models.empty());
    CHECK(j.also_not.empty());
}

TEST_CASE("every model rules out what the models below it rule out", "[elle][models]") {
    for (const auto& strong : known_models()) {
        for (const auto& weak : known_models()) {
            if (!model_implies(strong, weak)) { continue; }
            for (const auto& a : proscribed_anomalies(weak)) { CHECK(proscribed_anomalies(strong).count(a) == 1); }
        }
    }
    CHECK(model_implies("strict-serializable", "read-uncommitted"));
    CHECK(model_implies("serializable", "snapshot-isolation"));
    CHECK_FALSE(model_implies("snapshot-isolation", "repeatable-read"));
    CHECK_FALSE(model_implies("serializable", "strong-session-read-uncommitted"));
}

}  // namespace squall::elle
