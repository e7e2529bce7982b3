#!/usr/bin/env python3
"""Forks a child that keeps stdout open, then exits with status 7 on the first echo: the
bench must see the node die although its stdout stays open."""
import os
import sys
import time
from node import Node

if os.fork() == 0:
    while True:
        time.sleep(3600)

node = Node()


def die(m):
    sys.stderr.write("exiting while a child holds stdout\n")
    sys.stderr.flush()
    os._exit(7)


node.on("echo", die)
node.run()
