#!/bin/sh
# jepsen_files_roundtrip.sh SQUALL STORE: every run writes Jepsen's files next to its JSON
# (results.edn, history.edn, history.txt, jepsen.log), and `squall check` reads history.edn back
# with the verdict history.jsonl gets: a valid lin-kv run (linearizability checker), a valid
# list-append run and an rw-register run with a lost update (Elle), the anomalies named alike.
squall=$1; store=$2
rm -rf "$store"
fail() { echo "FAIL: $*"; exit 1; }
faults="--node-count 5 --concurrency 2n --rate 200 --nemesis partition,kill,pause --nemesis-interval 2 --latency 5 --quiet"

# run NAME EXPECTED-EXIT squall-test-flags...: one simulated run into $store/NAME
run() {
    name=$1; want=$2; shift 2
    "$squall" test --sim --store "$store/$name" "$@" > "$store.$name.out" 2>&1; rc=$?
    [ "$rc" = "$want" ] || { cat "$store.$name.out"; fail "$name exited $rc, not $want"; }
    dir=$(ls -d "$store/$name"/*/2* | head -1)
    for f in results.edn history.edn history.txt jepsen.log; do
        [ -s "$dir/$f" ] || fail "$name wrote no $f"
    done
    grep -q '^{:index 0, :time [0-9]*, :type :invoke, :process [0-9]*, :f :' "$dir/history.edn" ||
        fail "$name: history.edn does not open with an op map"
    grep -q ':valid? ' "$dir/results.edn" || fail "$name: results.edn has no :valid?"
    [ "$(wc -l < "$dir/history.edn")" = "$(wc -l < "$dir/history.jsonl")" ] || fail "$name: not one op per line"
}

# same MODEL DIR: the checker's verdict and anomaly types on history.edn equal those on history.jsonl
same() {
    model=$1; dir=$2
    a=$("$squall" check --model "$model" --json "$dir/history.jsonl" 2>&1)
    b=$("$squall" check --model "$model" --json "$dir/history.edn" 2>&1)
    va=$(printf '%s' "$a" | grep -o -E '"(valid[?]|verdict)":[a-z"]*' | tail -1)
    vb=$(printf '%s' "$b" | grep -o -E '"(valid[?]|verdict)":[a-z"]*' | tail -1)
    ta=$(printf '%s' "$a" | grep -o '"anomaly-types":\[[^]]*\]' | head -1)
    tb=$(printf '%s' "$b" | grep -o '"anomaly-types":\[[^]]*\]' | head -1)
    echo "$model $dir: jsonl $va $ta; edn $vb $tb"
    [ -n "$va" ] && [ "$va" = "$vb" ] && [ "$ta" = "$tb" ] || fail "history.edn checks differently from history.jsonl"
}

mkdir -p "$store"
# shellcheck disable=SC2086
run lin 0 --node raft-kv -w lin-kv --node-count 3 --time-limit 5 --rate 50 --latency 5 --seed 1 --quiet
same lin-kv "$dir"
# shellcheck disable=SC2086
run append 0 --node raft-txn -w txn-list-append $faults --time-limit 5 --seed 1 -- --cc log
same list-append "$dir"
# shellcheck disable=SC2086
run lost 1 --node raft-txn -w txn-rw-register $faults --time-limit 10 --seed 1 -- --cc occ --bug skip-validation
same rw-register "$dir"
printf '%s\n' "$b" | grep -q 'lost-update' || fail "the lost update is not found in history.edn"
grep -q ':valid? false' "$dir/results.edn" || fail "results.edn of the invalid run does not say :valid? false"
echo "Jepsen's files read back alike"
