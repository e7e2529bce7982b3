#include "workloads/checkers/mapreduce.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include "common/core/rng.hpp"

namespace squall::checkers {
namespace {

// A vocabulary of pronounceable words, the same on every run.
const std::vector<std::string>& vocabulary() {
    static const std::vector<std::string> words = [] {
        const char* onsets[] = {"b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "st", "tr"};
        const char* vowels[] = {"a", "e", "i", "o", "u", "ai", "ou"};
        rng r{20040601};
        std::set<std::string> seen;
        std::vector<std::string> out;
        while (out.size() < 600) {
            std::string w;
            const auto syllables = r.between(1, 3);
            for (std::int64_t s = 0; s < syllables; ++s) {
                w += onsets[r.below(std::size(onsets))];
                w += vowels[r.below(std::size(vowels))];
            }
            if (r.chance(0.3)) { w += std::to_string(r.below(10)); }
            if (seen.insert(w).second) { out.push_back(w); }
        }
        return out;
    }();
    return words;
}

std::pair<int, int> poison_position(const mapreduce_job& job) {
    rng r{mix_seed(job.seed, 0x9015011)};
    return {static_cast<int>(r.below(static_cast<std::uint64_t>(job.splits))),
            static_cast<int>(r.below(static_cast<std::uint64_t>(job.lines)))};
}

bool word_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

std::vector<std::string> words_of(const std::string& line) {
    std::vector<std::string> out;
    std::string w;
    for (char c : line) {
        if (word_char(c)) {
            w.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        } else if (!w.empty()) {
            out.push_back(std::move(w));
            w.clear();
        }
    }
    if (!w.empty()) { out.push_back(std::move(w)); }
    return out;
}

std::vector<std::string> lines_of(const std::string& split) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < split.size()) {
        std::size_t end = split.find('\n', start);
        if (end == std::string::npos) { end = split.size(); }
        out.push_back(split.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

std::string short_text(const nlohmann::json& j) {
    std::string s = j.dump();
    if (s.size() > 120) { s = s.substr(0, 117) + "..."; }
    return s;
}

// What differs between `got` and `want` (both [[key, value], ...]); empty when equal.
nlohmann::json compare(const nlohmann::json& got, const nlohmann::json& want) {
    std::map<std::string, nlohmann::json> expected;
    for (const auto& p : want) { expected[p[0].get<std::string>()] = p[1]; }
    std::map<std::string, int> seen;
    nlohmann::json missing = nlohmann::json::array(), extra = nlohmann::json::array(),
                   duplicated = nlohmann::json::array(), wrong = nlohmann::json::array();
    std::size_t mismatches = 0;
    for (const auto& p : got) {
        if (!p.is_array() || p.size() != 2 || !p[0].is_string()) {
            ++mismatches;
            if (extra.size() < 5) { extra.push_back(short_text(p)); }
            continue;
        }
        const std::string key = p[0].get<std::string>();
        if (++seen[key] == 2) {
            ++mismatches;
            if (duplicated.size() < 5) { duplicated.push_back(key); }
        }
        const auto it = expected.find(key);
        if (it == expected.end()) {
            ++mismatches;
            if (extra.size() < 5) { extra.push_back(key); }
        } else if (p[1] != it->second) {
            ++mismatches;
            if (wrong.size() < 5) {
                wrong.push_back({{"key", key}, {"got", short_text(p[1])}, {"expected", short_text(it->second)}});
            }
        }
    }
    for (const auto& [key, value] : expected) {
        if (seen.count(key) == 0) {
            ++mismatches;
            if (missing.size() < 5) { missing.push_back(key); }
        }
    }
    if (mismatches == 0) { return nullptr; }
    return {{"mismatched-keys", mismatches},
            {"missing", missing},
            {"extra", extra},
            {"duplicated", duplicated},
            {"wrong-values", wrong}};
}

}  // namespace

nlohmann::json mapreduce_job::to_json() const {
    return {{"job", id},      {"kind", kind},       {"seed", seed},    {"splits", splits},
            {"lines", lines}, {"reduces", reduces}, {"poison", poison}};
}

mapreduce_job mapreduce_job::from_json(const nlohmann::json& j) {
    try {
        mapreduce_job job;
        job.id = j.at("job").get<std::string>();
        job.kind = j.at("kind").get<std::string>();
        job.seed = j.at("seed").get<std::uint64_t>();
        job.splits = j.at("splits").get<int>();
        job.lines = j.at("lines").get<int>();
        job.reduces = j.at("reduces").get<int>();
        job.poison = j.at("poison").get<bool>();
        if ((job.kind != "word-count" && job.kind != "inverted-index") || job.splits < 1 || job.lines < 1 ||
            job.reduces < 1 || job.splits > 4096 || job.lines > 100000) {
            throw std::invalid_argument("out of range");
        }
        return job;
    } catch (const std::exception& e) { throw std::invalid_argument(std::string("not a mapreduce job: ") + e.what()); }
}

std::vector<std::string> mapreduce_input(const mapreduce_job& job) {
    const auto& vocab = vocabulary();
    rng r{job.seed};
    const auto poisoned = poison_position(job);
    std::vector<std::string> splits;
    for (int s = 0; s < job.splits; ++s) {
        std::string text;
        for (int l = 0; l < job.lines; ++l) {
            if (l > 0) { text += '\n'; }
            const auto words = r.between(4, 14);
            for (std::int64_t w = 0; w < words; ++w) {
                if (w > 0) { text += r.chance(0.05) ? "  " : " "; }
                // Skewed towards the head: a few words are frequent, most are rare.
                std::string word = vocab[r.below(r.below(vocab.size()) + 1)];
                if (r.chance(0.1)) { word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0]))); }
                text += word;
                if (r.chance(0.08)) { text += ",.;!?"[r.below(5)]; }
            }
            if (job.poison && poisoned == std::pair<int, int>{s, l}) { text += std::string(" \0 ", 3) + "garbled"; }
        }
        splits.push_back(std::move(text));
    }
    return splits;
}

