#!/usr/bin/env python3
"""Broken on purpose: a single-node counter that adds every delta twice."""
from node import Node

node = Node()
total = [0]


def add(m):
    total[0] += 2 * m["body"]["delta"]
    node.reply(m, {"type": "add_ok"})


node.on("add", add)
node.on("read", lambda m: node.reply(m, {"type": "read_ok", "value": total[0]}))
node.run()
