#pragma once
// The one function every fuzz target defines, in libFuzzer's spelling. The same object links
// either with libFuzzer (clang, -fsanitize=fuzzer) or with replay_main.cpp, which runs it on
// every file of a corpus, so any compiler and any sanitizer can replay the corpora.
//
// A target reports a finding the way libFuzzer expects: by crashing (an abort, a sanitizer
// report, an uncaught exception). Inputs the code under test rightly refuses are not findings.
#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace squall::fuzz {

// Aborts with `what` on stderr: a property the target checks did not hold.
[[noreturn]] void fail(const char* what);

}  // namespace squall::fuzz
