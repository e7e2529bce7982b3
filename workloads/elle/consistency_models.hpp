#pragma once
// The consistency-model lattice: which anomalies each model rules out, and which models are
// stronger than which, after Adya (PL-1 … PL-3), Cerone et al. (SI as "no cycle without two
// adjacent rw edges") and Elle's strong-session / strong (realtime) variants.
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace squall::elle {

// Every model name this checker can judge, weakest first.
const std::vector<std::string>& known_models();
// The canonical name ("strong-serializable" -> "strict-serializable"), or "" if unknown.
std::string canonical_model(std::string_view name);

// The anomalies a model rules out, directly or through a weaker model it includes.
const std::set<std::string>& proscribed_anomalies(const std::string& model);

// Every anomaly that the presence of `anomaly` implies (itself included): a G0 cycle is also a
// G1c cycle, G-single is G-nonadjacent is G2-item, and so on.
std::set<std::string> implied_anomalies(const std::set<std::string>& found);

struct model_judgement {
    std::vector<std::string> not_models;  // the weakest models ruled out
    std::vector<std::string> also_not;    // the stronger ones ruled out with them
    // The models that anomalies of these names rule out.
    static model_judgement judge(const std::set<std::string>& anomalies);
};

// Is `stronger` at least as strong as `weaker` (it rules out everything `weaker` does)?
bool model_implies(const std::string& stronger, const std::string& weaker);

}  // namespace squall::elle
