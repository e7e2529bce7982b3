#!/usr/bin/env python3
"""txn-list-append, one node, WRONG ON PURPOSE: a transaction's first append is applied at once,
but its other appends only after the next transaction has run. That next transaction sees part
of the one before: it reads one key with the new element and another key without it, so the
dependency graph has a cycle of one anti-dependency (G-single), or worse."""
from zoo import Node

node = Node()
lists = {}
deferred = []  # (key, value) appends acknowledged but not yet visible


def txn(m):
    global deferred
    late, deferred = deferred, []
    done = []
    appended = False
    own = {}  # this transaction's deferred appends, which it must see itself
    for f, k, v in m["body"]["txn"]:
        key = str(k)
        if f == "r":
            seen = lists.get(key, []) + own.get(key, [])
            done.append([f, k, seen if key in lists or key in own else None])
        elif not appended:
            lists.setdefault(key, []).append(v)
            appended = True
            done.append([f, k, v])
        else:
            deferred.append((key, v))  # the bug: the rest of the transaction shows up later
            own.setdefault(key, []).append(v)
            done.append([f, k, v])
    for key, value in late:  # the previous transaction's tail, after this one has run
        lists.setdefault(key, []).append(value)
    node.reply(m, {"type": "txn_ok", "txn": done})


node.on("txn", txn)
node.run()
