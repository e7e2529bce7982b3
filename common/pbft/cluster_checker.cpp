#include "common/pbft/cluster_checker.hpp"

namespace squall::pbft {

std::optional<std::string> cluster_checker::observe(const fsm& replica) {
    for (const auto& [seq, d] : replica.committed()) {
        auto [it, fresh] = committed_.emplace(seq, std::pair{d, replica.id()});
        if (!fresh && it->second.first != d && !violation_) {
            violation_ = "honest replicas committed different requests at seq " + std::to_string(seq) + ": " +
                         it->second.second + " " + (it->second.first.empty() ? "null" : it->second.first.substr(0, 8)) +
                         ", " + replica.id() + " " + (d.empty() ? "null" : d.substr(0, 8));
            return violation_;
        }
    }
    return std::nullopt;
}

}  // namespace squall::pbft
