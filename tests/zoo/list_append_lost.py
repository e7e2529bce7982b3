#!/usr/bin/env python3
"""txn-list-append, one node, WRONG ON PURPOSE: it keeps a checkpoint of its lists and, every
25th transaction, "recovers" from that checkpoint, losing every append acknowledged since.
Reads before the rollback saw those elements, reads after it see other elements in their place:
lists that are not prefixes of one another (incompatible-order), i.e. lost appends."""
import copy

from zoo import Node

node = Node()
lists = {}
checkpoint = {}
count = 0


def txn(m):
    global count, lists, checkpoint
    count += 1
    if count % 25 == 0:
        lists = copy.deepcopy(checkpoint)  # the bug: a rollback to an old state
    if count % 40 == 0:
        checkpoint = copy.deepcopy(lists)
    done = []
    for f, k, v in m["body"]["txn"]:
        key = str(k)
        if f == "r":
            done.append([f, k, list(lists[key]) if key in lists else None])
        else:
            lists.setdefault(key, []).append(v)
            done.append([f, k, v])
    node.reply(m, {"type": "txn_ok", "txn": done})


node.on("txn", txn)
node.run()
