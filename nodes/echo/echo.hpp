#pragma once
#include "common/runtime/node.hpp"

namespace squall::echo {

// Answers {"type":"echo","echo":X} with {"type":"echo_ok","echo":X}.
void install(node& n);

}  // namespace squall::echo
