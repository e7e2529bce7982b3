#include "workloads/bench/report/summary.hpp"

#include <cstdio>
#include <string>

#include "workloads/bench/runner/test_context.hpp"

namespace squall::bench {
namespace {

std::string clip(std::string s, std::size_t n = 200) {
    if (s.size() > n) { s = s.substr(0, n) + "..."; }
    return s;
}

std::string explain_workload(const nlohmann::json& w) {
    if (w.contains("lost-count") && w["lost-count"].get<std::int64_t>() > 0) {
        return std::to_string(w["lost-count"].get<std::int64_t>()) +
               " acknowledged element(s) lost: " + clip(w["lost"].dump());
    }
    if (w.contains("duplicated-count") && w["duplicated-count"].get<std::int64_t>() > 0) {
        return std::to_string(w["duplicated-count"].get<std::int64_t>()) +
               " duplicated value(s): " + clip(w["duplicated"].dump());
    }
    if (w.contains("acceptable") && w.contains("errors") && !w["errors"].empty()) {  // g-counter, pn-counter
        std::string reads;
        for (const auto& e : w["errors"]) {
            reads += (reads.empty() ? "" : ", ") + std::string("process ") + e["process"].dump() + " read " +
                     e["value"].dump();
        }
        return "final read(s) outside the acceptable sums " + clip(w["acceptable"].dump(), 100) + ": " + clip(reads);
    }
    if (w.contains("errors") && !w["errors"].empty()) { return "errors: " + clip(w["errors"].dump()); }
    if (w.contains("bad-error-types") && !w["bad-error-types"].empty()) {  // kafka
        std::string out = "anomalies:";
        for (const auto& type : w["bad-error-types"]) {
            const auto& e = w[type.get<std::string>()];
            out += " " + type.get<std::string>();
            if (e.contains("count")) { out += " (" + e["count"].dump() + ")"; }
            if (e.contains("unseen")) { out += " " + clip(e["unseen"].dump(), 100); }
        }
        return out;
    }
    if (w.contains("anomaly-types") && !w["anomaly-types"].empty()) {  // the transactional checker
        std::string out = "anomalies: " + clip(w["anomaly-types"].dump());
        if (w.contains("not") && !w["not"].empty()) { out += "; not " + clip(w["not"].dump()); }
        return out;
    }
    if (w.contains("failures") && !w["failures"].empty()) {
        return "key(s) not linearizable: " + clip(w["failures"].dump());
    }
    if (w.value("valid?", nlohmann::json(true)) == "unknown") { return "workload result unknown: " + clip(w.dump()); }
    return "workload invalid: " + clip(w.dump());
}

}  // namespace

std::string explain(const nlohmann::json& r) {
    if (r.value("valid?", nlohmann::json(true)) == true) { return ""; }
    if (r.contains("crash")) {
        const std::string report = r["crash"]["report"].get<std::string>();
        return report.substr(0, report.find('\n'));
    }
    if (r["workload"].value("valid?", nlohmann::json(true)) != true) { return explain_workload(r["workload"]); }
    if (r["stats"]["valid?"] != true) {
        for (const auto& [f, s] : r["stats"]["by-f"].items()) {
            if (s["ok-count"] == 0) { return "no " + f + " operation ever succeeded"; }
        }
    }
    if (r["availability"]["valid?"] != true) {
        return "availability " + r["availability"]["ok-fraction"].dump() + " is below the required fraction";
    }
    return "a checker said invalid";
}

void print_summary(const test_context& t, const nlohmann::json& r) {
    const auto& s = r["stats"];
    std::fprintf(stderr, "\n%s: %lld ops (%lld ok, %lld fail, %lld info), %lld node restart(s)\n",
                 t.opt.workload.c_str(), static_cast<long long>(s["count"].get<std::int64_t>()),
                 static_cast<long long>(s["ok-count"].get<std::int64_t>()),
                 static_cast<long long>(s["fail-count"].get<std::int64_t>()),
                 static_cast<long long>(s["info-count"].get<std::int64_t>()),
                 static_cast<long long>(t.nodes->restarts()));
    const auto& net = r["net"];
    std::fprintf(stderr, "net: %lld msgs, servers msgs-per-op %.2f, all msgs-per-op %.2f\n",
                 static_cast<long long>(net["all"]["msg-count"].get<std::int64_t>()),
                 net["servers"]["msgs-per-op"].get<double>(), net["all"]["msgs-per-op"].get<double>());
    if (t.opt.faults.any()) {
        const auto& f = net["faults"];
        std::fprintf(stderr, "message faults: %lld lost, %lld duplicated, %lld reordered\n",
                     static_cast<long long>(f["lost"].get<std::int64_t>()),
                     static_cast<long long>(f["duplicated"].get<std::int64_t>()),
                     static_cast<long long>(f["reordered"].get<std::int64_t>()));
    }
    const auto& w = r["workload"];
    if (w.contains("stable-latencies")) {
        std::fprintf(stderr, "stable latencies (ms): %s\n", w["stable-latencies"].dump().c_str());
    }
    if (r["invalid-lines"]["count"].get<std::int64_t>() > 0) {
        std::fprintf(stderr, "invalid lines from nodes: %lld (see results.json)\n",
                     static_cast<long long>(r["invalid-lines"]["count"].get<std::int64_t>()));
    }
    if (r.contains("crash")) { std::fprintf(stderr, "%s\n", r["crash"]["report"].get<std::string>().c_str()); }
    std::fprintf(stderr, "results: %s\n", t.dir.c_str());
    if (r["valid?"] == true) {
        std::fprintf(stderr, "Everything looks good! \u30fd(\u2018\u30fc`)\u30ce\n");
    } else if (r["valid?"] == false) {
        std::fprintf(stderr, "Analysis invalid! (\uff89\u0ca5\u76ca\u0ca5\uff09\uff89 \u253b\u2501\u253b\n");
        std::fprintf(stderr, "why: %s\n", explain(r).c_str());
    } else {
        std::fprintf(stderr, "Errors occurred during analysis, but no anomalies found. \u0ca0~\u0ca0\n");
        std::fprintf(stderr, "why: %s\n", explain(r).c_str());
    }
}

}  // namespace squall::bench
