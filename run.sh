#!/usr/bin/env bash
# Squall's one entry point: set-up, build, tests, the demo and the benchmarks.
#   ./run.sh build          install missing Debian packages, configure and build into build/
#   ./run.sh tests ARGS...  build with -Werror, then run the suite through ctest (ARGS: e.g. -L unit)
#   ./run.sh demo           build, then run the demo (a scripted session, then raft-kv under squall test)
#   ./run.sh test ARGS...   build/bin/squall test ARGS...
#   ./run.sh bench NAME     results/NAME/run
#   ./run.sh sanitize       unit, simulation and corpus-replay tests under ASan + UBSan (build-asan/)
#   ./run.sh fuzz [SECONDS] every fuzz target under libFuzzer for SECONDS each (default 20; build-fuzz/)
#   ./run.sh fuzz --runs N [--seed S]  exactly N inputs per target from seed S: the same run every time (CI)
#   ./run.sh format-check   every tracked C++ file as .clang-format has it (CI); fix with clang-format -i
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
BUILD_DIR=${SQUALL_BUILD_DIR:-$ROOT/build}
JOBS=$(nproc 2>/dev/null || echo 2)
# Every build run.sh configures compiles its sources in batches of 16 per target (CMake's unity
# build): the headers (nlohmann/json, Boost.Fiber, Catch2) and json's template instantiations are
# then compiled once per batch instead of once per file, which halves a cold build here. File-local
# names must therefore be unique within a target: the build fails on a clash, as it should.
UNITY=(-DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=16)

say() { printf '==> %s\n' "$*" >&2; }

# Debian packages the build, the tests and the benchmarks need.
PACKAGES=(g++ cmake ninja-build pkg-config libsimdjson-dev nlohmann-json3-dev
          libboost-fiber1.74-dev libboost-context1.74-dev catch2 gnuplot-nox time libcli11-dev libcpp-httplib-dev
          graphviz                      # dot: the transactional checker draws its witness cycles
          libsodium-dev                 # Ed25519 signatures for the Byzantine-tolerant cores
          clang-14 libclang-rt-14-dev   # clang and libFuzzer, for ./run.sh fuzz
          clang-format)                 # ./run.sh format-check

