#!/bin/sh
# pause_keeps_input.sh SQUALL STORE: a paused in-process node gets every held message intact on
# resume. Passes when a pause-only g-set run is valid and no node logged a malformed input.
squall=$1; store=$2
rm -rf "$store"
"$squall" test --sim --node g-set -w g-set --store "$store" --node-count 3 --time-limit 20 --rate 20 \
    --latency 20 --nemesis pause --nemesis-interval 2 --seed 3 --quiet; rc=$?
if [ "$rc" -ne 0 ]; then echo "expected exit 0, got $rc"; exit 1; fi
if grep -r "malformed input" "$store/latest/node-logs/"; then echo "a held message was damaged"; exit 1; fi
exit 0
