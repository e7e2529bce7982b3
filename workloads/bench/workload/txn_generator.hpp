#pragma once
// Elle's transaction generator (`elle.txn/wr-txns`), which Maelstrom's txn-list-append,
// txn-rw-register and kafka workloads all draw from: transactions of min..max micro-ops, each
// a read or a write (an append, a send) of an integer key picked from `key_count` active keys
// with an exponential popularity (base 2: the last active key is twice as likely as the one
// before it). Writes to a key carry 1, 2, 3, ... so each value is unique per key; after
// `max_writes_per_key` writes the key retires and the next integer key takes its place.
#include <cstdint>
#include <optional>
#include <vector>

#include "workloads/bench/core/rng.hpp"

namespace squall::bench {

struct micro_op {
    bool write = false;
    std::int64_t key = 0;
    std::optional<std::int64_t> value;  // writes only
};

struct txn_generator_options {
    int key_count = 10;  // Elle's default with the exponential key distribution
    int min_txn_length = 1;
    int max_txn_length = 4;
    int max_writes_per_key = 16;  // Maelstrom's --max-writes-per-key default
};

class txn_generator {
public:
    txn_generator(rng r, txn_generator_options options);

    std::vector<micro_op> next();
    const std::vector<std::int64_t>& active_keys() const { return active_; }

private:
    std::int64_t pick_key();

    rng rng_;
    txn_generator_options options_;
    double key_scale_ = 0;
    std::vector<std::int64_t> active_;
    std::vector<std::int64_t> next_value_;  // by key (keys are 0, 1, 2, ... as they are minted)
};

}  // namespace squall::bench
