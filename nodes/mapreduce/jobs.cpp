#include "nodes/mapreduce/jobs.hpp"

#include <algorithm>

#include "common/core/fnv1a.hpp"

namespace squall::mapreduce {

std::string_view kind_name(job_kind k) { return k == job_kind::word_count ? "word-count" : "inverted-index"; }

std::optional<job_kind> parse_kind(std::string_view name) {
    if (name == "word-count") { return job_kind::word_count; }
    if (name == "inverted-index") { return job_kind::inverted_index; }
    return std::nullopt;
}

int partition_of(std::string_view key, int reduces) {
    return static_cast<int>(fnv1a_64(key) % static_cast<std::uint64_t>(reduces));
}

namespace {

bool word_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

template <typename F>
void for_each_word(std::string_view line, F&& f) {
    std::string word;
    for (const char c : line) {
        if (word_char(c)) {
            word.push_back(lower(c));
        } else if (!word.empty()) {
            f(word);
            word.clear();
        }
    }
    if (!word.empty()) { f(word); }
}

void merge_sorted_ids(nlohmann::json& into, const nlohmann::json& from) {
    std::vector<std::string> merged;
    merged.reserve(into.size() + from.size());
    for (const auto& id : into) { merged.push_back(id.get<std::string>()); }
    for (const auto& id : from) { merged.push_back(id.get<std::string>()); }
    std::sort(merged.begin(), merged.end());
    merged.erase(std::unique(merged.begin(), merged.end()), merged.end());
    into = merged;
}

}  // namespace

void merge_value(job_kind kind, nlohmann::json& into, const nlohmann::json& from) {
    if (into.is_null()) {
        into = from;
        return;
    }
    if (kind == job_kind::word_count) {
        into = into.get<std::int64_t>() + from.get<std::int64_t>();
    } else {
        merge_sorted_ids(into, from);
    }
}

void merge_partition(job_kind kind, partition& into, const partition& from) {
    for (const auto& [key, value] : from) { merge_value(kind, into[key], value); }
}

map_output run_map(job_kind kind, int split_index, std::string_view split, int reduces, const std::set<int>& skip) {
    map_output out;
    out.partitions.resize(static_cast<std::size_t>(reduces));
    int record = 0;
    std::size_t start = 0;
    while (start < split.size()) {
        std::size_t end = split.find('\n', start);
        if (end == std::string_view::npos) { end = split.size(); }
        const std::string_view line = split.substr(start, end - start);
        start = end + 1;
        const int index = record++;
        if (skip.count(index) != 0) { continue; }
        if (line.find('\0') != std::string_view::npos) { throw bad_record(index); }
        ++out.records;
        const std::string doc = std::to_string(split_index) + ":" + std::to_string(index);
        for_each_word(line, [&](const std::string& word) {
            partition& p = out.partitions[static_cast<std::size_t>(partition_of(word, reduces))];
            if (kind == job_kind::word_count) {
                merge_value(kind, p[word], 1);
            } else {
                nlohmann::json& ids = p[word];
                if (ids.is_null()) { ids = nlohmann::json::array(); }
                if (ids.empty() || ids.back() != doc) { ids.push_back(doc); }  // lines arrive in order
            }
        });
    }
    if (kind == job_kind::inverted_index) {  // "0:10" sorts before "0:9": ids in string order
        for (auto& p : out.partitions) {
            for (auto& [key, ids] : p) { std::sort(ids.begin(), ids.end()); }
        }
    }
    return out;
}

nlohmann::json to_pairs(const partition& p) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [key, value] : p) { out.push_back({key, value}); }
    return out;
}

std::optional<partition> from_pairs(job_kind kind, const nlohmann::json& pairs) {
    if (!pairs.is_array()) { return std::nullopt; }
    partition p;
    for (const auto& pair : pairs) {
        if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string()) { return std::nullopt; }
        const auto& value = pair[1];
        if (kind == job_kind::word_count && !value.is_number_integer()) { return std::nullopt; }
        if (kind == job_kind::inverted_index) {
            if (!value.is_array()) { return std::nullopt; }
            for (const auto& id : value) {
                if (!id.is_string()) { return std::nullopt; }
            }
        }
        merge_value(kind, p[pair[0].get<std::string>()], value);
    }
    return p;
}

}  // namespace squall::mapreduce
