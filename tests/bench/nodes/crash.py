#!/usr/bin/env python3
"""Answers init, then dies on the first request: the bench must name the node and show its
last output."""
import sys
from node import Node

node = Node()


def die(m):
    sys.stderr.write("about to crash on purpose\n")
    sys.exit(3)


node.on("echo", die)
node.run()
