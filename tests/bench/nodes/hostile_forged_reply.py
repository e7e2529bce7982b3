#!/usr/bin/env python3
"""Answers each echo twice: once with an in_reply_to the client never sent, then properly."""
from node import Node

node = Node()


def echo(m):
    node.send(m["src"], {"type": "echo_ok", "echo": m["body"]["echo"], "in_reply_to": m["body"]["msg_id"] + 1000})
    node.reply(m, {"type": "echo_ok", "echo": m["body"]["echo"]})


node.on("echo", echo)
node.run()
