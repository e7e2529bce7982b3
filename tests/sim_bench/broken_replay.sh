#!/bin/sh
# broken_replay.sh SQUALL STORE: sweeps a g-counter that sometimes counts an add twice.
# Passes when the sweep reports at least one invalid seed, and that seed's printed replay
# command fails again (exit 1) with the same history digest as in the sweep.
squall=$1; store=$2
rm -rf "$store"
out=$("$squall" sweep --sim --node broken-g-counter -w g-counter --store "$store" --node-count 3 \
      --time-limit 5 --rate 10 --recovery-time 2 --seeds 1..20 --jobs 2 --quiet); rc=$?
printf '%s\n' "$out"
if [ "$rc" -ne 1 ]; then echo "expected the sweep to exit 1, got $rc"; exit 1; fi
line=$(printf '%s\n' "$out" | grep -m1 '^seed [0-9]*: invalid')
if [ -z "$line" ]; then echo "no invalid seed reported"; exit 1; fi
digest=$(printf '%s\n' "$line" | sed -n 's/.*history-digest \([0-9a-f]*\)).*/\1/p')
replay=$(printf '%s\n' "$line" | sed -n 's/.*; replay: //p')
echo "replaying: $replay"
sh -c "$replay" >/dev/null 2>&1; replay_rc=$?
if [ "$replay_rc" -ne 1 ]; then echo "expected the replay to exit 1, got $replay_rc"; exit 1; fi
again=$(sed -n 's/.*"history-digest": "\([0-9a-f]*\)".*/\1/p' "$store/latest/results.json")
echo "sweep digest $digest, replay digest $again"
if [ -z "$digest" ] || [ "$digest" != "$again" ]; then echo "the replay is not identical"; exit 1; fi
exit 0
