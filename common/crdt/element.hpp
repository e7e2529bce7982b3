#pragma once
// What a set element may be. Maelstrom's set workloads send integers; we also take strings.
// Both have one spelling per value, so two replicas never keep "the same" element twice:
// integers must fit int64 and are stored as int64 (18446744073709551615 is not -1); floats
// (1.0, -0.0, 1e3), booleans, null, arrays and objects are refused. Nodes answer a refused
// element with error 12.
#include <cstdint>
#include <limits>
#include <optional>

#include <nlohmann/json.hpp>

namespace squall::crdt {

inline std::optional<nlohmann::json> canonical_element(const nlohmann::json& value) {
    if (value.is_string()) { return value; }
    if (value.is_number_unsigned()) {
        const auto v = value.get<std::uint64_t>();
        if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) { return std::nullopt; }
        return nlohmann::json(static_cast<std::int64_t>(v));
    }
    if (value.is_number_integer()) { return nlohmann::json(value.get<std::int64_t>()); }
    return std::nullopt;
}

// An element from a peer's state: refused elements make the whole state malformed.
inline nlohmann::json checked_element(const nlohmann::json& value) {
    auto element = canonical_element(value);
    if (!element) {
        throw std::invalid_argument("not a set element: " +
                                    value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
    return std::move(*element);
}

// A JSON integer that fits int64, or nothing (no wrapping of larger unsigned values).
inline std::optional<std::int64_t> as_int64(const nlohmann::json& value) {
    if (value.is_number_unsigned()) {
        const auto v = value.get<std::uint64_t>();
        if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) { return std::nullopt; }
        return static_cast<std::int64_t>(v);
    }
    if (value.is_number_integer()) { return value.get<std::int64_t>(); }
    return std::nullopt;
}

}  // namespace squall::crdt
