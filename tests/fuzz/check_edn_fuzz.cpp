// `squall check`'s EDN reader (workloads/linearizability/edn.cpp): any text either reads as
// forms or is refused with an exception, which `squall check` reports as an error with the
// line. A crash, a sanitizer report or a hang is a finding.
#include <stdexcept>
#include <string_view>

#include "tests/fuzz/fuzz_target.hpp"
#include "workloads/linearizability/edn.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text{reinterpret_cast<const char*>(data), size};
    try {
        (void)squall::lin::edn::read_all(text);
    } catch (const std::exception&) {
        // A malformed history is an error the command reports, with its line.
    }
    try {
        (void)squall::lin::edn::read_one(text);
    } catch (const std::exception&) {}
    return 0;
}
