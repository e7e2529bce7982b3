#include "workloads/serve/pages.hpp"

#include <algorithm>
#include <cstdio>

namespace squall::serve {
namespace {

constexpr const char* style = R"(<style>
body { font-family: sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; }
th, td { padding: 0.25em 0.7em; border-bottom: 1px solid #ddd; text-align: left; }
th { cursor: pointer; background: #f4f4f4; }
.valid { color: #17692b; } .invalid { color: #b00020; font-weight: bold; } .unknown { color: #a06000; }
code, pre { background: #f6f6f6; padding: 0.2em 0.4em; }
img, iframe { max-width: 100%; border: 1px solid #ddd; margin: 0.5em 0; }
iframe { width: 100%; height: 30em; }
</style>)";

std::string page(const std::string& title, const std::string& body) {
    return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + html_escape(title) + "</title>" + style +
           "</head><body>\n" + body + "</body></html>\n";
}

std::string fixed(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

bool has(const std::vector<std::string>& files, const std::string& name) {
    return std::find(files.begin(), files.end(), name) != files.end();
}

}  // namespace

std::string html_escape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string url_path(const std::string& path) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char c : path) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                           c == '.' || c == '_' || c == '~' || c == '/';
        if (plain) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string index_page(const std::vector<run_entry>& runs, const std::string& store_name) {
    std::string rows;
    for (const auto& r : runs) {
        rows += "<tr><td><a href=\"/run/" + url_path(r.path) + "\">" + html_escape(r.timestamp) + "</a></td><td>" +
                html_escape(r.workload) + "</td><td>" + html_escape(r.node) + "</td><td class=\"" + r.verdict + "\">" +
                r.verdict + "</td><td>" + std::to_string(r.ops) + "</td><td>" + fixed(r.msgs_per_op) + "</td><td>" +
                (r.seed ? std::to_string(*r.seed) : "") + "</td><td><code>" + html_escape(r.digest) +
                "</code></td></tr>\n";
    }
    // Sorting by a column (numbers as numbers) and a filter over every cell's text.
    const std::string script = R"(<script>
const table = document.getElementById('runs');
document.getElementById('filter').addEventListener('input', e => {
  const words = e.target.value.toLowerCase().split(/\s+/).filter(w => w);
  for (const row of table.tBodies[0].rows) {
    const text = row.textContent.toLowerCase();
    row.hidden = !words.every(w => text.includes(w));
  }
});
table.tHead.querySelectorAll('th').forEach((th, column) => th.addEventListener('click', () => {
  const rows = Array.from(table.tBodies[0].rows);
  const down = th.dataset.down !== 'true';
  th.dataset.down = down;
  const key = r => { const t = r.cells[column].textContent; const n = Number(t); return t !== '' && !isNaN(n) ? n : t; };
  rows.sort((a, b) => { const x = key(a), y = key(b); return (x < y ? -1 : x > y ? 1 : 0) * (down ? 1 : -1); });
  rows.forEach(r => table.tBodies[0].appendChild(r));
}));
</script>)";
    return page("squall: " + store_name,
                "<h1>Runs in " + html_escape(store_name) + "</h1>\n<p>" + std::to_string(runs.size()) +
                    " runs, newest first. Filter: <input id=\"filter\" placeholder=\"e.g. lin-kv invalid\"> "
                    "(click a column to sort)</p>\n<table id=\"runs\"><thead><tr><th>run</th><th>workload</th>"
                    "<th>node</th><th>verdict</th><th>ops</th><th>msgs per op</th><th>seed</th><th>history "
                    "digest</th></tr></thead><tbody>\n" +
                    rows + "</tbody></table>\n" + script);
}

std::string run_page(const run_entry& run, const std::vector<std::string>& files) {
    const std::string base = "/files/" + url_path(run.path) + "/";
    std::string body = "<p><a href=\"/\">all runs</a></p>\n<h1>" + html_escape(run.workload) + " " +
                       html_escape(run.timestamp) + "</h1>\n<p>Verdict: <span class=\"" + run.verdict + "\">" +
                       run.verdict + "</span>";
    if (!run.why.empty()) { body += ": " + html_escape(run.why); }
    body += "</p>\n<p>" + std::to_string(run.ops) + " operations, " + fixed(run.msgs_per_op) +
            " server messages per operation";
    if (!run.node.empty()) { body += ", node " + html_escape(run.node); }
    if (run.seed) { body += ", seed " + std::to_string(*run.seed); }
    body += ", history digest <code>" + html_escape(run.digest) + "</code></p>\n";
    if (!run.replay.empty()) { body += "<p>Replay:</p><pre>" + html_escape(run.replay) + "</pre>\n"; }
    for (const char* plot : {"latency-raw.svg", "latency-quantiles.svg", "rate.svg"}) {
        if (has(files, plot)) {
            body += "<h2>" + std::string(plot) + "</h2><img src=\"" + base + plot + "\" alt=\"" + plot + "\">\n";
        }
    }
    const std::pair<const char*, const char*> pages[] = {{"timeline.html", "Timeline"},
                                                         {"messages.svg", "Lamport diagram (messages)"},
                                                         {"linearizability.html", "Linearizability failures"},
                                                         {"elle/", "Transactional anomalies (Elle)"}};
    body += "<h2>Pages</h2><ul>\n";
    for (const auto& [file, title] : pages) {
        if (has(files, file)) { body += "<li><a href=\"" + base + file + "\">" + title + "</a></li>\n"; }
    }
    body += "</ul>\n<h2>Files</h2><ul>\n";
    for (const auto& f : files) {
        body += "<li><a href=\"" + base + url_path(f) + "\">" + html_escape(f) + "</a></li>\n";
    }
    body += "</ul>\n";
    return page("squall: " + run.path, body);
}

std::string directory_page(const std::string& relative, const std::vector<std::string>& entries) {
    std::string body = "<p><a href=\"/\">all runs</a></p>\n<h1>" + html_escape(relative) + "</h1>\n<ul>\n";
    const std::string base = "/files/" + url_path(relative) + (relative.empty() || relative.back() == '/' ? "" : "/");
    for (const auto& e : entries) {
        body += "<li><a href=\"" + base + url_path(e) + "\">" + html_escape(e) + "</a></li>\n";
    }
    return page("squall: " + relative, body + "</ul>\n");
}

}  // namespace squall::serve
