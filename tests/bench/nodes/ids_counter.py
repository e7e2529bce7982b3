#!/usr/bin/env python3
"""Unique ids "<node>-<counter>". With the argument `persist` the counter is saved in
$SQUALL_DATA_DIR before each reply, so it survives a kill and restart; without it the
counter restarts at 0 and a restarted node repeats ids (Maelstrom issue #93)."""
import os
import sys
from node import Node

persist = "persist" in sys.argv[1:]
path = os.path.join(os.environ.get("SQUALL_DATA_DIR", "."), "counter")
node = Node()
counter = [0]
if persist and os.path.exists(path):
    with open(path) as f:
        counter[0] = int(f.read() or 0)


def generate(m):
    counter[0] += 1
    if persist:
        with open(path + ".tmp", "w") as f:
            f.write(str(counter[0]))
        os.replace(path + ".tmp", path)
    node.reply(m, {"type": "generate_ok", "id": f"{node.id}-{counter[0]}"})


node.on("generate", generate)
node.run()
