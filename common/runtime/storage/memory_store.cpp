#include "common/runtime/storage/memory_store.hpp"

#include <stdexcept>

namespace squall {

void check_store_name(std::string_view name) {
    const bool ok = !name.empty() && name != "." && name != ".." && name.size() <= 200 &&
                    name.find_first_not_of(
                        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                        "0123456789-_.") == std::string_view::npos;
    if (!ok) { throw std::invalid_argument("bad store file name: " + std::string(name)); }
}

void memory_store::apply(std::optional<std::string>& content, const operation& op) {
    if (const auto* a = std::get_if<append_op>(&op)) {
        if (!content) { content.emplace(); }
        content->append(a->bytes);
    } else if (const auto* r = std::get_if<replace_op>(&op)) {
        content = r->content;
    } else {
        content.reset();
    }
}

std::optional<std::string> memory_store::read(std::string_view name) {
    check_store_name(name);
    auto it = files_.find(name);
    return it == files_.end() ? std::nullopt : it->second.current;
}

std::optional<std::string> memory_store::read(std::string_view name, std::uint64_t offset, std::size_t length) {
    check_store_name(name);
    auto it = files_.find(name);
    if (it == files_.end() || !it->second.current) { return std::nullopt; }
    const std::string& content = *it->second.current;
    if (offset >= content.size()) { return std::string{}; }
    return content.substr(static_cast<std::size_t>(offset), length);
}

std::optional<std::uint64_t> memory_store::size(std::string_view name) {
    check_store_name(name);
    auto it = files_.find(name);
    if (it == files_.end() || !it->second.current) { return std::nullopt; }
    return it->second.current->size();
}

void memory_store::append(std::string_view name, std::string_view bytes) {
    check_store_name(name);
    bytes_written_ += bytes.size();
    file& f = files_[std::string(name)];
    operation op = append_op{std::string(bytes)};
    apply(f.current, op);
    f.unsynced.push_back(std::move(op));
}

void memory_store::replace(std::string_view name, std::string_view content) {
    check_store_name(name);
    bytes_written_ += content.size();
    file& f = files_[std::string(name)];
    f.current = std::string(content);
    f.unsynced.emplace_back(replace_op{std::string(content)});
}

void memory_store::remove(std::string_view name) {
    check_store_name(name);
    auto it = files_.find(name);
    if (it == files_.end()) { return; }
    it->second.current.reset();
    it->second.unsynced.emplace_back(remove_op{});
}

void memory_store::sync() {
    ++syncs_;
    for (auto it = files_.begin(); it != files_.end();) {
        file& f = it->second;
        // Replay the operations rather than copy `current`: a log that grows by appends must
        // not cost its whole length on every sync.
        for (const operation& op : f.unsynced) { apply(f.durable, op); }
        f.unsynced.clear();
        it = f.current ? std::next(it) : files_.erase(it);
    }
}

std::vector<std::string> memory_store::list() {
    std::vector<std::string> names;
    for (const auto& [name, f] : files_) {
        if (f.current) { names.push_back(name); }
    }
    return names;
}

void memory_store::crash(crash_kind kind, rng& random) {
    for (auto& [name, f] : files_) {
        if (kind == crash_kind::process || f.unsynced.empty()) {
            f.durable = f.current;
        } else {
            // The disk wrote some prefix of the operations; the last one kept may be an append
            // that reached it only in part.
            const std::size_t kept = random.below(f.unsynced.size() + 1);
            for (std::size_t i = 0; i < kept; ++i) { apply(f.durable, f.unsynced[i]); }
            if (kept < f.unsynced.size()) {
                if (const auto* a = std::get_if<append_op>(&f.unsynced[kept]); a && random.chance(0.5)) {
                    apply(f.durable, append_op{a->bytes.substr(0, random.below(a->bytes.size() + 1))});
                }
            }
            f.current = f.durable;
        }
        f.unsynced.clear();
    }
    std::erase_if(files_, [](const auto& entry) { return !entry.second.current; });
}

std::size_t memory_store::unsynced_operations() const {
    std::size_t n = 0;
    for (const auto& [name, f] : files_) { n += f.unsynced.size(); }
    return n;
}

}  // namespace squall
