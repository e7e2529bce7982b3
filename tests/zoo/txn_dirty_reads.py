#!/usr/bin/env python3
"""txn-rw-register, one node, WRONG ON PURPOSE: writes go straight into the store as a
transaction runs, and every 5th transaction that wrote is then refused with 30 (txn-conflict)
without undoing its writes. Later transactions read values of a transaction the client was told
never happened: aborted reads, G1a."""
from zoo import Node, reply_error

node = Node()
store = {}
written_txns = 0


def txn(m):
    global written_txns
    done = []
    wrote = False
    for f, k, v in m["body"]["txn"]:
        key = str(k)
        if f == "r":
            done.append([f, k, store.get(key)])
        else:
            store[key] = v  # the bug: no undo log
            wrote = True
            done.append([f, k, v])
    if wrote:
        written_txns += 1
        if written_txns % 5 == 0:
            reply_error(node, m, 30, "conflict (but the writes stay)")
            return
    node.reply(m, {"type": "txn_ok", "txn": done})


node.on("txn", txn)
node.run()
