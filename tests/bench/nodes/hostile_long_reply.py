#!/usr/bin/env python3
"""Answers each echo with a valid reply 80 MB long, over the 64 MiB line limit: it must be
refused and reported, not routed."""
import sys
from node import Node

node = Node()
node.on("echo", lambda m: node.reply(m, {"type": "echo_ok", "echo": "x" * (80 * 1000 * 1000)}))
node.run()
