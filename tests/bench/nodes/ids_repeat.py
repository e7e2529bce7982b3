#!/usr/bin/env python3
"""Broken on purpose: ids from a per-node counter without the node id, so nodes repeat them."""
from node import Node

node = Node()
counter = [0]


def generate(m):
    counter[0] += 1
    node.reply(m, {"type": "generate_ok", "id": counter[0]})


node.on("generate", generate)
node.run()
