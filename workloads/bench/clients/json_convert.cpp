#include "workloads/bench/clients/json_convert.hpp"

namespace squall::bench {
namespace {

using namespace simdjson;

// The network refuses deeper messages before they reach a client; this bound keeps the
// recursion safe for any other caller.
constexpr int max_depth = 1024;

bool convert(ondemand::value v, nlohmann::json& out, int depth);

bool convert_number(ondemand::value v, nlohmann::json& out) {
    ondemand::number n;
    if (v.get_number().get(n) != SUCCESS) { return false; }
    switch (n.get_number_type()) {
        case ondemand::number_type::signed_integer: out = n.get_int64(); break;
        case ondemand::number_type::unsigned_integer: out = n.get_uint64(); break;
        default: out = n.get_double(); break;
    }
    return true;
}

bool convert(ondemand::value v, nlohmann::json& out, int depth) {
    if (depth > max_depth) { return false; }
    ondemand::json_type type;
    if (v.type().get(type) != SUCCESS) { return false; }
    switch (type) {
        case ondemand::json_type::array: {
            out = nlohmann::json::array();
            ondemand::array arr;
            if (v.get_array().get(arr) != SUCCESS) { return false; }
            std::size_t count = 0;
            if (arr.count_elements().get(count) == SUCCESS) { out.get_ref<nlohmann::json::array_t&>().reserve(count); }
            for (auto item : arr) {
                ondemand::value x;
                if (item.get(x) != SUCCESS) { return false; }
                out.push_back(nullptr);
                if (!convert(x, out.back(), depth + 1)) { return false; }
            }
            return true;
        }
        case ondemand::json_type::object: {
            out = nlohmann::json::object();
            for (auto field : v.get_object()) {
                std::string_view key;
                if (field.unescaped_key().get(key) != SUCCESS) { return false; }
                if (!convert(field.value(), out[std::string(key)], depth + 1)) { return false; }
            }
            return true;
        }
        case ondemand::json_type::number: return convert_number(v, out);
        case ondemand::json_type::string: {
            std::string_view s;
            if (v.get_string().get(s) != SUCCESS) { return false; }
            out = std::string(s);
            return true;
        }
        case ondemand::json_type::boolean: {
            bool b = false;
            if (v.get_bool().get(b) != SUCCESS) { return false; }
            out = b;
            return true;
        }
        case ondemand::json_type::null: out = nullptr; return true;
    }
    return false;
}

}  // namespace

std::optional<nlohmann::json> reply_parser::parse(std::string_view text) {
    buffer_ = padded_string(text);
    ondemand::document doc;
    if (parser_.iterate(buffer_).get(doc) != SUCCESS) { return std::nullopt; }
    ondemand::object obj;
    if (doc.get_object().get(obj) != SUCCESS) { return std::nullopt; }
    nlohmann::json out = nlohmann::json::object();
    for (auto field : obj) {
        std::string_view key;
        if (field.unescaped_key().get(key) != SUCCESS) { return std::nullopt; }
        if (!convert(field.value(), out[std::string(key)], 1)) { return std::nullopt; }
    }
    return out;
}

}  // namespace squall::bench
