// timeline.html: one column per client process, one box per operation from invocation to
// completion, coloured as Jepsen's timeline (blue ok, orange info, pink fail); hover for the
// details. Capped at 10,000 operations so the page stays usable.
#include <fstream>
#include <map>
#include <string>

#include "workloads/bench/report/plots.hpp"

namespace squall::bench {
namespace {

constexpr std::size_t op_limit = 10'000;
constexpr double px_per_ms = 0.5;

std::string html_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '<') {
            out += "&lt;";
        } else if (c == '>') {
            out += "&gt;";
        } else if (c == '&') {
            out += "&amp;";
        } else if (c == '"') {
            out += "&quot;";
        } else {
            out += c;
        }
    }
    return out;
}

const char* colour(history::op_type t) {
    switch (t) {
        case history::op_type::ok: return "#6db6fe";
        case history::op_type::info: return "#ffaa26";
        case history::op_type::fail: return "#feb5da";
        case history::op_type::invoke: return "#eeeeee";
    }
    return "#eeeeee";
}

}  // namespace

void write_timeline(const std::string& dir, const history::history& h) {
    const auto pairs = history::pair_completions(h);
    std::map<std::int64_t, int> columns;
    std::string boxes;
    std::size_t shown = 0;
    std::int64_t last_ns = 0;
    for (std::size_t i = 0; i < h.size() && shown < op_limit; ++i) {
        const auto& o = h[i];
        if (!o.is_client() || o.type != history::op_type::invoke) { continue; }
        const history::op* done = pairs[i] < 0 ? nullptr : &h[static_cast<std::size_t>(pairs[i])];
        const std::int64_t end_ns = done != nullptr ? done->time_ns : (h.empty() ? o.time_ns : h.back().time_ns);
        const int col = columns.try_emplace(o.process, static_cast<int>(columns.size())).first->second;
        const double top = static_cast<double>(o.time_ns) / 1e6 * px_per_ms;
        const double height = std::max(2.0, static_cast<double>(end_ns - o.time_ns) / 1e6 * px_per_ms);
        std::string title = std::to_string(o.process);
        title.append(" ").append(o.f).append(" ").append(o.value.dump()).append(" -> ");
        if (done == nullptr) {
            title.append("open");
        } else {
            title.append(history::to_string(done->type)).append(" ").append(done->value.dump());
            if (done->error) { title.append(" ").append(done->error->dump()); }
        }
        boxes += "<div class=\"op\" style=\"left:" + std::to_string(col * 110 + 10) +
                 "px;top:" + std::to_string(top + 30) + "px;height:" + std::to_string(height) +
                 "px;background:" + colour(done ? done->type : history::op_type::invoke) + "\" title=\"" +
                 html_escape(title) + "\">" + html_escape(o.f) + "</div>\n";
        last_ns = std::max(last_ns, end_ns);
        ++shown;
    }
    std::ofstream out(dir + "/timeline.html");
    out << "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>timeline</title><style>"
        << ".op{position:absolute;width:100px;overflow:hidden;font:10px sans-serif;border:1px solid #888;"
        << "box-sizing:border-box}.p{position:absolute;top:0;width:100px;font:12px sans-serif}</style></head><body>"
        << "<div style=\"position:relative;height:" << static_cast<double>(last_ns) / 1e6 * px_per_ms + 60 << "px\">\n";
    for (const auto& [process, col] : columns) {
        out << "<div class=\"p\" style=\"left:" << col * 110 + 10 << "px\">process " << process << "</div>\n";
    }
    out << boxes << "</div></body></html>\n";
}

}  // namespace squall::bench
