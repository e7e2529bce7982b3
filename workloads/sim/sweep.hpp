#pragma once
// `squall sweep [test flags] --seeds A..B [--jobs N]`: one simulated run per seed, each in its
// own child process (fork of this binary), so runs never share memory. Prints
// `N valid, N invalid, N unknown` and, for every seed that was not valid, the command that
// replays it.
namespace squall::sim_bench {

int sweep_main(int argc, char** argv);

}  // namespace squall::sim_bench
