#pragma once
// The end of a test: run the checkers, write results.json, history.jsonl, the plots and
// messages.svg into the test's directory, print the summary, and return the exit code.

namespace squall::bench {

struct test_context;

int write_report(test_context& t);

}  // namespace squall::bench
