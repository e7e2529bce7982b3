#!/usr/bin/env python3
"""A correct single-node transactional store for txn-list-append and txn-rw-register: each
transaction runs alone, in order, on one in-memory map.

With the argument `conflicts`, every third transaction is refused with error 30 (txn-conflict)
before it runs. With `dirty`, a failed transaction's writes stay visible (an aborted read)."""
import sys

from node import Node

node = Node()
state = {}
args = sys.argv[1:]
count = 0


def txn(m):
    global count
    count += 1
    refuse = ("conflicts" in args or "dirty" in args) and count % 3 == 0
    done = []
    for f, k, v in m["body"]["txn"]:
        key = str(k)
        if f == "r":
            value = state.get(key)
            done.append([f, k, list(value) if isinstance(value, list) else value])
        elif f == "append":
            if not (refuse and "dirty" not in args):
                state.setdefault(key, []).append(v)
            done.append([f, k, v])
        else:
            if not (refuse and "dirty" not in args):
                state[key] = v
            done.append([f, k, v])
    if refuse:
        node.reply(m, {"type": "error", "code": 30, "text": "conflict"})
        return
    node.reply(m, {"type": "txn_ok", "txn": done})


node.on("txn", txn)
node.run()