install_missing_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
  if [ ${#missing[@]} -eq 0 ]; then
    say "all Debian packages present"
    return
  fi
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  say "installing missing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# build [CMAKE_OPTION...]: the options configure a fresh build directory or update an existing one.
build() {
  install_missing_packages
  if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
    say "configuring into $BUILD_DIR (Release)"
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release "${UNITY[@]}" ${SQUALL_CMAKE_ARGS:-} "$@" >/dev/null
  elif [ $# -gt 0 ]; then
    cmake "$BUILD_DIR" "$@" >/dev/null
  fi
  say "building with $JOBS jobs"
  cmake --build "$BUILD_DIR" -j "$JOBS"
}

# The sanitizer pass (tests/fuzz/README.md): a second build with -fsanitize=address,undefined,
# where any report aborts the test. It runs the unit tests of every part, the simulation tests
# (whole clusters on fibers) and the fuzz corpora; the end-to-end tests (real processes,
# `squall test` and sweeps) stay in the Release suite, as they would take most of CI's time here.
ASAN_DIR=${SQUALL_ASAN_BUILD_DIR:-$ROOT/build-asan}
SANITIZED_TARGETS=(unit_tests sim_tests raft_tests raft_shell_tests raft_kv_tests raft_txn_tests lin_unit_tests
                   elle_unit_tests bench_unit_tests sim_bench_unit_tests log_txn_node_tests paxos_tests paxos_node_tests
                   consensus_checker_tests lsm_tests mapreduce_tests mapreduce_cluster_tests mapreduce_checker_tests
                   multi_paxos_tests multi_paxos_kv_tests serve_unit_tests pbft_tests pbft_kv_node_tests
                   fuzz_targets)
SANITIZED_TESTS='^(unit:|sim:|raft:|raft-shell:|raft-kv:|raft-txn:|nodes_txn:|paxos:|paxos-node:|consensus:|lsm:|mapreduce:|mapreduce cluster:|mapreduce checker:|multi-paxos: |multi-paxos-kv: |pbft: |pbft-kv: |serve[.]unit[.]|lin[.]unit[.]|elle[.]unit[.]|bench[.]unit[.]|sim_bench[.]unit[.]|fuzz[.])'
# Left out: the tests in which an exception is thrown on a fiber stack and the fiber then goes
# on (handlers refusing hostile input with an error, a throwing periodic task, a service error
# raised in a node, a sleeping fiber woken by node_stopped when its node is killed). Boost.Context switches stacks without telling ASan, so ASan cannot clean up
# the frames the exception unwound ("ASan is ignoring requested __asan_handle_no_return") and
# reports a stack-buffer-overflow when the fiber reuses that stack: a false positive
# (tests/fuzz/README.md). They still run in the Release suite.
SANITIZED_EXCLUDED='^(unit:sim cluster: a node killed in the middle of a sleep unwinds and says nothing'
SANITIZED_EXCLUDED+='|paxos-node:paxos node: malformed requests get 12, unknown types 10, bad peer messages are refused, and it keeps serving'
SANITIZED_EXCLUDED+='|mapreduce:malformed requests and peer messages are refused with 12, and the node goes on'
SANITIZED_EXCLUDED+='|multi-paxos-kv: multi-paxos-kv: (malformed or contrary peer messages are dropped and logged; the cluster serves on'
SANITIZED_EXCLUDED+='|bad client requests and forwards are error 12, unknown types 10)'
SANITIZED_EXCLUDED+='|pbft-kv: pbft-kv: malformed requests get 12, unknown types 10, forged peer messages are dropped'
SANITIZED_EXCLUDED+='|sim:(runtime: call returns the reply, including error replies|runtime: a periodic task that throws keeps its schedule|g-counter: converges and refuses negative deltas'
SANITIZED_EXCLUDED+='|hostile input: (requests holding unrepresentable values get 12 and the node keeps serving|seeded mutations of valid messages never crash a node or make it write invalid JSON|the field a node reads holding an unrepresentable value gets 12)'
SANITIZED_EXCLUDED+='|numbers: set elements are int64 integers or strings, one spelling per value)'
SANITIZED_EXCLUDED+='|raft-kv:raft-kv: (a peer.s append that skips ahead or goes down in term is dropped'
SANITIZED_EXCLUDED+='|a peer.s malformed snapshot is neither acknowledged nor saved, and restart works'
SANITIZED_EXCLUDED+='|a raft_forward without op, group or with a bad timeout is error 12)'
SANITIZED_EXCLUDED+='|sim_bench[.]unit[.]kv client: value_or_throw answers the node.s client with the service.s error code'
SANITIZED_EXCLUDED+='|nodes_txn:(kafka: (malformed requests get 12, unknown types 10, and the node keeps serving'
SANITIZED_EXCLUDED+='|concurrent sends on several nodes never share an offset, and every node polls them all'
SANITIZED_EXCLUDED+='|offsets committed through one node are listed by another'
SANITIZED_EXCLUDED+='|with the owner cut off, a send answers an indefinite error instead of hanging)'
SANITIZED_EXCLUDED+='|txn-list-append: a node cut off from the primary answers 13, not a guess'
SANITIZED_EXCLUDED+='|hostile input: seeded mutations never make kafka or the txn nodes crash, answer 13 or write bad JSON'
SANITIZED_EXCLUDED+='|hostile input: any field of a valid request replaced by a value of another type gets 12, never 13)'
SANITIZED_EXCLUDED+='|fuzz[.]node_kafka[.]corpus'  # its seeds reach owners that cannot answer; fuzzed in build-fuzz
SANITIZED_EXCLUDED+='|fuzz[.]node_(raft_txn_mvcc|multi_paxos_kv|pbft_kv)[.]corpus'  # seeds refused with an error on a fiber; fuzzed in build-fuzz
# And one that is not a false positive but a measurement ASan's allocator would distort: raft-kv's
# heap over 14,000 requests (five minutes under ASan here, twelve seconds in the Release suite).
SANITIZED_EXCLUDED+='|raft-kv:raft-kv: memory stays flat over many requests after warm-up)$'
# Boost.Context switches fiber stacks without telling ASan (Debian's Boost is built without its
# ASan annotations). With detect_stack_use_after_return, frames of a fiber live on ASan's fake
# stack of the thread, which a switch leaves inconsistent; it is off (also the default of gcc 12
# and clang 14, set here so a newer default cannot turn it on). Nothing else is turned off.
sanitizer_env() {
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_stack_use_after_return=0:detect_leaks=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
}

sanitize() {
  install_missing_packages
  if [ ! -f "$ASAN_DIR/CMakeCache.txt" ]; then
    say "configuring into $ASAN_DIR (ASan + UBSan, corpus replay)"
    # -O1 and line tables only: about a third less compile time than -O2 -g, same stack traces.
    cmake -S "$ROOT" -B "$ASAN_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DSQUALL_SANITIZE=ON -DSQUALL_FUZZ_REPLAY=ON \
      "${UNITY[@]}" ${SQUALL_CMAKE_ARGS:-} >/dev/null
  fi
  say "building the sanitized tests with $JOBS jobs"
  cmake --build "$ASAN_DIR" -j "$JOBS" --target "${SANITIZED_TARGETS[@]}"
  say "running the sanitized tests"
  sanitizer_env
  ctest --test-dir "$ASAN_DIR" --output-on-failure -j "$JOBS" -R "$SANITIZED_TESTS" -E "$SANITIZED_EXCLUDED" "$@"
}

# Every fuzz target under libFuzzer; crashes land in build-fuzz/crashes/<target>/. Fails if any
# target crashed. Two modes:
#   SECONDS             explore for that long per target from a fresh seed; the inputs it finds
#                       are kept in build-fuzz/corpus/<target> for the next run
#   --runs N --seed S   exactly N inputs per target from seed S (default 1), starting from the
#                       checked-in corpus only: the same inputs every time, on any machine, so a
#                       failure in CI replays here (time-bounded runs differ with machine speed)
FUZZ_DIR=${SQUALL_FUZZ_BUILD_DIR:-$ROOT/build-fuzz}
fuzz_targets() { ls "$ROOT/tests/fuzz/corpus"; }

build_fuzz() {
  install_missing_packages
  if [ ! -f "$FUZZ_DIR/CMakeCache.txt" ]; then
    say "configuring into $FUZZ_DIR (clang, libFuzzer, ASan + UBSan)"
    cmake -S "$ROOT" -B "$FUZZ_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
      -DSQUALL_FUZZ=ON "${UNITY[@]}" ${SQUALL_CMAKE_ARGS:-} >/dev/null
  fi
  say "building the fuzz targets with $JOBS jobs"
  cmake --build "$FUZZ_DIR" -j "$JOBS" --target fuzz_targets
}

fuzz() {
  local seconds=20 runs="" seed=1
  while [ $# -gt 0 ]; do
    case "$1" in
      --runs) runs=$2; shift 2 ;;
      --seed) seed=$2; shift 2 ;;
      *) seconds=$1; shift ;;
    esac
  done
  build_fuzz
  sanitizer_env
  local failed=()
  for target in $(fuzz_targets); do
    rm -rf "$FUZZ_DIR/crashes/$target"
    mkdir -p "$FUZZ_DIR/crashes/$target"
    local budget found
    if [ -n "$runs" ]; then
      budget=(-runs="$runs" -seed="$seed")
      found="$FUZZ_DIR/corpus-replayable/$target"
      rm -rf "$found"
      say "fuzzing $target: $runs inputs from seed $seed"
    else
      budget=(-max_total_time="$seconds")
      found="$FUZZ_DIR/corpus/$target"
      say "fuzzing $target for ${seconds}s"
    fi
    mkdir -p "$found"
    # The first corpus directory takes what the run finds; the seeds in the tree stay as they are.
    if ! "$FUZZ_DIR/bin/fuzz_$target" "${budget[@]}" -timeout=30 -rss_limit_mb=2048 \
         -print_final_stats=1 -artifact_prefix="$FUZZ_DIR/crashes/$target/" \
         "$found" "$ROOT/tests/fuzz/corpus/$target" > "$FUZZ_DIR/$target.log" 2>&1; then
      failed+=("$target")
      local why
      why=$(grep -m1 -E 'fuzz target:|what\(\):|check failed:|runtime error:' "$FUZZ_DIR/$target.log" ||
            grep -m1 -E 'ERROR' "$FUZZ_DIR/$target.log" || true)
      say "$target CRASHED: $why"
      say "  log $FUZZ_DIR/$target.log, input $(ls "$FUZZ_DIR/crashes/$target" | head -1)"
    else
      say "$target: $(grep -m1 stat::number_of_executed_units "$FUZZ_DIR/$target.log" | awk '{print $2}') executions, no crash"
    fi
  done
  if [ ${#failed[@]} -gt 0 ]; then
    say "fuzz targets that crashed: ${failed[*]}"
    return 1
  fi
}

# Every tracked C++ file formatted as .clang-format says; names the ones that are not.
format_check() {
  install_missing_packages
  local bad
  bad=$(cd "$ROOT" && git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror 2>&1 |
        sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: error:.*/\1/p' | sort -u || true)
  if [ -n "$bad" ]; then
    say "not formatted as .clang-format says (clang-format -i FILE):"
    printf '  %s\n' $bad
    return 1
  fi
  say "every C++ file is formatted"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  build)
    build ;;
  tests)
    build -DSQUALL_WERROR=ON  # the suite, and CI with it, builds with warnings as errors
    say "running the test suite"
    ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$JOBS" "$@" ;;
  demo)
    build
    say "demo: a scripted session against the broadcast node"
    "$ROOT/tests/e2e/demo_broadcast.sh" "$BUILD_DIR/bin/broadcast"
    say "demo: squall test -w lin-kv on raft-kv, 5 nodes, 10 ms latency, partitions and kills (about 25 s)"
    verdict=0
    "$BUILD_DIR/bin/squall" test -w lin-kv --bin "$BUILD_DIR/bin/raft-kv" --node-count 5 --concurrency 10 \
      --time-limit 20 --rate 100 --latency 10 --nemesis partition,kill --nemesis-interval 4 --recovery-time 3 \
      || verdict=$?
    case $verdict in
      0) say "verdict: valid (linearizable, every kind of operation succeeded)" ;;
      1) say "verdict: INVALID (see the results folder above)" ;;
      2) say "verdict: unknown (the checker ran out of budget)" ;;
      *) say "verdict: the test could not run (exit $verdict)" ;;
    esac
    exit "$verdict" ;;
  test)
    build
    say "squall test $*"
    exec "$BUILD_DIR/bin/squall" test "$@" ;;
  sanitize)
    sanitize "$@" ;;
  fuzz)
    fuzz "$@" ;;
  format-check)
    format_check ;;
  bench)
    name=${1:?usage: ./run.sh bench NAME}
    shift
    build
    say "benchmark results/$name"
    exec "$ROOT/results/$name/run" "$@" ;;
  *)
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    exit 2 ;;
esac
