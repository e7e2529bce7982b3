#include "nodes/pbft-kv/options.hpp"

#include <stdexcept>

#include "common/runtime/node_flags.hpp"

namespace squall::pbft_kv {

options options::from_args(const std::vector<std::string>& args) {
    options o;
    for_each_flag(args, [&o](const std::string& flag, const std::string& value) {
        if (flag == "--tick-ms") {
            o.tick = positive_ms(flag, value);
        } else if (flag == "--request-ms") {
            o.request_deadline = positive_ms(flag, value);
        } else if (flag == "--cluster-secret") {
            if (value.empty()) { throw std::invalid_argument("--cluster-secret must not be empty"); }
            o.cluster_secret = value;
        } else if (flag == "--checkpoint-interval") {
            std::size_t used = 0;
            unsigned long long v = 0;
            try {
                v = std::stoull(value, &used);
            } catch (const std::exception&) { used = 0; }
            if (used != value.size() || v == 0 || v > 1'000'000) {
                throw std::invalid_argument("--checkpoint-interval needs a positive integer up to 1000000");
            }
            o.checkpoint_interval = v;
        } else if (flag == "--byzantine") {
            o.byzantine = fault_named(value);
            if (!o.byzantine) { throw std::invalid_argument("--byzantine must be equivocate, silent, forge or lie"); }
        } else {
            throw std::invalid_argument("unknown flag " + flag);
        }
    });
    return o;
}

}  // namespace squall::pbft_kv
