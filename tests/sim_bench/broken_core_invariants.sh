#!/bin/sh
# broken_core_invariants.sh SQUALL STORE: raft-kv with a deliberately broken Raft core (votes
# skip the election restriction) under partitions and kills. Passes when the simulator's
# cluster-invariant check fails the run by Leader Completeness while the lin-kv history of the
# same run is still linearizable (the invariants catch it first), and when the same seed with
# the correct core is valid, invariants included.
squall=$1; store=$2
rm -rf "$store"
flags="--sim --node raft-kv -w lin-kv --node-count 5 --rate 50 --time-limit 30 --latency 5
       --nemesis partition,kill --nemesis-interval 1 --seed 6 --quiet"
# shellcheck disable=SC2086
"$squall" test $flags --store "$store/broken" -- --bug skip-election-restriction; rc=$?
if [ "$rc" -ne 1 ]; then echo "expected the broken core's run to exit 1, got $rc"; exit 1; fi
python3 - "$store/broken/latest/results.json" <<'PY' || exit 1
import json, sys
r = json.load(open(sys.argv[1]))
inv = r.get("cluster-invariants", {})
print("cluster-invariants:", inv)
print("workload valid?:", r["workload"].get("valid?"))
if inv.get("valid?") is not False or "leader completeness" not in inv.get("violation", ""):
    sys.exit("expected a leader completeness violation")
if r["workload"].get("valid?") is not True:
    sys.exit("expected the history itself to be valid: the invariants must be what caught it")
PY
# shellcheck disable=SC2086
"$squall" test $flags --store "$store/correct"; rc=$?
if [ "$rc" -ne 0 ]; then echo "expected the correct core's run to be valid, got $rc"; exit 1; fi
python3 - "$store/correct/latest/results.json" <<'PY' || exit 1
import json, sys
inv = json.load(open(sys.argv[1])).get("cluster-invariants", {})
print("correct core, cluster-invariants:", inv)
if inv.get("valid?") is not True or inv.get("checks", 0) < 1000:
    sys.exit("expected the invariants checked after every event, and valid")
PY
exit 0
