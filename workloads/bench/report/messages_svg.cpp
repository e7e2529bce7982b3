// messages.svg: one column per participant, time flowing down by event order (so a burst
// stays readable), an arrow per delivered message coloured by body type, a red stub per
// dropped one. Capped at 10,000 journal events, as Maelstrom caps its diagram.
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "workloads/bench/report/plots.hpp"

namespace squall::bench {
namespace {

constexpr std::size_t event_limit = 10'000;
constexpr int col_w = 90;
constexpr int row_h = 6;
constexpr int top = 40;

struct sent {
    std::string src, dest, type, text;
    std::size_t row;
};

std::string escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '&': out += "&amp;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string colour(const std::string& type) {
    static const char* palette[] = {"#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2",
                                    "#17becf", "#bcbd22", "#ff7f0e", "#7f7f7f", "#393b79"};
    std::size_t h = 0;
    for (char c : type) { h = h * 31 + static_cast<unsigned char>(c); }
    return palette[h % 10];
}

int column(std::map<std::string, int>& cols, const std::string& id) {
    auto it = cols.find(id);
    if (it != cols.end()) { return it->second; }
    const int c = static_cast<int>(cols.size());
    cols[id] = c;
    return c;
}

}  // namespace

void write_messages_svg(const std::string& dir) {
    std::ifstream in(dir + "/messages.jsonl");
    std::map<std::int64_t, sent> open;
    std::map<std::string, int> cols;
    std::string arrows;
    std::string line;
    std::size_t row = 0;
    while (row < event_limit && std::getline(in, line)) {
        const auto ev = nlohmann::json::parse(line, nullptr, false);
        if (!ev.is_object()) { continue; }
        const std::string kind = ev.value("type", "");
        ++row;
        if (kind == "send") {
            const auto& m = ev["message"];
            const std::string src = m.value("src", ""), dest = m.value("dest", "");
            column(cols, src);
            column(cols, dest);
            open[m.value("id", std::int64_t{0})] = sent{src, dest, m["body"].value("type", "?"), m.dump(), row};
            continue;
        }
        auto it = open.find(ev.value("id", std::int64_t{-1}));
        if (it == open.end()) { continue; }
        const sent& s = it->second;
        const int x1 = column(cols, s.src) * col_w + col_w / 2, x2 = column(cols, s.dest) * col_w + col_w / 2;
        const auto y1 = top + s.row * row_h, y2 = top + row * row_h;
        const bool dropped = kind == "drop";
        const std::string stroke = dropped ? "#d62728" : colour(s.type);
        const int xe = dropped ? (x1 + x2) / 2 : x2;
        const auto ye = dropped ? (y1 + y2) / 2 : y2;
        arrows += "<line x1=\"" + std::to_string(x1) + "\" y1=\"" + std::to_string(y1) + "\" x2=\"" +
                  std::to_string(xe) + "\" y2=\"" + std::to_string(ye) + "\" stroke=\"" + stroke +
                  "\" marker-end=\"url(#a)\"" + (dropped ? " stroke-dasharray=\"4\"" : "") + "><title>" +
                  escape(s.text) + (dropped ? " (dropped)" : "") + "</title></line>\n";
        open.erase(it);
    }
    const int width = static_cast<int>(cols.size()) * col_w;
    const auto height = top + (row + 2) * row_h;
    std::ofstream out(dir + "/messages.svg");
    out << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
        << "\" font-family=\"sans-serif\" font-size=\"12\">\n"
        << "<defs><marker id=\"a\" markerWidth=\"8\" markerHeight=\"8\" refX=\"8\" refY=\"4\" orient=\"auto\">"
        << "<path d=\"M0,0 L8,4 L0,8 z\" fill=\"#555\"/></marker></defs>\n";
    for (const auto& [id, c] : cols) {
        const int x = c * col_w + col_w / 2;
        out << "<text x=\"" << x << "\" y=\"20\" text-anchor=\"middle\">" << escape(id) << "</text>\n"
            << "<line x1=\"" << x << "\" y1=\"" << top - 10 << "\" x2=\"" << x << "\" y2=\"" << height
            << "\" stroke=\"#ccc\"/>\n";
    }
    out << arrows << "</svg>\n";
}

}  // namespace squall::bench
