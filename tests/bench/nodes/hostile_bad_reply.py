#!/usr/bin/env python3
"""Answers each echo with a reply the bench cannot represent, chosen by the first argument:
utf8 (raw bytes that are not UTF-8), surrogate (a lone \\ud800 escape), deep (a value nested
100,000 deep), huge (the number 1e400). Each must be reported, naming the node."""
import json
import sys
from node import Node

mode = sys.argv[1]
node = Node()


def echo(m):
    head = '{"src":"%s","dest":"%s","body":{"type":"echo_ok","in_reply_to":%d,"echo":' % (
        node.id, m["src"], m["body"]["msg_id"])
    value = {
        "utf8": b'"\xff\xfe bytes"',
        "surrogate": b'"\\ud800"',
        "deep": b"[" * 100000 + b"]" * 100000,
        "huge": b"1e400",
    }[mode]
    sys.stdout.flush()
    sys.stdout.buffer.write(head.encode() + value + b"}}\n")
    sys.stdout.buffer.flush()


node.on("echo", echo)
node.run()
