#include "workloads/bench/workload/txn_generator.hpp"

#include <algorithm>
#include <cmath>

namespace squall::bench {
namespace {

constexpr double key_dist_base = 2;

}  // namespace

txn_generator::txn_generator(rng r, txn_generator_options options) : rng_(r), options_(options) {
    options_.key_count = std::max(1, options_.key_count);
    options_.max_txn_length = std::max(options_.min_txn_length, options_.max_txn_length);
    // Elle's key-dist-scale: drawing uniformly below it maps onto [0, key_count) exponentially.
    key_scale_ = (std::pow(key_dist_base, options_.key_count) - 1) * key_dist_base / (key_dist_base - 1);
    for (int k = 0; k < options_.key_count; ++k) {
        active_.push_back(k);
        next_value_.push_back(1);
    }
}

std::int64_t txn_generator::pick_key() {
    const double x = rng_.unit() * key_scale_ + key_dist_base;
    auto index = static_cast<std::int64_t>(std::floor(std::log(x) / std::log(key_dist_base) - 1));
    index = std::clamp<std::int64_t>(index, 0, static_cast<std::int64_t>(active_.size()) - 1);  // rounding
    return active_[static_cast<std::size_t>(index)];
}

std::vector<micro_op> txn_generator::next() {
    const int length = static_cast<int>(rng_.between(options_.min_txn_length, options_.max_txn_length));
    std::vector<micro_op> txn;
    while (static_cast<int>(txn.size()) < length) {
        const bool write = rng_.below(2) == 1;
        const std::int64_t k = pick_key();
        if (!write) {
            txn.push_back({false, k, std::nullopt});
            continue;
        }
        std::int64_t& next = next_value_[static_cast<std::size_t>(k)];
        if (next > options_.max_writes_per_key) {
            // Retire the key: the next integer key takes its place in the pool, then draw again.
            const std::int64_t fresh = *std::max_element(active_.begin(), active_.end()) + 1;
            *std::find(active_.begin(), active_.end(), k) = fresh;
            next_value_.resize(static_cast<std::size_t>(fresh) + 1, 1);
            continue;
        }
        txn.push_back({true, k, next});
        ++next;
    }
    return txn;
}

}  // namespace squall::bench
