#pragma once
// A test-only echo node that logs, once it knows its id, the arguments it was started with:
// `args: [--byzantine] [equivocate]` (`args: none` without any), so a test can see which node
// got which arguments in either mode.
#include <string>
#include <vector>

#include "common/runtime/node.hpp"

namespace squall::args_echo {

void install(node& n, const std::vector<std::string>& args);

}  // namespace squall::args_echo
