#pragma once
// `squall test`: Maelstrom's `test` command.

namespace squall::cli {

// argv[0] is "test". Exit status as Jepsen's CLI: 0 valid, 1 invalid, 2 unknown, 255 could not run.
int test_main(int argc, char** argv);

}  // namespace squall::cli
