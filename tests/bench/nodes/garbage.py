#!/usr/bin/env python3
"""Prints a line that is not JSON and one to an unknown node before each echo reply; the
bench must report both and keep the node's replies flowing."""
import sys
from node import Node

node = Node()


def echo(m):
    sys.stdout.write("this is not json\n")
    node.send("n99", {"type": "nowhere"})
    node.reply(m, {"type": "echo_ok", "echo": m["body"]["echo"]})


node.on("echo", echo)
node.run()
