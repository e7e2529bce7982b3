#!/usr/bin/env bash
# The demo: a scripted Maelstrom session against one broadcast node, printed as a transcript.
# (Later the demo runs raft-kv under `squall test`.)
set -euo pipefail
bin=${1:?usage: demo_broadcast.sh PATH_TO_BROADCAST}
log=$(mktemp)
input=$(cat <<'LINES'
{"src":"c0","dest":"n0","body":{"type":"init","msg_id":1,"node_id":"n0","node_ids":["n0"]}}
{"src":"c1","dest":"n0","body":{"type":"topology","topology":{"n0":[]},"msg_id":1}}
{"src":"c1","dest":"n0","body":{"type":"broadcast","message":17,"msg_id":2}}
{"src":"c2","dest":"n0","body":{"type":"broadcast","message":4,"msg_id":1}}
{"src":"c1","dest":"n0","body":{"type":"read","msg_id":3}}
{"src":"c1","dest":"n0","body":{"type":"frobnicate","msg_id":4}}
this line is not JSON
LINES
)
echo "--- to the node (stdin)"
printf '%s\n' "$input" | sed 's/^/  > /'
echo "--- from the node (stdout)"
printf '%s\n' "$input" | "$bin" 2>"$log" | sed 's/^/  < /'
echo "--- the node's log (stderr)"
sed 's/^/  ! /' "$log"
rm -f "$log"
