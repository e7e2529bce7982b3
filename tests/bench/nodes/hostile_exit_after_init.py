#!/usr/bin/env python3
"""Answers init, then exits at once without a word on stderr: the report must name the node
although it has nothing to show."""
import json
import sys
from node import Node

node = Node()
msg = json.loads(sys.stdin.readline())
node.id = msg["body"]["node_id"]
node.reply(msg, {"type": "init_ok"})
sys.exit(2)
