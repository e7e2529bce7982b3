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

std::uint64_t positive_count(const std::string& flag, const std::string& value, std::uint64_t max) {
    // At most 19 digits: below 2^64, so the conversion cannot overflow.
    const bool digits =
        !value.empty() && value.size() <= 19 && value.find_first_not_of("0123456789") == std::string::npos;
    const std::uint64_t v = digits ? std::stoull(value) : 0;
    if (v == 0 || v > max) {
        throw std::invalid_argument(flag + " needs a whole number from 1 to " + std::to_string(max) + ", not " + value);
    }
    return v;
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
