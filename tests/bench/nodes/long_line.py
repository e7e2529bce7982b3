#!/usr/bin/env python3
"""Before each echo reply, prints a 70 MiB line with no JSON in it. The bench must report it
once as invalid, skip it without stalling, and keep reading the replies after it."""
import sys
from node import Node

node = Node()


def echo(m):
    sys.stdout.write("x" * (70 * 1024 * 1024) + "\n")
    node.reply(m, {"type": "echo_ok", "echo": m["body"]["echo"]})


node.on("echo", echo)
node.run()
