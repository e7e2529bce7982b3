#!/usr/bin/env bash
# Squall's one entry point: set-up, build, tests, the demo and the benchmarks.
#   ./run.sh build          install missing Debian packages, configure and build into build/
#   ./run.sh tests ARGS...  build with -Werror, then run the suite through ctest (ARGS: e.g. -L unit)
#   ./run.sh demo           build, then run the demo (a scripted session, then raft-kv under squall test)
#   ./run.sh test ARGS...   build/bin/squall test ARGS...
#   ./run.sh bench NAME     results/NAME/run
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
BUILD_DIR=${SQUALL_BUILD_DIR:-$ROOT/build}
JOBS=$(nproc 2>/dev/null || echo 2)

say() { printf '==> %s\n' "$*" >&2; }

# Debian packages the build, the tests and the benchmarks need.
PACKAGES=(g++ cmake ninja-build pkg-config libsimdjson-dev nlohmann-json3-dev
          libboost-fiber1.74-dev libboost-context1.74-dev catch2 gnuplot-nox time libcli11-dev)

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
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release ${SQUALL_CMAKE_ARGS:-} "$@" >/dev/null
  elif [ $# -gt 0 ]; then
    cmake "$BUILD_DIR" "$@" >/dev/null
  fi
  say "building with $JOBS jobs"
  cmake --build "$BUILD_DIR" -j "$JOBS"
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
  bench)
    name=${1:?usage: ./run.sh bench NAME}
    shift
    build
    say "benchmark results/$name"
    exec "$ROOT/results/$name/run" "$@" ;;
  *)
    sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
    exit 2 ;;
esac
