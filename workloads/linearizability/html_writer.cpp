// linearizability.html: one self-contained page (no network, no external files) with the
// report data embedded as JSON and drawn by the script in visualizer_page.hpp.
#include <fstream>
#include <stdexcept>
#include <string>

#include "workloads/linearizability/checker.hpp"
#include "workloads/linearizability/visualizer_page.hpp"

namespace squall::lin {
namespace {

using nlohmann::json;

std::string_view status_name(op_status status) {
    switch (status) {
        case op_status::ok: return "ok";
        case op_status::failed: return "fail";
        case op_status::indeterminate: return "info";
    }
    return "info";
}

// For keyed models the page shows one key at a time, so values are shown without it.
std::string shown_value(const json& value, bool keyed) {
    if (keyed && value.is_array() && value.size() == 2) { return value[1].dump(); }
    return value.dump();
}

json operation_json(const operation& o, std::size_t index, bool keyed) {
    json j = {{"id", index},
              {"process", o.process},
              {"f", o.f},
              {"input", shown_value(o.input, keyed)},
              {"output", shown_value(o.output, keyed)},
              {"status", status_name(o.status)},
              {"call", o.call_position},
              {"call_ns", o.call_time_ns}};
    if (o.return_position == never_returned) {
        j["ret"] = nullptr;
    } else {
        j["ret"] = o.return_position;
        j["ret_ns"] = o.return_time_ns;
    }
    if (o.error) { j["error"] = o.error->dump(); }
    return j;
}

json prefixes_json(const failure_report& report) {
    json prefixes = json::array();
    for (const auto& prefix : report.prefixes) {
        json steps = json::array();
        for (const auto& step : prefix) { steps.push_back({step.operation, step.state_after}); }
        prefixes.push_back(std::move(steps));
    }
    return prefixes;
}

json partition_json(const check_result& result, const partition_result& p) {
    const failure_report& report = *p.report;
    json ops = json::array();
    for (const std::size_t index : report.ops) {
        ops.push_back(operation_json(result.operations[index], index, is_keyed(result.model)));
    }
    json j = {{"key", p.key.is_null() ? json() : json(p.key.dump())},
              {"verdict", to_string(p.result)},
              {"cause", p.unknown_cause},
              {"ops", std::move(ops)},
              {"states", report.states},
              {"prefixes", prefixes_json(report)},
              {"best_prefix_of", report.best_prefix_of},
              {"longest", report.longest},
              {"per_op", report.per_op_prefixes},
              {"rejected_next", report.rejected_next},
              {"accepted_next", report.accepted_next}};
    j["blocking"] = report.blocking ? json(*report.blocking) : json();
    return j;
}

json page_data(const check_result& result, std::string_view title) {
    json partitions = json::array();
    std::size_t valid = 0;
    for (const auto& p : result.partitions) {
        if (p.report) {
            partitions.push_back(partition_json(result, p));
        } else if (p.result == verdict::valid) {
            ++valid;
        }
    }
    return {{"title", title},
            {"model", to_string(result.model)},
            {"verdict", to_string(result.result)},
            {"partition_count", result.partitions.size()},
            {"valid_partitions", valid},
            {"partitions", std::move(partitions)}};
}

// Inside <script>, "</script" would end the element and "<!--" changes how the rest is
// parsed. '<' only occurs inside JSON strings, where "\u003c" means the same.
std::string script_safe(const std::string& json_text) {
    std::string out;
    out.reserve(json_text.size());
    for (const char c : json_text) {
        if (c == '<') {
            out += "\\u003c";
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::string html_escape(std::string_view text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '&': out += "&amp;"; break;
            case '"': out += "&quot;"; break;
            default: out.push_back(c);
        }
    }
    return out;
}

}  // namespace

std::filesystem::path write_linearizability_html(const check_result& result, const std::filesystem::path& directory,
                                                 std::string_view title) {
    std::filesystem::create_directories(directory);
    const std::filesystem::path file = directory / "linearizability.html";
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    if (!out) { throw std::runtime_error("cannot write " + file.string()); }
    out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>" << html_escape(title)
        << " — linearizability</title>\n<style>" << visualizer_css
        << "</style></head>\n<body>\n<div id=\"app\"></div>\n"
        << "<script type=\"application/json\" id=\"report-data\">" << script_safe(page_data(result, title).dump())
        << "</script>\n<script>" << visualizer_script << "</script>\n</body></html>\n";
    if (!out) { throw std::runtime_error("cannot write " + file.string()); }
    return file;
}

}  // namespace squall::lin
