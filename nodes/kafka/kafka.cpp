#include "nodes/kafka/kafka.hpp"

#include <stdexcept>

#include "nodes/kafka/stores.hpp"

namespace squall::kafka {

options options::from_args(const std::vector<std::string>& args) {
    options o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& flag = args[i];
        if (i + 1 >= args.size()) { throw std::invalid_argument(flag + " needs a value (or is unknown)"); }
        const std::string& value = args[++i];
        if (flag == "--store") {
            if (value == "local") {
                o.store = store_kind::local;
            } else if (value == "lin-kv") {
                o.store = store_kind::lin_kv;
            } else {
                throw std::invalid_argument("--store must be local or lin-kv, not " + value);
            }
        } else if (flag == "--sync") {
            if (value != "always" && value != "never") {
                throw std::invalid_argument("--sync must be always or never, not " + value);
            }
            o.sync = value == "always";
        } else if (flag == "--peer-timeout-ms") {
            const long long ms = std::stoll(value);
            if (ms <= 0) { throw std::invalid_argument("--peer-timeout-ms must be positive"); }
            o.peer_timeout = std::chrono::milliseconds{ms};
        } else {
            throw std::invalid_argument("unknown flag " + flag);
        }
    }
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
