#pragma once
// Maelstrom's error registry: code -> name, and whether the error is definite.
#include <cstdint>
#include <string>

namespace squall::bench {

struct error_info {
    std::string name;
    bool definite;
};

inline error_info lookup_error(std::int64_t code) {
    switch (code) {
        case 0: return {"timeout", false};
        case 1: return {"node-not-found", true};
        case 10: return {"not-supported", true};
        case 11: return {"temporarily-unavailable", true};
        case 12: return {"malformed-request", true};
        case 13: return {"crash", false};
        case 14: return {"abort", true};
        case 20: return {"key-does-not-exist", true};
        case 21: return {"key-already-exists", true};
        case 22: return {"precondition-failed", true};
        case 30: return {"txn-conflict", true};
        default: return {"unknown", false};  // custom codes are always indefinite
    }
}

}  // namespace squall::bench
