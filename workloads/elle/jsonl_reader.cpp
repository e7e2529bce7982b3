#include "workloads/elle/jsonl_reader.hpp"

#include <fstream>
#include <stdexcept>

#include <simdjson.h>

#include "common/wire/json_depth.hpp"

namespace squall::elle {
namespace {

using nlohmann::json;
namespace dom = simdjson::dom;

// Only the op's value becomes nlohmann JSON (the builder decodes it); the rest is read in place.
json to_json(dom::element e) {
    switch (e.type()) {
        case dom::element_type::ARRAY: {
            json out = json::array();
            for (dom::element x : dom::array(e)) { out.push_back(to_json(x)); }
            return out;
        }
        case dom::element_type::OBJECT: {
            json out = json::object();
            for (dom::key_value_pair field : dom::object(e)) { out[std::string(field.key)] = to_json(field.value); }
            return out;
        }
        case dom::element_type::INT64: return std::int64_t(e);
        case dom::element_type::UINT64: return std::uint64_t(e);
        case dom::element_type::DOUBLE: return double(e);
        case dom::element_type::STRING: return std::string(std::string_view(e));
        case dom::element_type::BOOL: return bool(e);
        case dom::element_type::NULL_VALUE: return nullptr;
    }
    return nullptr;
}

std::int64_t optional_integer(dom::object o, const char* name) {
    dom::element e;
    if (o.at_key(name).get(e) != simdjson::SUCCESS) { return 0; }
    std::int64_t n = 0;
    if (e.get(n) != simdjson::SUCCESS) { throw std::invalid_argument(std::string(name) + " is not an integer"); }
    return n;
}

std::string_view required_string(dom::object o, const char* name) {
    std::string_view text;
    if (o.at_key(name).get(text) != simdjson::SUCCESS) {
        throw std::invalid_argument(std::string("missing or non-string \"") + name + "\"");
    }
    return text;
}

// As history::from_json: process is an integer, or anything else for the nemesis.
history::op read_op(dom::element doc) {
    dom::object o;
    if (doc.get(o) != simdjson::SUCCESS) { throw std::invalid_argument("history record is not an object"); }
    history::op op;
    op.index = optional_integer(o, "index");
    op.time_ns = optional_integer(o, "time");
    dom::element process;
    if (o.at_key("process").get(process) != simdjson::SUCCESS) { throw std::invalid_argument("missing \"process\""); }
    std::int64_t p = 0;
    op.process = process.get(p) == simdjson::SUCCESS ? p : history::nemesis_process;
    const auto type = history::parse_op_type(required_string(o, "type"));
    if (!type) { throw std::invalid_argument("unknown op type"); }
    op.type = *type;
    op.f = std::string(required_string(o, "f"));
    dom::element value;
    if (op.is_client() && op.f == "txn" && o.at_key("value").get(value) == simdjson::SUCCESS) {
        op.value = to_json(value);
    }
    return op;
}

}  // namespace

txn_history read_jsonl_transactions(const std::string& file, bool list_reads) {
    std::ifstream in(file);
    if (!in) { throw std::invalid_argument("cannot open " + file); }
    txn_builder builder(list_reads);
    dom::parser parser;
    std::string line;
    std::size_t line_number = 0;
    while (std::getline(in, line)) {
        ++line_number;
        if (line.find_first_not_of(" \t\r") == std::string::npos) { continue; }
        try {
            if (json_nests_deeper(line, history::max_json_depth)) {
                throw std::invalid_argument("nested deeper than " + std::to_string(history::max_json_depth) +
                                            " levels");
            }
            dom::element doc;
            if (auto error = parser.parse(line).get(doc); error != simdjson::SUCCESS) {
                throw std::invalid_argument(std::string("malformed JSON: ") + simdjson::error_message(error));
            }
            builder.add(read_op(doc));
        } catch (const std::exception& e) {
            throw std::invalid_argument("line " + std::to_string(line_number) + ": " + e.what());
        }
    }
    return builder.finish();
}

}  // namespace squall::elle
