#include "nodes/mapreduce/wire.hpp"

#include "common/wire/errors.hpp"

namespace squall::mapreduce {

nlohmann::json encode(const assignment& a) {
    nlohmann::json j = {{"job", a.job},        {"phase", a.ph == phase::map ? "map" : "reduce"},
                        {"index", a.index},    {"attempt", a.attempt},
                        {"backup", a.backup},  {"kind", kind_name(a.kind)},
                        {"reduces", a.reduces}};
    if (a.ph == phase::map) {
        j["split"] = a.split;
        j["skip"] = a.skip;
    } else {
        nlohmann::json maps = nlohmann::json::array();
        for (const auto& m : a.maps) { maps.push_back({m.worker, m.boot}); }
        j["maps"] = std::move(maps);
    }
    return j;
}

std::optional<assignment> decode_assignment(const nlohmann::json& j) {
    try {
        assignment a;
        a.job = need_string(j, "job");
        const std::string ph = need_string(j, "phase");
        if (ph != "map" && ph != "reduce") { return std::nullopt; }
        a.ph = ph == "map" ? phase::map : phase::reduce;
        a.index = static_cast<int>(need_int(j, "index", 0, 1 << 20));
        a.attempt = need_int(j, "attempt", 1, INT64_MAX);
        a.backup = j.value("backup", false);
        const auto kind = parse_kind(need_string(j, "kind"));
        if (!kind) { return std::nullopt; }
        a.kind = *kind;
        a.reduces = static_cast<int>(need_int(j, "reduces", 1, 1024));
        if (a.ph == phase::map) {
            a.split = need_string(j, "split");
            const auto& skip = j.at("skip");
            for (const auto& r : skip) { a.skip.insert(r.get<int>()); }
        } else {
            for (const auto& m : j.at("maps")) {
                a.maps.push_back({m.at(0).get<std::string>(), m.at(1).get<std::uint64_t>()});
            }
        }
        return a;
    } catch (const std::exception&) { return std::nullopt; }
}

std::string need_string(const nlohmann::json& body, const char* key) {
    const auto it = body.find(key);
    if (it == body.end() || !it->is_string()) {
        throw rpc_error(error_code::malformed_request, std::string("needs a string ") + key);
    }
    return it->get<std::string>();
}

std::int64_t need_int(const nlohmann::json& body, const char* key, std::int64_t lo, std::int64_t hi) {
    const auto it = body.find(key);
    if (it == body.end() || !it->is_number_integer()) {
        throw rpc_error(error_code::malformed_request, std::string("needs an integer ") + key);
    }
    std::int64_t v = 0;
    if (it->is_number_unsigned()) {
        const auto u = it->get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(INT64_MAX)) {
            throw rpc_error(error_code::malformed_request, std::string(key) + " out of range");
        }
        v = static_cast<std::int64_t>(u);
    } else {
        v = it->get<std::int64_t>();
    }
    if (v < lo || v > hi) { throw rpc_error(error_code::malformed_request, std::string(key) + " out of range"); }
    return v;
}

job_spec need_job(const nlohmann::json& body) {
    job_spec spec;
    spec.id = need_string(body, "job");
    if (spec.id.empty()) { throw rpc_error(error_code::malformed_request, "job must not be empty"); }
    const auto kind = parse_kind(need_string(body, "kind"));
    if (!kind) { throw rpc_error(error_code::malformed_request, "kind must be word-count or inverted-index"); }
    spec.kind = *kind;
    const auto splits = body.find("splits");
    if (splits == body.end() || !splits->is_array() || splits->size() > 4096) {
        throw rpc_error(error_code::malformed_request, "needs splits, an array of at most 4096 strings");
    }
    for (const auto& s : *splits) {
        if (!s.is_string()) { throw rpc_error(error_code::malformed_request, "every split must be a string"); }
        spec.splits.push_back(s.get<std::string>());
    }
    spec.reduces = static_cast<int>(need_int(body, "reduces", 1, 1024));
    return spec;
}

nlohmann::json encode_job(const job_spec& spec) {
    return {{"job", spec.id}, {"kind", kind_name(spec.kind)}, {"splits", spec.splits}, {"reduces", spec.reduces}};
}

std::uint64_t random_id(std::uint64_t bits) { return (bits >> 11) | 1; }

}  // namespace squall::mapreduce
