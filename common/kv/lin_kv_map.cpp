#include "common/kv/lin_kv_map.hpp"

#include <utility>
#include <vector>

#include "common/wire/errors.hpp"

namespace squall::kv {
namespace {

nlohmann::json missing() { return error_body(error_code::key_does_not_exist, "key does not exist"); }

}  // namespace

nlohmann::json read(const map& m, const nlohmann::json& key) {
    auto it = m.find(key.dump());
    if (it == m.end()) { return missing(); }
    return {{"type", "read_ok"}, {"value", it->second}};
}

nlohmann::json write(map& m, const nlohmann::json& key, nlohmann::json value) {
    m[key.dump()] = std::move(value);
    return {{"type", "write_ok"}};
}

nlohmann::json cas(map& m, const nlohmann::json& key, const nlohmann::json& from, nlohmann::json to,
                   bool create_if_missing) {
    auto it = m.find(key.dump());
    if (it == m.end()) {
        if (!create_if_missing) { return missing(); }
        m.emplace(key.dump(), std::move(to));
        return {{"type", "cas_ok"}};
    }
    if (it->second != from) {
        return error_body(error_code::precondition_failed, "expected " + from.dump() + ", found " + it->second.dump());
    }
    it->second = std::move(to);
    return {{"type", "cas_ok"}};
}

bool is_exact(const nlohmann::json& value) {
    // Iterative, with the depth bounded: a value nested deeper than any key or value needs
    // would otherwise cost stack in every recursive walk (dump, compare) after it.
    std::vector<std::pair<const nlohmann::json*, std::size_t>> pending{{&value, 0}};
    while (!pending.empty()) {
        const auto [v, depth] = pending.back();
        pending.pop_back();
        if (v->is_number_float() || depth > max_nesting) { return false; }
        if (v->is_structured()) {
            for (const auto& element : *v) { pending.emplace_back(&element, depth + 1); }
        }
    }
    return true;
}

nlohmann::json erase(map& m, const nlohmann::json& key) {
    if (m.erase(key.dump()) == 0) { return missing(); }
    return {{"type", "delete_ok"}};
}

std::string lin_kv_command_problem(const std::string& op, const nlohmann::json& c) {
    if (!c.contains("key") || !is_exact(c["key"])) { return op + " needs an exact key"; }
    if (op == "write" && (!c.contains("value") || !is_exact(c["value"]))) { return "write needs an exact value"; }
    if (op == "cas" && (!c.contains("from") || !c.contains("to") || !is_exact(c["from"]) || !is_exact(c["to"]))) {
        return "cas needs exact from and to";
    }
    return "";
}

}  // namespace squall::kv
