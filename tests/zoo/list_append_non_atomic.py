#!/usr/bin/env python3
"""txn-list-append, one node, WRONG ON PURPOSE: a transaction's first append is applied at once,
but its other appends only when the next request arrives. A transaction in between sees part of
another one: it reads one key with the new element and another key without it, so the
dependency graph has a cycle of one anti-dependency (G-single), or worse."""
from zoo import Node

node = Node()
lists = {}
deferred = []  # (key, value) appends acknowledged but not yet visible


def txn(m):
    global deferred
    late, deferred = deferred, []
    for key, value in late:
        lists.setdefault(key, []).append(value)
    done = []
    appended = False
    for f, k, v in m["body"]["txn"]:
        key = str(k)
        if f == "r":
            done.append([f, k, list(lists[key]) if key in lists else None])
        elif not appended:
            lists.setdefault(key, []).append(v)
            appended = True
            done.append([f, k, v])
        else:
            deferred.append((key, v))  # the bug: the rest of the transaction shows up later
            done.append([f, k, v])
    node.reply(m, {"type": "txn_ok", "txn": done})


node.on("txn", txn)
node.run()
