#!/usr/bin/env python3
"""After init, sends messages to itself as fast as it can and never reads again: the bench's
memory and its journal must stay bounded, and the test must still end on time."""
import json
import sys

line = sys.stdin.readline()
msg = json.loads(line)
me = msg["body"]["node_id"]
sys.stdout.write(json.dumps({"src": me, "dest": msg["src"],
                             "body": {"type": "init_ok", "in_reply_to": msg["body"]["msg_id"]}}) + "\n")
sys.stdout.flush()
flood = (json.dumps({"src": me, "dest": me, "body": {"type": "flood", "pad": "x" * 1000}}) + "\n") * 64
while True:
    sys.stdout.write(flood)
