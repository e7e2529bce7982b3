#pragma once
// The entry point of every node binary:
//   int main(int argc, char** argv) { return squall::run_process_node(argc, argv, echo::install); }
// It reads stdin in large chunks, hands each line to the node, runs the node's fibers until
// they are all blocked, writes the batch of replies with one write, then waits (poll) for
// input or the next timer. When stdin closes, the node finishes its work and exits 0.
#include <functional>
#include <string>
#include <vector>

#include "common/runtime/node.hpp"

namespace squall {

// `args` are the command-line arguments after the program name (Maelstrom passes the extra
// non-option arguments of its command line here).
using node_setup = std::function<void(node&, const std::vector<std::string>& args)>;

int run_process_node(int argc, char** argv, const node_setup& setup);

}  // namespace squall
