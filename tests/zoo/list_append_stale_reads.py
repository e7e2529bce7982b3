#!/usr/bin/env python3
"""txn-list-append, several nodes, WRONG ON PURPOSE for strict serializability: the first node
is the primary and runs every transaction that appends; the others answer read-only
transactions from a copy the primary sends them only every 20th transaction. Such a read can
miss appends acknowledged long before it began: a realtime anomaly (G-single-realtime or
G2-realtime). The history is serializable, only not in real-time order."""
from zoo import Node

node = Node()
lists = {}
pending = {}  # our msg_id to the primary -> the client's request
count = 0


def run(ops):
    done = []
    for f, k, v in ops:
        key = str(k)
        if f == "r":
            done.append([f, k, list(lists[key]) if key in lists else None])
        else:
            lists.setdefault(key, []).append(v)
            done.append([f, k, v])
    return done


def txn(m):
    global count
    ops = m["body"]["txn"]
    primary = node.ids[0]
    if node.id == primary:
        node.reply(m, {"type": "txn_ok", "txn": run(ops)})
        count += 1
        if count % 20 == 0:
            for peer in node.ids[1:]:
                node.send(peer, {"type": "copy", "lists": lists})
    elif all(f == "r" for f, _, _ in ops):
        node.reply(m, {"type": "txn_ok", "txn": run(ops)})  # the bug: from a stale copy
    else:
        node.next_msg_id += 1
        pending[node.next_msg_id] = m
        node.send(primary, {"type": "txn", "msg_id": node.next_msg_id, "txn": ops})


def copy(m):
    global lists
    lists = m["body"]["lists"]


def relay(m):
    original = pending.pop(m["body"].get("in_reply_to"), None)
    if original is not None:
        body = {k: v for k, v in m["body"].items() if k not in ("in_reply_to", "msg_id")}
        node.reply(original, body)


node.on("txn", txn)
node.on("copy", copy)
node.on("txn_ok", relay)
node.on("error", relay)
node.run()
