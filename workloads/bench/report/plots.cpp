#include "workloads/bench/report/plots.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <vector>

namespace squall::bench {
namespace {

struct sample {
    double t_s;
    double latency_ms;
    history::op_type type;
};

std::map<std::string, std::vector<sample>> latencies(const history::history& h) {
    const auto pairs = history::pair_completions(h);
    std::map<std::string, std::vector<sample>> by_f;
    for (std::size_t i = 0; i < h.size(); ++i) {
        if (h[i].type != history::op_type::invoke || !h[i].is_client() || pairs[i] < 0) { continue; }
        const auto& done = h[static_cast<std::size_t>(pairs[i])];
        // On virtual time (--sim) a client hop takes no time, and a zero latency has no place on
        // the log axis (gnuplot rejects the whole plot); plot it at 1 us instead.
        const double latency_ms = std::max(1e-3, static_cast<double>(done.time_ns - h[i].time_ns) / 1e6);
        by_f[h[i].f].push_back({static_cast<double>(h[i].time_ns) / 1e9, latency_ms, done.type});
    }
    return by_f;
}

std::string nemesis_shading(const history::history& h) {
    std::string out;
    double start = -1;
    int n = 1;
    for (const auto& o : h) {
        if (o.is_client() || o.type != history::op_type::info) { continue; }
        const double t = static_cast<double>(o.time_ns) / 1e9;
        const bool begins = o.f == "start-partition" || o.f == "kill" || o.f == "pause";
        if (begins && start < 0) { start = t; }
        if (!begins && start >= 0) {
            out += "set object " + std::to_string(n++) + " rect from " + std::to_string(start) + ", graph 0 to " +
                   std::to_string(t) + ", graph 1 fc rgb '#ffe0e0' fs solid 0.5 behind\n";
            start = -1;
        }
    }
    return out;
}

double quantile(std::vector<double>& v, double q) {
    std::sort(v.begin(), v.end());
    const auto k = static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(k, v.size() - 1)];
}

void write_data(const std::string& dir, const std::map<std::string, std::vector<sample>>& by_f) {
    std::ofstream raw(dir + "/latency-raw.dat");
    std::ofstream quant(dir + "/latency-quantiles.dat");
    std::ofstream rate(dir + "/rate.dat");
    for (const auto& [f, samples] : by_f) {
        for (int type = 1; type <= 3; ++type) {
            raw << "# " << f << " " << history::to_string(static_cast<history::op_type>(type)) << "\n";
            for (const auto& s : samples) {
                if (static_cast<int>(s.type) == type) { raw << s.t_s << " " << s.latency_ms << "\n"; }
            }
            raw << "\n\n";
        }
        std::map<long, std::vector<double>> bins;
        for (const auto& s : samples) { bins[static_cast<long>(s.t_s)].push_back(s.latency_ms); }
        quant << "# " << f << "\n";
        rate << "# " << f << "\n";
        for (auto& [bin, v] : bins) {
            quant << bin + 0.5 << " " << quantile(v, 0.5) << " " << quantile(v, 0.95) << " " << quantile(v, 0.99) << " "
                  << quantile(v, 1.0) << "\n";
            rate << bin + 0.5 << " " << v.size() << "\n";
        }
        quant << "\n\n";
        rate << "\n\n";
    }
}

std::string plot_script(const std::string& dir, const std::map<std::string, std::vector<sample>>& by_f,
                        const std::string& shading) {
    std::string s = "set terminal svg size 900,500 dynamic\nset key outside\nset xlabel 'time (s)'\n" + shading;
    s += "set output '" + dir + "/latency-raw.svg'\nset ylabel 'latency (ms)'\nset logscale y\nplot ";
    int block = 0;
    const char* types[] = {"ok", "fail", "info"};
    for (const auto& [f, v] : by_f) {
        for (int type = 0; type < 3; ++type, ++block) {
            s += "'" + dir + "/latency-raw.dat' index " + std::to_string(block) + " with points pt 7 ps 0.3 title '" +
                 f + " " + types[type] + "', ";
        }
    }
    s += "1/0 notitle\nset output '" + dir + "/latency-quantiles.svg'\nplot ";
    int i = 0;
    for (const auto& [f, v] : by_f) {
        const std::string idx = std::to_string(i++);
        const char* cols[] = {"0.5", "0.95", "0.99", "1"};
        for (int c = 0; c < 4; ++c) {
            s += "'" + dir + "/latency-quantiles.dat' index " + idx + " using 1:" + std::to_string(c + 2) +
                 " with lines title '" + f + " " + cols[c] + "', ";
        }
    }
    s += "1/0 notitle\nunset logscale y\nset ylabel 'ops/s'\nset output '" + dir + "/rate.svg'\nplot ";
    i = 0;
    for (const auto& [f, v] : by_f) {
        s += "'" + dir + "/rate.dat' index " + std::to_string(i++) + " with lines title '" + f + "', ";
    }
    s += "1/0 notitle\n";
    return s;
}

}  // namespace

void write_plots(const std::string& dir, const history::history& h) {
    const auto by_f = latencies(h);
    if (by_f.empty()) { return; }
    write_data(dir, by_f);
    std::ofstream(dir + "/plots.gnuplot") << plot_script(dir, by_f, nemesis_shading(h));
    if (std::system("command -v gnuplot >/dev/null 2>&1") != 0) { return; }
    const std::string cmd = "gnuplot '" + dir + "/plots.gnuplot' >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) { std::fprintf(stderr, "squall: gnuplot failed; see plots.gnuplot\n"); }
}

}  // namespace squall::bench
