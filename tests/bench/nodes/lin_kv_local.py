#!/usr/bin/env python3
"""Broken on purpose: writes and cas go through the lin-kv service, but reads are served from
this node's own cache of what it last wrote, so other nodes' writes go unseen."""
from node import Node

node = Node()
cache = {}
pending = {}


def forward(m):
    body = dict(m["body"])
    node.next_msg_id += 1
    pending[node.next_msg_id] = m
    body["msg_id"] = node.next_msg_id
    node.send("lin-kv", body)


def write(m):
    cache[str(m["body"]["key"])] = m["body"]["value"]
    forward(m)


def cas(m):
    forward(m)


def read(m):
    key = str(m["body"]["key"])
    if key in cache:
        node.reply(m, {"type": "read_ok", "value": cache[key]})
    else:
        node.reply(m, {"type": "error", "code": 20, "text": "not found"})


def service_reply(m):
    original = pending.pop(m["body"].get("in_reply_to"), None)
    if original is None:
        return
    body = {k: v for k, v in m["body"].items() if k not in ("in_reply_to", "msg_id")}
    if original["body"]["type"] == "cas" and body["type"] == "cas_ok":
        cache[str(original["body"]["key"])] = original["body"]["to"]
    node.reply(original, body)


node.on("write", write)
node.on("cas", cas)
node.on("read", read)
for t in ("write_ok", "cas_ok", "error", "read_ok"):
    node.on(t, service_reply)
node.run()
