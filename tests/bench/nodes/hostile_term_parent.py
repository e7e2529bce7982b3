#!/usr/bin/env python3
"""Answers init, sends SIGTERM to squall (as a user's kill or Ctrl-C would) and lingers
without reading: squall must end it before dying, although it runs in a session of its own."""
import json
import os
import signal
import sys
import time
from node import Node

node = Node()
msg = json.loads(sys.stdin.readline())
node.id = msg["body"]["node_id"]
node.reply(msg, {"type": "init_ok"})
os.kill(os.getppid(), signal.SIGTERM)
while True:
    time.sleep(3600)