nlohmann::json mapreduce_poisoned_record(const mapreduce_job& job) {
    if (!job.poison) { return nullptr; }
    const auto p = poison_position(job);
    return {p.first, p.second};
}

nlohmann::json mapreduce_expected_output(const mapreduce_job& job) {
    const auto splits = mapreduce_input(job);
    std::map<std::string, std::int64_t> counts;
    std::map<std::string, std::set<std::string>> docs;
    for (std::size_t s = 0; s < splits.size(); ++s) {
        const auto lines = lines_of(splits[s]);
        for (std::size_t l = 0; l < lines.size(); ++l) {
            if (lines[l].find('\0') != std::string::npos) { continue; }
            for (const auto& w : words_of(lines[l])) {
                ++counts[w];
                docs[w].insert(std::to_string(s) + ":" + std::to_string(l));
            }
        }
    }
    nlohmann::json out = nlohmann::json::array();
    if (job.kind == "word-count") {
        for (const auto& [w, c] : counts) { out.push_back({w, c}); }
    } else {
        for (const auto& [w, d] : docs) { out.push_back({w, d}); }  // std::set: string order
    }
    return out;
}

nlohmann::json check_mapreduce(const history::history& h) {
    const auto pairs = history::pair_completions(h);
    struct job_record {
        mapreduce_job job;
        history::op_type submit = history::op_type::info;
        bool done = false;
    };
    std::map<std::string, job_record> jobs;
    std::vector<const history::op*> done_results;
    nlohmann::json errors = nlohmann::json::array();
    for (std::size_t i = 0; i < h.size(); ++i) {
        const auto& o = h[i];
        if (!o.is_client() || o.type != history::op_type::invoke) { continue; }
        const history::op* end = pairs[i] < 0 ? nullptr : &h[static_cast<std::size_t>(pairs[i])];
        if (o.f == "submit") {
            mapreduce_job job;
            try {
                job = mapreduce_job::from_json(o.value);
            } catch (const std::invalid_argument& e) {
                errors.push_back({{"type", "malformed"}, {"index", o.index}, {"why", e.what()}});
                continue;
            }
            job_record& rec = jobs[job.id];
            rec.job = job;
            rec.submit = end == nullptr ? history::op_type::info : end->type;
        } else if (o.f == "result" && end != nullptr && end->type == history::op_type::ok && end->value.is_object() &&
                   end->value.value("status", "") == "done") {
            done_results.push_back(end);
        }
    }
    std::map<std::string, std::int64_t> elapsed;
    nlohmann::json stats = nlohmann::json::array();
    std::size_t checked = 0;
    std::map<std::string, nlohmann::json> expected_cache;
    for (const auto* r : done_results) {
        const auto& v = r->value;
        if (!v.contains("job") || !v["job"].is_string() || !v.contains("output") || !v["output"].is_array() ||
            !v.contains("skipped") || !v["skipped"].is_array()) {
            errors.push_back(
                {{"type", "malformed"}, {"index", r->index}, {"why", "a done result needs job, output, skipped"}});
            continue;
        }
        const std::string id = v["job"].get<std::string>();
        const auto it = jobs.find(id);
        if (it == jobs.end() || it->second.submit == history::op_type::fail) {
            errors.push_back({{"type", "phantom-job"}, {"job", id}, {"index", r->index}});
            continue;
        }
        ++checked;
        job_record& rec = it->second;
        rec.done = true;
        auto cached = expected_cache.find(id);
        if (cached == expected_cache.end()) {
            cached = expected_cache.emplace(id, mapreduce_expected_output(rec.job)).first;
        }
        if (auto diff = compare(v["output"], cached->second); !diff.is_null()) {
            diff["type"] = "wrong-output";
            diff["job"] = id;
            diff["index"] = r->index;
            errors.push_back(std::move(diff));
        }
        const nlohmann::json poisoned = mapreduce_poisoned_record(rec.job);
        const nlohmann::json want_skipped =
            poisoned.is_null() ? nlohmann::json::array() : nlohmann::json::array({poisoned});
        if (v["skipped"] != want_skipped) {
            errors.push_back({{"type", "wrong-skipped"},
                              {"job", id},
                              {"index", r->index},
                              {"got", v["skipped"]},
                              {"expected", want_skipped}});
        }
        if (elapsed.count(id) == 0 && v.contains("elapsed_ms") && v["elapsed_ms"].is_number_integer()) {
            elapsed[id] = v["elapsed_ms"].get<std::int64_t>();
            stats.push_back({{"job", id},
                             {"kind", rec.job.kind},
                             {"elapsed-ms", elapsed[id]},
                             {"map-attempts", v.value("map_attempts", 0)},
                             {"reduce-attempts", v.value("reduce_attempts", 0)},
                             {"backups", v.value("backups", 0)},
                             {"splits", rec.job.splits},
                             {"reduces", rec.job.reduces}});
        }
    }
    std::size_t acknowledged = 0, finished = 0;
    for (const auto& [id, rec] : jobs) {
        if (rec.submit == history::op_type::ok) { ++acknowledged; }
        if (rec.done) { ++finished; }
        if (rec.submit == history::op_type::ok && !rec.done) {
            errors.push_back({{"type", "unfinished"}, {"job", id}});
        }
    }
    std::set<std::string> types;
    for (const auto& e : errors) { types.insert(e["type"].get<std::string>()); }
    if (errors.size() > 50) { errors.erase(errors.begin() + 50, errors.end()); }
    return {{"valid?", types.empty()},
            {"error-types", types},
            {"errors", errors},
            {"submitted", jobs.size()},
            {"acknowledged", acknowledged},
            {"finished", finished},
            {"done-results-checked", checked},
            {"jobs", stats}};
}

}  // namespace squall::checkers
