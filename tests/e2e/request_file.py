#!/usr/bin/env python3
"""A node's JSON requests and the replies it must give, from a file, through a real process.

Each line of the file is one exchange:
    {"send": {"type": "txn", "msg_id": 2, ...}, "expect": {"type": "txn_ok", "in_reply_to": 2, ...}}
The runner starts the binary, initializes it as the only node (n0), then sends each request
from client c1 and waits for its reply, which must have exactly the expected keys and values;
an expected "text" of "*" accepts any non-empty text (error texts are for people). A request
answered 11 (temporarily unavailable: no leader yet; the node has already retried for its own
deadline) is sent again at once, as a client would, up to 50 times. Lines starting with // are comments.

usage: request_file.py BINARY FILE [NODE ARGS...]
"""
import json
import select
import subprocess
import sys
import time


def fail(text):
    print("FAIL:", text)
    sys.exit(1)


class Node:
    def __init__(self, argv):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.buffer = b""

    def send(self, body, src="c1"):
        line = json.dumps({"src": src, "dest": "n0", "body": body}) + "\n"
        self.proc.stdin.write(line.encode())
        self.proc.stdin.flush()

    def reply_to(self, msg_id, timeout=10.0):
        deadline = time.monotonic() + timeout
        while True:
            while b"\n" in self.buffer:
                line, self.buffer = self.buffer.split(b"\n", 1)
                message = json.loads(line)
                if message["body"].get("in_reply_to") == msg_id:
                    return message["body"]
            left = deadline - time.monotonic()
            if left <= 0:
                fail(f"no reply to msg_id {msg_id} within {timeout} s")
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if ready:
                chunk = self.proc.stdout.read1(65536)
                if not chunk:
                    fail(f"the node closed its output; stderr: {self.proc.stderr.read().decode()[-2000:]}")
                self.buffer += chunk

    def close(self):
        self.proc.stdin.close()
        code = self.proc.wait(timeout=30)
        if code != 0:
            fail(f"the node exited with {code}")


def matches(expected, got):
    if set(expected) != set(got):
        return False
    for key, value in expected.items():
        if key == "text" and value == "*":
            if not isinstance(got[key], str) or not got[key]:
                return False
        elif got[key] != value:
            return False
    return True


def main():
    binary, path, *args = sys.argv[1:]
    node = Node([binary, *args])
    node.send({"type": "init", "msg_id": 1, "node_id": "n0", "node_ids": ["n0"]}, src="c0")
    if node.reply_to(1).get("type") != "init_ok":
        fail("init was not answered init_ok")
    exchanges = 0
    with open(path) as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("//"):
                continue
            exchange = json.loads(line)
            request, expected = exchange["send"], exchange["expect"]
            for _attempt in range(50):
                node.send(request)
                got = node.reply_to(request["msg_id"])
                if not (got.get("type") == "error" and got.get("code") == 11):
                    break
            if not matches(expected, got):
                fail(f"{path}:{number}: sent {json.dumps(request)}\n  expected {json.dumps(expected)}\n"
                     f"  got      {json.dumps(got)}")
            exchanges += 1
    node.close()
    print(f"{exchanges} exchanges as expected")


if __name__ == "__main__":
    main()
