#!/usr/bin/env python3
"""Before each echo reply prints binary garbage (bytes that are not UTF-8) and a message to a
node that does not exist; the replies must still count."""
import sys
from node import Node

node = Node()


def echo(m):
    sys.stdout.flush()
    sys.stdout.buffer.write(b"\x00\xff\xfe{\x80garbage\x1b[2J\n")
    sys.stdout.buffer.flush()
    node.send("n99", {"type": "nowhere"})
    node.reply(m, {"type": "echo_ok", "echo": m["body"]["echo"]})


node.on("echo", echo)
node.run()
