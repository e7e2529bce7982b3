#!/usr/bin/env python3
"""kafka, one node, WRONG ON PURPOSE: every 7th send is given the offset of the send before it
on that key and overwrites it. Two acknowledged messages claim one offset (inconsistent
offsets), and the first of them is never polled again (lost write)."""
from zoo import Node

node = Node()
logs = {}
committed = {}
count = 0


def send(m):
    global count
    key, msg = m["body"]["key"], m["body"]["msg"]
    log = logs.setdefault(key, [])
    count += 1
    if count % 7 == 0 and log:
        log[-1] = msg  # the bug: the last offset handed out again
    else:
        log.append(msg)
    node.reply(m, {"type": "send_ok", "offset": len(log) - 1})


def poll(m):
    msgs = {}
    for key, offset in m["body"]["offsets"].items():
        found = [[i, v] for i, v in enumerate(logs.get(key, [])) if i >= offset]
        if found:
            msgs[key] = found
    node.reply(m, {"type": "poll_ok", "msgs": msgs})


def commit_offsets(m):
    for key, offset in m["body"]["offsets"].items():
        committed[key] = max(offset, committed.get(key, offset))
    node.reply(m, {"type": "commit_offsets_ok"})


def list_committed_offsets(m):
    offsets = {k: committed[k] for k in m["body"]["keys"] if k in committed}
    node.reply(m, {"type": "list_committed_offsets_ok", "offsets": offsets})


node.on("send", send)
node.on("poll", poll)
node.on("commit_offsets", commit_offsets)
node.on("list_committed_offsets", list_committed_offsets)
node.run()
