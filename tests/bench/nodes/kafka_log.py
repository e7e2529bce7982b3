#!/usr/bin/env python3
"""A correct single-node kafka: one in-memory log per key, offsets 0, 1, 2, ...

With the argument `lose-sends`, every fifth send is acknowledged with an offset but never
returned by a poll: the checker must find those writes lost."""
import sys

from node import Node

node = Node()
logs = {}
committed = {}
lose = "lose-sends" in sys.argv[1:]
sends = 0


def send(m):
    global sends
    body = m["body"]
    log = logs.setdefault(body["key"], [])
    sends += 1
    lost = lose and sends % 5 == 0
    log.append((body["msg"], lost))
    node.reply(m, {"type": "send_ok", "offset": len(log) - 1})


def poll(m):
    msgs = {}
    for key, start in m["body"]["offsets"].items():
        log = logs.get(key, [])
        if start < len(log):
            msgs[key] = [[o, log[o][0]] for o in range(start, len(log)) if not log[o][1]]
    node.reply(m, {"type": "poll_ok", "msgs": msgs})


def commit_offsets(m):
    for key, offset in m["body"]["offsets"].items():
        committed[key] = max(committed.get(key, 0), offset)
    node.reply(m, {"type": "commit_offsets_ok"})


def list_committed_offsets(m):
    offsets = {k: committed[k] for k in m["body"]["keys"] if k in committed}
    node.reply(m, {"type": "list_committed_offsets_ok", "offsets": offsets})


node.on("send", send)
node.on("poll", poll)
node.on("commit_offsets", commit_offsets)
node.on("list_committed_offsets", list_committed_offsets)
node.run()
