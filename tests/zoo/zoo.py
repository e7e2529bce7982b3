"""Shared by the nodes of the zoo: the stdlib Maelstrom node of tests/bench/nodes, and errors."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench", "nodes"))

from node import Node  # noqa: E402  (after the path is set)


def reply_error(node, msg, code, text):
    node.reply(msg, {"type": "error", "code": code, "text": text})


__all__ = ["Node", "reply_error"]
