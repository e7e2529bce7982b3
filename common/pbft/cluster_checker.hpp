#pragma once
// PBFT's safety across replicas (Castro & Liskov, Theorem in §4.5.1 / Appendix): no two honest
// replicas commit different requests at the same sequence number. Shown every honest replica
// after every event, it remembers every commit it has seen (replicas forget theirs at garbage
// collection) and names the first disagreement.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "common/pbft/fsm.hpp"

namespace squall::pbft {

class cluster_checker {
public:
    // Records what this honest replica has committed; the violation, if this reveals one.
    std::optional<std::string> observe(const fsm& replica);
    const std::optional<std::string>& violation() const { return violation_; }
    std::uint64_t highest_committed() const { return committed_.empty() ? 0 : committed_.rbegin()->first; }

private:
    std::map<std::uint64_t, std::pair<digest, node_id>> committed_;  // seq -> (digest, first replica)
    std::optional<std::string> violation_;
};

}  // namespace squall::pbft
