#pragma once
// pbft-kv: Maelstrom's lin-kv (read, write, cas) replicated with PBFT (common/pbft), tolerating
// f Byzantine replicas out of N >= 3f + 1. README.md has the message schemas and guarantees.
#include <memory>

#include "common/runtime/node.hpp"
#include "nodes/pbft-kv/options.hpp"

namespace squall::pbft_kv {

class server;

// Registers the handlers on `n`; the returned server lives as long as the handlers hold it.
std::shared_ptr<server> install(node& n, const options& o);

}  // namespace squall::pbft_kv
