#!/usr/bin/env python3
"""Broken on purpose: acknowledges every broadcast but gossips none of them, so values
broadcast through one node never reach the others. The bench must report them lost."""
from node import Node

node = Node()
seen = []
node.on("topology", lambda m: node.reply(m, {"type": "topology_ok"}))


def broadcast(m):
    seen.append(m["body"]["message"])
    node.reply(m, {"type": "broadcast_ok"})


node.on("broadcast", broadcast)
node.on("read", lambda m: node.reply(m, {"type": "read_ok", "messages": seen}))
node.run()
