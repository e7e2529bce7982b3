#pragma once
// SQUALL_CHECK: an assertion that stays on in every build. A broken invariant is a bug in
// our code, and running on after one only turns it into a wrong verdict later.
#include <cstdio>
#include <cstdlib>

#define SQUALL_CHECK(condition)                                                                  \
    do {                                                                                         \
        if (!(condition)) {                                                                      \
            std::fprintf(stderr, "check failed: %s at %s:%d\n", #condition, __FILE__, __LINE__); \
            std::abort();                                                                        \
        }                                                                                        \
    } while (false)
