#include "common/runtime/node_flags.hpp"

#include <stdexcept>

namespace squall {

void for_each_flag(const std::vector<std::string>& args,
                   const std::function<void(const std::string& flag, const std::string& value)>& take) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& flag = args[i];
        if (i + 1 >= args.size()) { throw std::invalid_argument(flag + " needs a value (or is unknown)"); }
        take(flag, args[++i]);
    }
}

duration positive_ms(const std::string& flag, const std::string& value) {
    const long long ms = std::stoll(value);
    if (ms <= 0) { throw std::invalid_argument(flag + " must be positive"); }
    return std::chrono::milliseconds{ms};
}

bool always_or_never(const std::string& flag, const std::string& value) {
    if (value != "always" && value != "never") {
        throw std::invalid_argument(flag + " must be always or never, not " + value);
    }
    return value == "always";
}

}  // namespace squall
