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

# Malformed histories are errors naming the line, never a verdict and never a crash.
expect_malformed() {  # expect_malformed DESCRIPTION FILE PATTERN
    expect_exit 255 "$1" "$squall" check --model cas-register "$2"
    grep -q "$3" "$scratch/err" || { echo "FAIL: $1: stderr lacks '$3':"; cat "$scratch/err"; failures=$((failures + 1)); }
}
: >"$scratch/empty.jsonl"
expect_malformed "empty file" "$scratch/empty.jsonl" "no operations"
python3 -c 'print("{:process 0 :type :invoke :f :read :value " + "[" * 10000 + "]" * 10000 + "}")' >"$scratch/deep.edn"
expect_malformed "EDN nested 10k deep" "$scratch/deep.edn" "nested deeper than"
python3 -c 'print("{\"index\":0,\"time\":0,\"process\":0,\"type\":\"invoke\",\"f\":\"read\",\"value\":" + "[" * 100000 + "]" * 100000 + "}")' >"$scratch/deep.jsonl"
expect_malformed "JSON nested 100k deep" "$scratch/deep.jsonl" "history line 1: nested deeper than"
printf '%s\n' '{"index":0,"time":1,"process":3,"type":"ok","f":"read","value":1}' >"$scratch/orphan.jsonl"
expect_malformed "completion with no invocation" "$scratch/orphan.jsonl" "op 1 (line 1): a completion of process 3 with no invocation"

expect_exit 1 "json output" "$squall" check --model kv --json "$corpus/kv/c01-bad.txt"
grep -q '"verdict":"invalid"' "$scratch/out" || { echo "FAIL: json verdict"; failures=$((failures + 1)); }
grep -q '"failing_keys":\[' "$scratch/out" || { echo "FAIL: json keys"; failures=$((failures + 1)); }

expect_exit 1 "html page" "$squall" check --model cas-register --out "$scratch/page" "$invalid"
[ -s "$scratch/page/linearizability.html" ] || { echo "FAIL: no page"; failures=$((failures + 1)); }
expect_exit 1 "html pages for several files" "$squall" check --model cas-register \
    --out "$scratch/pages" "$invalid" "$corpus/jepsen/etcd_001.log" "$valid"
[ -s "$scratch/pages/etcd_001/linearizability.html" ] || { echo "FAIL: no per-file page"; failures=$((failures + 1)); }
[ ! -e "$scratch/pages/etcd_005" ] || { echo "FAIL: page for a valid file"; failures=$((failures + 1)); }

# Knossos-style EDN with a starting value, and history.jsonl for lin-kv.
cat >"$scratch/knossos.edn" <<'EDN'
[{:process 0, :type :invoke, :f :read, :value nil}
 {:process 0, :type :ok, :f :read, :value 0}
 {:process :nemesis, :type :info, :f :start, :value nil}
 {:process 1, :type :invoke, :f :cas, :value [0 3]}
 {:process 1, :type :ok, :f :cas, :value [0 3]}]
EDN
expect_exit 0 "EDN with --initial 0" "$squall" check --model cas-register --initial 0 "$scratch/knossos.edn"
expect_exit 1 "EDN starting absent" "$squall" check --model cas-register "$scratch/knossos.edn"
cat >"$scratch/history.jsonl" <<'JSONL'
{"index":0,"time":10,"process":0,"type":"invoke","f":"write","value":[7,1]}
{"index":1,"time":20,"process":0,"type":"ok","f":"write","value":[7,1]}
{"index":2,"time":30,"process":1,"type":"invoke","f":"read","value":[7,null]}
{"index":3,"time":40,"process":1,"type":"ok","f":"read","value":[7,1]}
{"index":4,"time":50,"process":1,"type":"invoke","f":"read","value":[8,null]}
{"index":5,"time":60,"process":1,"type":"ok","f":"read","value":[8,2]}
JSONL
expect_exit 1 "lin-kv history.jsonl" "$squall" check --model lin-kv --json --all-keys "$scratch/history.jsonl"
grep -q '"failing_keys":\[8\]' "$scratch/out" || { echo "FAIL: lin-kv failing key"; failures=$((failures + 1)); }
expect_exit 1 "lin-kv as one search" "$squall" check --model lin-kv --no-partition "$scratch/history.jsonl"

if [ "$failures" != 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all squall check cases passed"
