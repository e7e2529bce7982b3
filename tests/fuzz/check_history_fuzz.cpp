// `squall check`'s history readers (workloads/linearizability/input_formats.cpp): the format is
// told apart by content, then the text is read as Squall's history.jsonl, a Jepsen EDN history
// or a Jepsen console log. Any text either reads or is refused with an exception, which the
// command reports as an error (exit 255); a crash, a sanitizer report or a hang is a finding.
#include <stdexcept>
#include <string_view>

#include "tests/fuzz/fuzz_target.hpp"
#include "workloads/linearizability/input_formats.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text{reinterpret_cast<const char*>(data), size};
    try {
        (void)squall::lin::parse_history_text(text);
    } catch (const std::exception&) {
        // Malformed: `squall check` exits 255 naming the line.
    }
    return 0;
}
