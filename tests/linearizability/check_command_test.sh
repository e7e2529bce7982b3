#!/usr/bin/env bash
# `squall check` end to end: output format, exit codes, --json and the HTML page.
#   check_command_test.sh SQUALL_BINARY CORPUS_DIR SCRATCH_DIR
set -euo pipefail
squall=$1
corpus=$2
scratch=$3
rm -rf "$scratch"
mkdir -p "$scratch"
failures=0

expect_exit() {  # expect_exit CODE DESCRIPTION COMMAND...
    local want=$1 what=$2
    shift 2
    local got=0
    "$@" >"$scratch/out" 2>"$scratch/err" || got=$?
    if [ "$got" != "$want" ]; then
        echo "FAIL: $what: exit $got, wanted $want"
        cat "$scratch/out" "$scratch/err"
        failures=$((failures + 1))
    fi
}

valid=$corpus/jepsen/etcd_005.log
invalid=$corpus/jepsen/etcd_000.log

expect_exit 0 "valid history" "$squall" check --model cas-register "$valid"
if ! grep -qP "^\Q$valid\E\tvalid\t[0-9]+\.[0-9]{3}$" "$scratch/out"; then
    echo "FAIL: output line is not FILE<TAB>valid<TAB>MILLISECONDS:"; cat "$scratch/out"
    failures=$((failures + 1))
fi
expect_exit 1 "invalid history" "$squall" check --model cas-register "$valid" "$invalid"
[ "$(wc -l <"$scratch/out")" = 2 ] || { echo "FAIL: want one line per file"; failures=$((failures + 1)); }

# Ten search steps are far too few for the hardest etcd history.
expect_exit 2 "unknown" "$squall" check --model cas-register --max-steps 10 \
    "$corpus/jepsen/etcd_002.log"
grep -q $'\tunknown\t' "$scratch/out" || { echo "FAIL: want unknown"; failures=$((failures + 1)); }

expect_exit 255 "no model" "$squall" check "$valid"
expect_exit 255 "unknown model" "$squall" check --model queue "$valid"
expect_exit 255 "missing file" "$squall" check --model cas-register "$scratch/none.log"
expect_exit 255 "model cannot read the ops" "$squall" check --model kv "$valid"

expect_exit 1 "json output" "$squall" check --model kv --json "$corpus/kv/c01-bad.txt"
grep -q '"verdict":"invalid"' "$scratch/out" || { echo "FAIL: json verdict"; failures=$((failures + 1)); }
grep -q '"failing_keys":\[' "$scratch/out" || { echo "FAIL: json keys"; failures=$((failures + 1)); }

expect_exit 1 "html page" "$squall" check --model cas-register --out "$scratch/page" "$invalid"
[ -s "$scratch/page/linearizability.html" ] || { echo "FAIL: no page"; failures=$((failures + 1)); }
expect_exit 1 "html pages for several files" "$squall" check --model cas-register \
    --out "$scratch/pages" "$invalid" "$corpus/jepsen/etcd_001.log" "$valid"
[ -s "$scratch/pages/etcd_001/linearizability.html" ] || { echo "FAIL: no per-file page"; failures=$((failures + 1)); }
[ ! -e "$scratch/pages/etcd_005" ] || { echo "FAIL: page for a valid file"; failures=$((failures + 1)); }

if [ "$failures" != 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all squall check cases passed"
