#!/usr/bin/env python3
"""A unique-ids node that forks two children which never exit: one in its process group, one
in a session of its own. Neither may outlive a kill or the test."""
import os
import sys
import time
from node import Node


def linger(new_session):
    if os.fork() == 0:
        if new_session:
            os.setsid()
        os.close(0)
        os.close(1)
        while True:
            time.sleep(3600)


linger(False)
linger(True)
node = Node()
count = [0]


def generate(m):
    count[0] += 1  # the pid keeps ids unique across restarts
    node.reply(m, {"type": "generate_ok", "id": f"{node.id}-{os.getpid()}-{count[0]}"})


node.on("generate", generate)
node.run()
