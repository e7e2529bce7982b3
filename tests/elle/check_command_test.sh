#!/usr/bin/env bash
# `squall check --model list-append|rw-register` end to end: exit status on a valid and an
# invalid history (jsonl and EDN), the JSON line, the --out files, and refused arguments.
#   check_command_test.sh SQUALL_BINARY SCRATCH_DIR
set -euo pipefail
squall=$1
scratch=$2
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

expect_output() {  # expect_output PATTERN DESCRIPTION
    if ! grep -q -- "$1" "$scratch/out"; then
        echo "FAIL: $2: no '$1' in:"; cat "$scratch/out"
        failures=$((failures + 1))
    fi
}

# T2 reads key 1 as empty after T1's append of 1 completed, while a third reader saw [1].
cat >"$scratch/stale.jsonl" <<'HISTORY'
{"index":0,"time":0,"process":0,"type":"invoke","f":"txn","value":[["append",1,1]]}
{"index":1,"time":1,"process":0,"type":"ok","f":"txn","value":[["append",1,1]]}
{"index":2,"time":2,"process":1,"type":"invoke","f":"txn","value":[["r",1,null]]}
{"index":3,"time":3,"process":1,"type":"ok","f":"txn","value":[["r",1,[]]]}
{"index":4,"time":4,"process":2,"type":"invoke","f":"txn","value":[["r",1,null]]}
{"index":5,"time":5,"process":2,"type":"ok","f":"txn","value":[["r",1,[1]]]}
HISTORY
# The same with T2 seeing the append.
sed 's/\["r",1,\[\]\]/["r",1,[1]]/' "$scratch/stale.jsonl" >"$scratch/fresh.jsonl"
cat >"$scratch/stale.edn" <<'HISTORY'
{:type :invoke, :f :txn, :value [[:append :x 1]], :process 0, :index 0}
{:type :ok, :f :txn, :value [[:append :x 1]], :process 0, :index 1}
{:type :invoke, :f :txn, :value [[:r :x nil]], :process 1, :index 2}
{:type :ok, :f :txn, :value [[:r :x []]], :process 1, :index 3}
{:type :invoke, :f :txn, :value [[:r :x nil]], :process 2, :index 4}
{:type :ok, :f :txn, :value [[:r :x [1]]], :process 2, :index 5}
HISTORY

expect_exit 0 "valid history" "$squall" check --model list-append "$scratch/fresh.jsonl"
expect_output '"valid?":true' "valid verdict"
expect_exit 1 "stale read at strict-serializable" "$squall" check --model list-append "$scratch/stale.jsonl"
expect_output '"valid?":false' "invalid verdict"
expect_output '"G-single-realtime"' "the anomaly's name"
expect_exit 0 "stale read at serializable" \
    "$squall" check --model list-append --consistency-models serializable "$scratch/stale.jsonl"
expect_exit 1 "EDN history" "$squall" check --model list-append "$scratch/stale.edn"
expect_exit 1 "several files, one invalid" \
    "$squall" check --model list-append --out "$scratch/elle" "$scratch/fresh.jsonl" "$scratch/stale.jsonl"
[ "$(wc -l <"$scratch/out")" = 2 ] || { echo "FAIL: want one line per file"; failures=$((failures + 1)); }
[ -s "$scratch/elle/stale/G-single-realtime/0.dot" ] || { echo "FAIL: no witness .dot"; failures=$((failures + 1)); }
grep -q "a contradiction" "$scratch/elle/stale/G-single-realtime.txt" ||
    { echo "FAIL: no explanation text"; failures=$((failures + 1)); }
expect_exit 255 "unknown consistency model" \
    "$squall" check --model list-append --consistency-models serialisable "$scratch/stale.jsonl"
expect_exit 255 "malformed micro-operation" "$squall" check --model rw-register "$scratch/stale.jsonl"
expect_exit 255 "missing file" "$squall" check --model list-append "$scratch/missing.jsonl"

if [ "$failures" != 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all squall check txn checks passed"
