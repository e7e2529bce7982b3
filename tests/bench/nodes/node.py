"""A tiny stdlib-only Maelstrom node library shared by the test nodes in this folder."""
import json
import sys


class Node:
    def __init__(self):
        self.id = None
        self.ids = []
        self.handlers = {}
        self.next_msg_id = 0

    def on(self, msg_type, fn):
        self.handlers[msg_type] = fn

    def send(self, dest, body):
        sys.stdout.write(json.dumps({"src": self.id, "dest": dest, "body": body}) + "\n")
        sys.stdout.flush()

    def reply(self, msg, body):
        self.next_msg_id += 1
        body = dict(body)
        body["in_reply_to"] = msg["body"]["msg_id"]
        body["msg_id"] = self.next_msg_id
        self.send(msg["src"], body)

    def run(self):
        for line in sys.stdin:
            msg = json.loads(line)
            body = msg["body"]
            if body["type"] == "init":
                self.id = body["node_id"]
                self.ids = body["node_ids"]
                self.reply(msg, {"type": "init_ok"})
                continue
            handler = self.handlers.get(body["type"])
            if handler is not None:
                handler(msg)
