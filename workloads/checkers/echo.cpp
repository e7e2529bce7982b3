#include "workloads/checkers/echo.hpp"

namespace squall::checkers {

nlohmann::json check_echo(const history::history& h) {
    const auto pairs = history::pair_completions(h);
    nlohmann::json errors = nlohmann::json::array();
    for (std::size_t i = 0; i < h.size(); ++i) {
        if (h[i].type != history::op_type::invoke || !h[i].is_client() || pairs[i] < 0) { continue; }
        const auto& done = h[static_cast<std::size_t>(pairs[i])];
        const nlohmann::json* echoed = nullptr;
        if (done.type == history::op_type::ok && done.value.is_object() && done.value.contains("echo")) {
            echoed = &done.value["echo"];
        }
        if (echoed == nullptr || *echoed != h[i].value) {
            errors.push_back({"Expected a message with :echo", h[i].value, "But received", done.value});
        }
    }
    const bool valid = errors.empty();
    if (errors.size() > 16) { errors.erase(errors.begin() + 16, errors.end()); }
    return {{"valid?", valid}, {"errors", errors}};
}

}  // namespace squall::checkers
