#!/usr/bin/env bash
# linearizability.html for an invalid register history, an invalid kv history and an unknown
# (stopped early) one, each checked by html_smoke_test.js.
#   html_page_test.sh SQUALL_BINARY NODE CORPUS_DIR SCRATCH_DIR
set -euo pipefail
squall=$1
node=$2
corpus=$3
scratch=$4
here=$(dirname "$0")
rm -rf "$scratch"

page() {  # page NAME WANTED_VERDICT CHECK_ARGS...
    local name=$1 verdict=$2
    shift 2
    "$squall" check --out "$scratch/$name" "$@" >/dev/null || true
    "$node" "$here/html_smoke_test.js" "$scratch/$name/linearizability.html" "$verdict"
}

page etcd invalid --model cas-register "$corpus/jepsen/etcd_000.log"
page kv invalid --model kv "$corpus/kv/c10-bad.txt"
page stopped unknown --model cas-register --max-steps 50 "$corpus/jepsen/etcd_002.log"
