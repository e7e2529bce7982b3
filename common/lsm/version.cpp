#include "common/lsm/version.hpp"

#include <algorithm>

#include "common/lsm/coding.hpp"
#include "common/lsm/internal_key.hpp"

namespace squall::lsm {

std::string version_edit::encode() const {
    std::string out;
    if (log_number) {
        put_varint(out, 1);
        put_varint(out, *log_number);
    }
    if (next_file_number) {
        put_varint(out, 2);
        put_varint(out, *next_file_number);
    }
    if (last_sequence) {
        put_varint(out, 3);
        put_varint(out, *last_sequence);
    }
    for (const auto& [level, f] : added) {
        put_varint(out, 4);
        put_varint(out, static_cast<std::uint64_t>(level));
        put_varint(out, f.number);
        put_varint(out, f.size);
        put_length_prefixed(out, f.smallest);
        put_length_prefixed(out, f.largest);
    }
    for (const auto& [level, number] : deleted) {
        put_varint(out, 5);
        put_varint(out, static_cast<std::uint64_t>(level));
        put_varint(out, number);
    }
    return out;
}

bool version_edit::decode(std::string_view in, version_edit& out) {
    out = version_edit{};
    while (!in.empty()) {
        std::uint64_t tag = 0;
        std::uint64_t v = 0;
        if (!get_varint(in, tag)) { return false; }
        if (tag >= 1 && tag <= 3) {
            if (!get_varint(in, v)) { return false; }
            (tag == 1 ? out.log_number : tag == 2 ? out.next_file_number : out.last_sequence) = v;
        } else if (tag == 4) {
            std::uint64_t level = 0;
            file_meta f;
            std::string_view smallest;
            std::string_view largest;
            if (!get_varint(in, level) || level >= level_count || !get_varint(in, f.number) ||
                !get_varint(in, f.size) || !get_length_prefixed(in, smallest) || !get_length_prefixed(in, largest) ||
                smallest.size() < 8 || largest.size() < 8) {
                return false;
            }
            f.smallest.assign(smallest);
            f.largest.assign(largest);
            out.added.emplace_back(static_cast<int>(level), std::move(f));
        } else if (tag == 5) {
            std::uint64_t level = 0;
            if (!get_varint(in, level) || level >= level_count || !get_varint(in, v)) { return false; }
            out.deleted.emplace_back(static_cast<int>(level), v);
        } else {
            return false;
        }
    }
    return true;
}

std::optional<version> version::apply(const version_edit& edit) const {
    version next = *this;
    for (const auto& [level, number] : edit.deleted) {
        auto& files = next.levels[static_cast<std::size_t>(level)];
        auto it = std::find_if(files.begin(), files.end(), [n = number](const file_ptr& f) { return f->number == n; });
        if (it == files.end()) { return std::nullopt; }
        files.erase(it);
    }
    for (const auto& [level, f] : edit.added) {
        for (const auto& files : next.levels) {
            for (const file_ptr& existing : files) {
                if (existing->number == f.number) { return std::nullopt; }
            }
        }
        next.levels[static_cast<std::size_t>(level)].push_back(std::make_shared<const file_meta>(f));
    }
    std::sort(next.levels[0].begin(), next.levels[0].end(),
              [](const file_ptr& a, const file_ptr& b) { return a->number < b->number; });
    for (std::size_t level = 1; level < next.levels.size(); ++level) {
        std::sort(next.levels[level].begin(), next.levels[level].end(),
                  [](const file_ptr& a, const file_ptr& b) { return compare_internal(a->smallest, b->smallest) < 0; });
    }
    return next;
}

std::uint64_t version::level_bytes(int level) const {
    std::uint64_t total = 0;
    for (const file_ptr& f : levels[static_cast<std::size_t>(level)]) { total += f->size; }
    return total;
}

std::vector<file_ptr> version::overlapping(int level, std::string_view smallest, std::string_view largest) const {
    std::vector<file_ptr> out;
    for (const file_ptr& f : levels[static_cast<std::size_t>(level)]) {
        if (user_key_of(f->largest) < smallest || user_key_of(f->smallest) > largest) { continue; }
        out.push_back(f);
    }
    return out;
}

std::vector<std::string> version::check() const {
    std::vector<std::string> problems;
    for (std::size_t level = 0; level < levels.size(); ++level) {
        const auto& files = levels[level];
        for (std::size_t i = 0; i < files.size(); ++i) {
            if (compare_internal(files[i]->smallest, files[i]->largest) > 0) {
                problems.push_back("table " + std::to_string(files[i]->number) + " has smallest > largest");
            }
            if (level > 0 && i > 0 && user_key_of(files[i - 1]->largest) >= user_key_of(files[i]->smallest)) {
                problems.push_back("tables " + std::to_string(files[i - 1]->number) + " and " +
                                   std::to_string(files[i]->number) + " overlap in level " + std::to_string(level));
            }
        }
    }
    return problems;
}

}  // namespace squall::lsm
