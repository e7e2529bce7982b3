#!/usr/bin/env python3
"""A correct lin-kv node: every request is proxied to the lin-kv service."""
from node import Node

node = Node()
pending = {}


def forward(m):
    body = dict(m["body"])
    node.next_msg_id += 1
    pending[node.next_msg_id] = m
    body["msg_id"] = node.next_msg_id
    node.send("lin-kv", body)


def service_reply(m):
    original = pending.pop(m["body"].get("in_reply_to"), None)
    if original is not None:
        body = {k: v for k, v in m["body"].items() if k not in ("in_reply_to", "msg_id")}
        node.reply(original, body)


for t in ("read", "write", "cas"):
    node.on(t, forward)
for t in ("read_ok", "write_ok", "cas_ok", "error"):
    node.on(t, service_reply)
node.run()
