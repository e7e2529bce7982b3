#!/usr/bin/env python3
"""An echo node that uses the lin-kv service inside its init handler, before it answers init
(as Maelstrom's Datomic demo does): it writes its id under a key, reads it back and only then
replies init_ok. If the service never answers, the node never finishes init."""
import json
import sys

from node import Node

node = Node()


def call(body):
    """One request to lin-kv; the reply is read from stdin (nothing else arrives before init_ok)."""
    node.next_msg_id += 1
    body = dict(body, msg_id=node.next_msg_id)
    node.send("lin-kv", body)
    for line in sys.stdin:
        reply = json.loads(line)["body"]
        if reply.get("in_reply_to") == body["msg_id"]:
            return reply
    sys.exit(2)


def init(m):
    node.id = m["body"]["node_id"]
    node.ids = m["body"]["node_ids"]
    key = "init-" + node.id
    if call({"type": "write", "key": key, "value": node.id})["type"] != "write_ok":
        sys.exit(3)
    if call({"type": "read", "key": key}).get("value") != node.id:
        sys.exit(4)
    node.reply(m, {"type": "init_ok"})


def echo(m):
    node.reply(m, {"type": "echo_ok", "echo": m["body"]["echo"]})


node.on("echo", echo)
for line in sys.stdin:
    msg = json.loads(line)
    if msg["body"]["type"] == "init":
        init(msg)
    elif msg["body"]["type"] in node.handlers:
        node.handlers[msg["body"]["type"]](msg)
