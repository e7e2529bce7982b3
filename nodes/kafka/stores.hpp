#pragma once
// The two stores behind kafka::install (see kafka.hpp); each registers the four handlers.
#include "nodes/kafka/kafka.hpp"

namespace squall::kafka {

void install_local_store(node& n, const options& opts);
void install_lin_kv_store(node& n, const options& opts);

}  // namespace squall::kafka
