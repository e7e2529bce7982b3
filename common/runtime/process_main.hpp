#pragma once
// The entry point of every node binary:
//   int main(int argc, char** argv) { return squall::run_process_node(argc, argv, echo::install); }
// It reads stdin in large chunks, hands each line to the node, runs the node's fibers until
// they are all blocked, writes the batch of replies with one write, then waits (poll) for
// input or the next timer. When stdin closes, the node finishes its work and exits 0.
#include <cstdio>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/runtime/node.hpp"

namespace squall {

// `args` are the command-line arguments after the program name (Maelstrom passes the extra
// non-option arguments of its command line here).
using node_setup = std::function<void(node&, const std::vector<std::string>& args)>;

int run_process_node(int argc, char** argv, const node_setup& setup);

// For a node with flags: parses them first with `Options::from_args` (which throws
// std::invalid_argument on a bad one); a bad flag is one line on stderr, "NAME: why", and exit
// status 2, before any input is read.
//   return squall::run_process_node<raft_kv::options>(argc, argv, "raft-kv", install_raft_kv);
template <class Options>
int run_process_node(int argc, char** argv, const char* name,
                     const std::function<void(node&, const Options&)>& install) {
    Options opts;
    try {
        opts = Options::from_args(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "%s: %s\n", name, e.what());
        return 2;
    }
    return run_process_node(argc, argv,
                            [&opts, &install](node& n, const std::vector<std::string>&) { install(n, opts); });
}

}  // namespace squall
