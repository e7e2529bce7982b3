#include "nodes/kafka/kafka.hpp"

#include <stdexcept>

#include "common/runtime/node_flags.hpp"
#include "nodes/kafka/stores.hpp"

namespace squall::kafka {

options options::from_args(const std::vector<std::string>& args) {
    options o;
    for_each_flag(args, [&o](const std::string& flag, const std::string& value) {
        if (flag == "--store") {
            if (value == "local") {
                o.store = store_kind::local;
            } else if (value == "lin-kv") {
                o.store = store_kind::lin_kv;
            } else {
                throw std::invalid_argument("--store must be local or lin-kv, not " + value);
            }
        } else if (flag == "--sync") {
            o.sync = always_or_never(flag, value);
        } else if (flag == "--peer-timeout-ms") {
            o.peer_timeout = positive_ms(flag, value);
        } else {
            throw std::invalid_argument("unknown flag " + flag);
        }
    });
    return o;
}

void install(node& n, const options& opts) {
    if (opts.store == store_kind::lin_kv) {
        install_lin_kv_store(n, opts);
    } else {
        install_local_store(n, opts);
    }
}

}  // namespace squall::kafka
