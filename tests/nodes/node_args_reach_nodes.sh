#!/bin/sh
# node_args_reach_nodes.sh SQUALL STORE NODE-FLAGS...: runs args-echo (NODE-FLAGS pick it: --bin
# or --sim --node) on three nodes with one common argument, `--node-args` for n1 (given twice)
# and for n2; passes when each node logged exactly the arguments meant for it.
set -u
squall=$1; store=$2; shift 2
rm -rf "$store"
"$squall" test -w echo --node-count 3 --time-limit 1 --rate 10 --seed 1 --quiet --store "$store" "$@" \
  --node-args "n1=--byzantine equivocate" --node-args n2=--quiet --node-args n1=--loud common || exit 1
logs=$store/latest/node-logs
expect() {
  if ! sed 's/^[0-9]*ms //' "$logs/$1.log" | grep -Fqx "$1 args: $2"; then
    echo "$1: expected 'args: $2'; its log:"; cat "$logs/$1.log"; exit 1
  fi
}
expect n0 "[common]"
expect n1 "[common] [--byzantine] [equivocate] [--loud]"
expect n2 "[common] [--quiet]"
echo "each node got its own arguments"
