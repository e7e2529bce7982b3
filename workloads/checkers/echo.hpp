#pragma once
#include <nlohmann/json.hpp>

#include "workloads/history/history.hpp"

namespace squall::checkers {

// Every completed echo must carry back the value its invocation sent. Failed or timed-out
// echoes count as errors too (their completion has no "echo"), as in Maelstrom.
nlohmann::json check_echo(const history::history& h);

}  // namespace squall::checkers
