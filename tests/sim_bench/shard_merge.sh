#!/bin/sh
# shard_merge.sh SQUALL STORE: a sweep split into shards and merged reports what the whole sweep
# reports. The node is broken-g-counter (some seeds invalid), over seeds 1..12: once as one
# sweep, once as three shards on three "machines" (each its own store) merged from their
# summaries. Then the merge's refusals: a missing shard is unknown and named, a shard given twice
# and a shard of another sweep are errors.
squall=$1; store=$2
rm -rf "$store"; mkdir -p "$store/summaries"
flags="--sim --node broken-g-counter -w g-counter --node-count 3 --time-limit 5 --rate 10 --recovery-time 2 --quiet"
fail() { echo "FAIL: $*"; exit 1; }

# shellcheck disable=SC2086
whole=$("$squall" sweep $flags --store "$store/whole" --seeds 1..12 --jobs 2 --summary "$store/whole.json"); whole_rc=$?
printf 'whole sweep (exit %s):\n%s\n' "$whole_rc" "$whole"
printf '%s\n' "$whole" | grep -q '^[0-9]* valid, [1-9][0-9]* invalid, 0 unknown$' || fail "the whole sweep found no invalid seed"
for i in 1 2 3; do
    # shellcheck disable=SC2086
    "$squall" sweep $flags --store "$store/machine$i" --seeds 1..12 --shard "$i/3" --jobs 2 \
        --summary "$store/summaries/shard-$i.json" > "$store/shard-$i.out"
    grep -q '^[0-9]* valid, [0-9]* invalid, 0 unknown$' "$store/shard-$i.out" || fail "shard $i printed no verdict"
    ran=$(sed -n 's/.*"seeds-run": \([0-9]*\).*/\1/p' "$store/summaries/shard-$i.json")
    [ "$ran" = 4 ] || fail "shard $i/3 of 1..12 ran $ran seeds, not 4"
done
merged=$("$squall" sweep --merge "$store/summaries" 2>"$store/merge.err"); merged_rc=$?
printf 'merged (exit %s):\n%s\n' "$merged_rc" "$merged"
[ "$merged_rc" = "$whole_rc" ] || fail "merged exit $merged_rc, whole sweep $whole_rc"
# The same verdict line and the same failing seeds with the same digests (the replay commands
# differ only in --store).
strip() { sed 's/; replay: .*//'; }
[ "$(printf '%s\n' "$merged" | strip)" = "$(printf '%s\n' "$whole" | strip)" ] || fail "the merged report differs"

"$squall" sweep --merge "$store/summaries/shard-1.json" "$store/summaries/shard-3.json" > "$store/partial.out" 2>&1
rc=$?; [ "$rc" = 1 ] || [ "$rc" = 2 ] || fail "a merge with a shard missing exited $rc"
grep -q 'shard 2/3 is missing: its 4 seeds count as unknown' "$store/partial.out" || fail "the missing shard is not named"
grep -q '[0-9]* valid, [0-9]* invalid, 4 unknown' "$store/partial.out" || fail "the missing seeds are not unknown"

"$squall" sweep --merge "$store/summaries/shard-1.json" "$store/summaries/shard-1.json" > "$store/twice.out" 2>&1
[ $? = 255 ] && grep -q 'given twice' "$store/twice.out" || fail "a shard given twice is not refused"
"$squall" sweep --merge "$store/summaries/shard-1.json" "$store/whole.json" > "$store/other.out" 2>&1
[ $? = 255 ] && grep -q 'from another sweep' "$store/other.out" || fail "a summary of another sweep is not refused"
"$squall" sweep $flags --store "$store/bad" --seeds 1..12 --shard 4/3 > "$store/bad.out" 2>&1
[ $? = 255 ] && grep -q 'shard wants I/N' "$store/bad.out" || fail "--shard 4/3 is not refused"
echo "shards merged as one sweep"
