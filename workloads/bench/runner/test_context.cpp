#include "workloads/bench/runner/test_context.hpp"

#include <climits>
#include <cstdlib>
#include <filesystem>

#include "workloads/bench/report/report.hpp"

namespace squall::bench {
namespace {

std::uint64_t pick_seed(test_options& o) {
    if (!o.seed_given) {
        o.seed = wall_seed() % 1'000'000'000;
        o.seed_given = true;
    }
    return o.seed;
}

}  // namespace

test_context::test_context(test_options o, endpoint_factory make)
    : opt(std::move(o)),
      loop(opt.sim ? static_cast<const clock&>(virtual_clk) : clk),
      make_endpoint(std::move(make)),
      root(pick_seed(opt)),
      log(loop) {
    if (opt.sim) { loop.use_virtual_time(virtual_clk); }
}

bool test_context::resolve(std::string& error) {
    if (opt.sim && !make_endpoint) {
        error = "--sim needs a bench built with the in-process nodes";
        return false;
    }
    char real[PATH_MAX];
    if (opt.sim) {
        bin = "sim:" + opt.node;
    } else if (::realpath(opt.bin.c_str(), real) == nullptr) {
        error = "could not find --bin " + opt.bin;
        return false;
    }
    bin = real;
    rng probe(0);  // the workload table says whether the name and its flags can run
    if (!make_workload(opt, probe, error)) { return false; }
    return true;
}

bool test_context::build(std::string& error) {
    if (!jrnl.open(dir + "/messages.jsonl")) {
        error = "could not write " + dir + "/messages.jsonl";
        return false;
    }
    net = std::make_unique<network>(loop, root.split(), opt.latency, &jrnl);
    // Derived from the seed, not split from root: turning message faults on must not change
    // what every other component draws.
    if (opt.faults.any()) { net->set_faults(opt.faults, rng(mix_seed(opt.seed, 0x6e65745f66617573))); }
    clients = std::make_unique<client_registry>(*net, loop);
    svc = std::make_unique<services>(*net, root);
    rng wr = root.split();
    work = make_workload(opt, wr, error);
    if (!work) { return false; }
    work->set_results_dir(dir);
    cluster_paths paths;
    paths.bin = bin;
    paths.args = opt.node_args;
    paths.node_args = opt.node_args_by_node;
    paths.log_dir = dir + "/node-logs";
    paths.data_dir = std::filesystem::absolute(dir + "/data").string();
    paths.cwd = std::filesystem::temp_directory_path().string();
    paths.echo_stderr = opt.log_stderr;
    paths.make = make_endpoint;
    nodes = std::make_unique<cluster>(loop, *net, *clients, opt.nodes, paths);
    // Client ids: c0..c(N-1) init, then one setup client per node, then the workers.
    return true;
}

int test_context::finish() {
    jrnl.close();
    if (!workers && fatal.empty()) { fatal = "the test did not start"; }
    return write_report(*this);
}

}  // namespace squall::bench
